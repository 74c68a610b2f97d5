"""The comparison baseline: TF-IDF (character 1–3-grams + words) and logistic regression, same training data."""

from __future__ import annotations

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, Pipeline


def build_baseline() -> Pipeline:
    """An untrained TF-IDF + logistic-regression text classifier (language-agnostic character n-grams)."""
    features = FeatureUnion(
        [
            ("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 3), sublinear_tf=True)),
            ("words", TfidfVectorizer(analyzer="word", token_pattern=r"(?u)\b\w+\b", sublinear_tf=True)),
        ]
    )
    return Pipeline([("features", features), ("classifier", LogisticRegression(max_iter=2000, C=10.0))])


def train_and_predict(train_texts: list[str], train_labels: list[str], test_texts: list[str]) -> list[str]:
    """Fit the baseline on the training texts and predict intents for the test texts."""
    model = build_baseline()
    model.fit(train_texts, train_labels)
    return [str(label) for label in model.predict(test_texts)]
