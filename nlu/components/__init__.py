"""Custom Rasa NLU components (Rasa env only): normalised entity extraction and the safety override."""
