"""NLU: training data, custom Rasa components, and pure-Python text logic shared by both environments."""
