"""Extensions loaded by the Rasa server (rasa env only; app code imports only the plain constants in message_ids)."""
