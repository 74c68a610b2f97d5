"""Scores for what issue 10 adds to the parse: the speaker's role, every problem in a message, top-2 lines."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from nlu.eval.labels import language_of, service_line_of
from nlu.eval.metrics import Scores, prf
from nlu.service_lines import practical_problem

# A concern-level message (hopeless, crying) gets the check-in first and then its practical problem on that
# problem's line, as the runtime takes the person (nlu.service_lines.practical_problem); with no practical
# problem it stays with the check-in (crisis). High and imminent always route to crisis.
CONCERN_INTENT = "safety_concern"


def ranked_lines(result: dict[str, Any]) -> list[str]:
    """Service lines of one parse result, best first: crisis for a safety intent, else by summed probability."""
    top = str((result.get("intent") or {}).get("name") or "")
    ranking = result.get("intent_ranking") or []
    mass: dict[str, float] = {}
    for entry in ranking:
        name = str(entry.get("name") or "")
        if name and name != "nlu_fallback" and not name.startswith("safety_"):
            line = service_line_of(name)
            mass[line] = mass.get(line, 0.0) + float(entry.get("confidence") or 0.0)
    lines = sorted(mass, key=lambda k: -mass[k])
    practical = practical_problem(ranking) if top == CONCERN_INTENT else None
    if practical is not None:
        first = service_line_of(practical)
        lines = [first, "crisis", *[line for line in lines if line != first]]
    elif top.startswith("safety_"):
        lines = ["crisis", *lines]
    return lines or ["other"]


def top_k_accuracy(gold: Sequence[str], results: Sequence[dict[str, Any]], k: int = 2) -> float:
    """Share of messages whose gold service line is among the first `k` routed lines."""
    hits = sum(g in ranked_lines(r)[:k] for g, r in zip(gold, results, strict=True))
    return hits / len(gold) if gold else 0.0


def predicted_roles(results: Sequence[dict[str, Any]]) -> list[str]:
    """The role the pipeline gave each message ("none" when the role classifier is not configured)."""
    return [str((r.get("role") or {}).get("name") or "none") for r in results]


def role_scores(gold: Sequence[str], results: Sequence[dict[str, Any]], texts: Sequence[str]) -> dict[str, Any]:
    """Role P/R/F1 overall and per language."""
    predicted = predicted_roles(results)
    by_language = {}
    for lang in ("zh", "en"):
        idx = [i for i, t in enumerate(texts) if language_of(t) == lang]
        by_language[lang] = prf([gold[i] for i in idx], [predicted[i] for i in idx])
    return {"all": prf(gold, predicted), "by_language": by_language}


def predicted_problems(result: dict[str, Any]) -> set[str]:
    """The problems the detector reported for one message."""
    return {str(p.get("intent")) for p in result.get("problems") or [] if isinstance(p, dict)}


def problem_scores(gold: Sequence[set[str]], results: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Multi-label scores of the problem detector: micro P/R/F1, per-problem F1, and how often every problem of a
    multi-problem message was found."""
    predicted = [predicted_problems(r) for r in results]
    tp = sum(len(g & p) for g, p in zip(gold, predicted, strict=True))
    n_pred, n_gold = sum(map(len, predicted)), sum(map(len, gold))
    precision = tp / n_pred if n_pred else 0.0
    recall = tp / n_gold if n_gold else 0.0
    per_problem: dict[str, dict[str, float]] = {}
    for name in sorted(set().union(*gold) if gold else set()):
        t = sum(name in g and name in p for g, p in zip(gold, predicted, strict=True))
        fp = sum(name not in g and name in p for g, p in zip(gold, predicted, strict=True))
        fn = sum(name in g and name not in p for g, p in zip(gold, predicted, strict=True))
        per_problem[name] = {"f1": 2 * t / max(1, 2 * t + fp + fn), "support": t + fn}
    multi = [(g, p) for g, p in zip(gold, predicted, strict=True) if len(g) >= 2]
    return {
        "n": len(gold),
        "micro_precision": precision,
        "micro_recall": recall,
        "micro_f1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0,
        "per_problem": per_problem,
        "multi_messages": len(multi),
        "multi_all_found": sum(g <= p for g, p in multi) / len(multi) if multi else 0.0,
    }


def scores_line(scores: Scores) -> str:
    """ "macro-F1 0.912, accuracy 0.930 (n=120)" for the report."""
    return f"macro-F1 {scores.macro_f1:.3f}, accuracy {scores.accuracy:.3f} (n={scores.support})"
