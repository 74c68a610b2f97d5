"""Casework: a fact model per conversation, remedy rules over it, and a reply shaped like casework."""
