"""Rasa SDK custom actions, one module per consultation flow."""
