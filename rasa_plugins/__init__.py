"""Extensions loaded by the Rasa server (rasa env only; app code never imports this package)."""
