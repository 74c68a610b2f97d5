"""NLU evaluation (`python -m nlu.eval`): held-out split, cross-validation, dev real messages, safety set,
entity set, TF-IDF baseline, training time and parse latency. Runs in the Rasa env; writes reports/nlu/."""
