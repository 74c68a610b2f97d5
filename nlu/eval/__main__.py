"""`python -m nlu.eval`: the whole NLU benchmark in one run (Rasa env, project root as working directory).

Steps: held-out split → cross-validation (fewer DIET epochs, see --cv-epochs) → model on all data (training
time, dev real messages, safety set, /model/parse latency) → TF-IDF baseline on the same splits → entity set →
reports/nlu/report.md, report.json and confusion-matrix PNGs.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from nlu.eval import baseline, rasa_runner
from nlu.eval.data import (
    ROOT,
    load_dev_messages,
    load_entity_set,
    load_safety_set,
    load_training_examples,
    stratified_folds,
    stratified_split,
)
from nlu.eval.labels import SERVICE_LINES, language_of, service_line_of
from nlu.eval.metrics import Scores, entity_f1, percentile, prf
from nlu.eval.report import confusion_png, scores_json, table, write_json
from nlu.eval.understanding import (
    predicted_roles,
    problem_scores,
    ranked_lines,
    role_scores,
    scores_line,
    top_k_accuracy,
)
from nlu.safety import assess

TARGETS = {
    "heldout_service_line_macro_f1": 0.95,
    "dev_service_line_macro_f1": 0.85,
    "dev_service_line_top2": 0.95,
    "role_accuracy": 0.90,
    "safety_recall": 1.0,
    "safety_false_alarm_rate": 0.03,
    "dev_gain_over_baseline_points": 10.0,
    "entity_f1": 0.90,
    "training_seconds": 300.0,
    "parse_p95_ms": 80.0,
}


def _intents(results: Sequence[dict[str, Any]]) -> list[str]:
    return [str((r.get("intent") or {}).get("name") or "nlu_fallback") for r in results]


def _lines(intents: Sequence[str]) -> list[str]:
    return [service_line_of(i) for i in intents]


def _top_real(results: Sequence[dict[str, Any]]) -> list[str]:
    """The best intent other than `nlu_fallback` (what the classifier itself ranked first)."""
    return [
        next((str(r.get("name")) for r in res.get("intent_ranking") or [] if r.get("name") != "nlu_fallback"), "")
        for res in results
    ]


def _routed(results: Sequence[dict[str, Any]]) -> list[str]:
    """Service line per message as the hotline routes it: the line whose intents have the most probability.

    A fallback does not lose the service line (the fallback offers the candidates as buttons), and several
    close intents of one line outweigh a single intent of another. A `safety_*` intent (set by the safety
    override) always routes to crisis.
    """
    return [ranked_lines(result)[0] for result in results]


def _gold_roles(messages: Sequence[Any]) -> list[str]:
    from nlu.components.role_classifier import training_role

    return [training_role(m) for m in messages]


def _gold_problems(messages: Sequence[Any]) -> list[set[str]]:
    from nlu.components.problem_detector import training_problems

    return [set(training_problems(m)) for m in messages]


def _by_language(texts: Sequence[str], gold: Sequence[str], pred: Sequence[str]) -> dict[str, Scores]:
    """Scores restricted to zh and en messages."""
    out = {}
    for lang in ("zh", "en"):
        idx = [i for i, t in enumerate(texts) if language_of(t) == lang]
        out[lang] = prf([gold[i] for i in idx], [pred[i] for i in idx])
    return out


def _heldout(messages: list[Any], workdir: Path, out: Path, seed: int, config: Path) -> dict[str, Any]:
    train, test = stratified_split(messages, 0.2, seed)
    texts = [m.get("text") for m in test]
    gold = [m.get("intent") for m in test]
    model, seconds = rasa_runner.train(train, workdir, "heldout", base=config)
    results, _ = rasa_runner.parse_all(model, texts)
    pred = _intents(results)
    routed = _routed(results)
    base = baseline.train_and_predict([m.get("text") for m in train], [m.get("intent") for m in train], texts)
    intent_labels = sorted(set(gold))
    confusion_png(gold, pred, intent_labels, "Held-out split: intents (row-normalised)", out / "confusion_intents.png")
    confusion_png(
        _lines(gold), routed, SERVICE_LINES, "Held-out split: service lines", out / "confusion_service_lines.png"
    )
    errors = [{"text": t, "gold": g, "predicted": p} for t, g, p in zip(texts, gold, pred, strict=True) if g != p]
    gold_roles = _gold_roles(test)
    line_errors = [
        {"text": t, "gold": g, "routed": r, "intent": p}
        for t, g, r, p in zip(texts, _lines(gold), routed, pred, strict=True)
        if g != r
    ]
    role_errors = [
        {"text": t, "gold": g, "predicted": p}
        for t, g, p in zip(texts, gold_roles, predicted_roles(results), strict=True)
        if g != p
    ]
    return {
        "n_train": len(train),
        "n_test": len(test),
        "train_seconds": seconds,
        "intent": prf(gold, pred),
        "intent_without_fallback": prf(gold, _top_real(results)),
        "top_confidences": sorted(
            float(next((r["confidence"] for r in res["intent_ranking"] if r["name"] != "nlu_fallback"), 0.0))
            for res in results
        ),
        "service_line": prf(_lines(gold), routed),
        "service_line_strict": prf(_lines(gold), _lines(pred)),
        "fallback_rate": sum(p == "nlu_fallback" for p in pred) / len(pred),
        "intent_by_language": _by_language(texts, gold, pred),
        "service_line_by_language": _by_language(texts, _lines(gold), routed),
        "baseline_intent": prf(gold, base),
        "baseline_service_line": prf(_lines(gold), _lines(base)),
        "service_line_top2": top_k_accuracy(_lines(gold), results),
        "role": role_scores(gold_roles, results, texts),
        "problems": problem_scores(_gold_problems(test), results),
        "errors": errors,
        # What the service-line and role scores count as wrong, to read in report.json.
        "line_errors": line_errors,
        "role_errors": role_errors,
        "non_crisis_predictions": [p for g, p in zip(gold, pred, strict=True) if not g.startswith("safety_")],
    }


def _cross_validation(
    messages: list[Any], workdir: Path, folds: int, epochs: int, seed: int, config: Path
) -> dict[str, Any]:
    rows = []
    for k, (train, test) in enumerate(stratified_folds(messages, folds, seed)):
        texts = [m.get("text") for m in test]
        gold = [m.get("intent") for m in test]
        model, _ = rasa_runner.train(train, workdir, f"cv{k}", diet_epochs=epochs, base=config)
        results = rasa_runner.parse_all(model, texts)[0]
        pred = _intents(results)
        base = baseline.train_and_predict([m.get("text") for m in train], [m.get("intent") for m in train], texts)
        rows.append(
            {
                "intent_macro_f1": prf(gold, pred).macro_f1,
                "service_line_macro_f1": prf(_lines(gold), _routed(results)).macro_f1,
                "baseline_intent_macro_f1": prf(gold, base).macro_f1,
                "baseline_service_line_macro_f1": prf(_lines(gold), _lines(base)).macro_f1,
                "service_line_top2": top_k_accuracy(_lines(gold), results),
                "role_macro_f1": role_scores(_gold_roles(test), results, texts)["all"].macro_f1,
                "problem_micro_f1": problem_scores(_gold_problems(test), results)["micro_f1"],
            }
        )
    summary = {
        key: {"mean": statistics.mean(r[key] for r in rows), "stdev": statistics.pstdev(r[key] for r in rows)}
        for key in rows[0]
    }
    return {"folds": folds, "diet_epochs": epochs, "per_fold": rows, "summary": summary}


def _http_latency(model: str, texts: list[str], port: int, requests: int) -> dict[str, Any]:
    """p50/p95 of POST /model/parse against a `rasa run` started for the purpose (stopped afterwards)."""
    env = {**os.environ, "PYTHONPATH": f"{ROOT}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}
    # An empty endpoints file: the project's endpoints.yml needs the tracker-store variables of a deployment.
    endpoints = Path(model).with_name("eval-endpoints.yml")
    endpoints.write_text("{}\n", encoding="utf-8")
    command = [sys.executable, "-m", "rasa", "run", "--enable-api", "-i", "127.0.0.1", "-p", str(port), "-m", model]
    command += ["--endpoints", str(endpoints)]
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 180
        while time.time() < deadline:
            try:
                with urllib.request.urlopen(f"{url}/status", timeout=2) as response:
                    if json.loads(response.read()).get("model_file"):
                        break
            except OSError:
                time.sleep(1)
        else:
            raise RuntimeError("rasa server did not start")
        timings = []
        for i in range(requests + 10):
            body = json.dumps({"text": texts[i % len(texts)]}).encode()
            request = urllib.request.Request(
                f"{url}/model/parse", data=body, headers={"Content-Type": "application/json"}
            )
            start = time.perf_counter()
            with urllib.request.urlopen(request, timeout=30) as response:
                response.read()
            if i >= 10:  # the first calls build the graph; a real service warms up before it reports ready
                timings.append((time.perf_counter() - start) * 1000)
        return {
            "method": "http",
            "requests": len(timings),
            "p50_ms": percentile(timings, 50),
            "p95_ms": percentile(timings, 95),
        }
    finally:
        server.terminate()
        server.wait(timeout=30)


def _full_model(messages: list[Any], workdir: Path, out: Path, args: argparse.Namespace) -> dict[str, Any]:
    model, seconds = rasa_runner.train(messages, workdir, "full", base=args.config)
    dev = load_dev_messages()
    positives, negatives = load_safety_set()
    dev_texts = [d.text for d in dev]
    safety_texts = [p.text for p in positives] + [n.text for n in negatives]
    results, parse_times = rasa_runner.parse_all(model, dev_texts + safety_texts)
    dev_pred = _routed(results[: len(dev)])
    dev_strict = _lines(_intents(results[: len(dev)]))
    safety_pred = _intents(results[len(dev) :])
    dev_gold = [d.label for d in dev]
    base = baseline.train_and_predict([m.get("text") for m in messages], [m.get("intent") for m in messages], dev_texts)
    confusion_png(dev_gold, dev_pred, SERVICE_LINES, "Dev real messages: service lines", out / "confusion_dev.png")
    # Individual dev messages go to their own file, which nobody writing code or data reads (aggregates only).
    write_json(
        out / "dev_predictions.json",
        {
            "predictions": [
                {"text": d.text[:60], "gold": d.label, "predicted": p, "baseline": service_line_of(b)}
                for d, p, b in zip(dev, dev_pred, base, strict=True)
            ]
        },
    )
    with_role = [i for i, d in enumerate(dev) if d.role]
    pos_pred = safety_pred[: len(positives)]
    neg_pred = safety_pred[len(positives) :]
    caught = [p.startswith("safety_") for p in pos_pred]
    kind_ok = [p == f"safety_{x.label}" for p, x in zip(pos_pred, positives, strict=True)]
    false_alarms = [n.text for n, p in zip(negatives, neg_pred, strict=True) if p.startswith("safety_")]
    dev_non_crisis = [p for d, p in zip(dev, dev_pred, strict=True) if d.label != "crisis"]
    lexicon_caught = [assess(p.text).kind is not None for p in positives]
    lexicon_false = [n.text for n in negatives if assess(n.text).kind is not None]
    in_process = [t * 1000 for t in parse_times]
    latency: dict[str, Any] = {
        "method": "in-process",
        "p50_ms": percentile(in_process, 50),
        "p95_ms": percentile(in_process, 95),
    }
    if not args.no_http:
        try:
            latency = _http_latency(model, dev_texts + safety_texts, args.port, args.requests)
        except (OSError, RuntimeError) as error:  # the benchmark still reports everything else
            latency["http_error"] = str(error)
    return {
        "train_seconds": seconds,
        "dev": {
            "n": len(dev),
            "service_line": prf(dev_gold, dev_pred),
            "service_line_strict": prf(dev_gold, dev_strict),
            "fallback_rate": sum(p == "nlu_fallback" for p in _intents(results[: len(dev)])) / len(dev),
            "by_language": _by_language(dev_texts, dev_gold, dev_pred),
            "baseline_service_line": prf(dev_gold, _lines(base)),
            "gain_interval_points": _bootstrap_gain(dev_gold, dev_pred, _lines(base)),
            "service_line_top2": top_k_accuracy(dev_gold, results[: len(dev)]),
            "baseline_service_line_top1_accuracy": prf(dev_gold, _lines(base)).accuracy,
            "n_with_role": len(with_role),
            "role": role_scores(
                [str(dev[i].role) for i in with_role],
                [results[i] for i in with_role],
                [dev_texts[i] for i in with_role],
            )
            if with_role
            else None,
        },
        "safety": {
            "positives": len(positives),
            "negatives": len(negatives),
            "recall": sum(caught) / len(caught),
            "kind_accuracy": sum(kind_ok) / len(kind_ok),
            "missed": [p.text for p, c in zip(positives, caught, strict=True) if not c],
            "false_alarm_rate": len(false_alarms) / len(negatives),
            "false_alarms": false_alarms,
            "dev_non_crisis_false_alarm_rate": sum(p == "crisis" for p in dev_non_crisis) / max(1, len(dev_non_crisis)),
            "lexicon_only_recall": sum(lexicon_caught) / len(lexicon_caught),
            "lexicon_only_false_alarm_rate": len(lexicon_false) / len(negatives),
        },
        "latency": latency,
    }


def _bootstrap_gain(gold: list[str], ours: list[str], base: list[str], rounds: int = 1000) -> dict[str, float]:
    """95% bootstrap interval of the macro-F1 gain over the baseline (the dev set is small)."""
    rng = random.Random(0)
    gains = []
    for _ in range(rounds):
        idx = [rng.randrange(len(gold)) for _ in gold]
        g = [gold[i] for i in idx]
        gains.append(prf(g, [ours[i] for i in idx]).macro_f1 - prf(g, [base[i] for i in idx]).macro_f1)
    gains.sort()
    return {"low": gains[int(0.025 * rounds)] * 100, "high": gains[int(0.975 * rounds) - 1] * 100}


def _entities() -> dict[str, Any]:
    from nlu.entities import find_entities

    today_text, items = load_entity_set()
    today = date.fromisoformat(today_text)
    predicted = [{(e.entity, e.value) for e in find_entities(text, today)} for text, _ in items]
    gold = [g for _, g in items]
    misses = [
        {"text": t, "missing": sorted(g - p), "extra": sorted(p - g)}
        for (t, g), p in zip(items, predicted, strict=True)
        if g != p
    ]
    return {"n": len(items), **entity_f1(gold, predicted), "errors": misses}


def _markdown(result: dict[str, Any], command: str) -> str:
    h, cv, full, ent = result["heldout"], result["cv"], result["full"], result["entities"]
    dev, safety = full["dev"], full["safety"]
    gain = (dev["service_line"].macro_f1 - dev["baseline_service_line"].macro_f1) * 100
    sl_heldout, sl_dev = h["service_line"].macro_f1, dev["service_line"].macro_f1
    recall, false_rate = safety["recall"], safety["false_alarm_rate"]
    seconds, latency = full["train_seconds"], full["latency"]
    top2_dev = dev["service_line_top2"]
    role_heldout = h["role"]["all"].accuracy
    role_dev = dev["role"]["all"].accuracy if dev["role"] else None
    checks = [
        ("Service-line macro-F1, held-out", f"{sl_heldout:.3f}", "≥ 0.95", sl_heldout >= 0.95),
        ("Service-line macro-F1, dev real messages", f"{sl_dev:.3f}", "≥ 0.85", sl_dev >= 0.85),
        ("Right line within the top two, dev real messages", f"{top2_dev:.3f}", "≥ 0.95", top2_dev >= 0.95),
        ("Role accuracy, held-out (labels written or derived)", f"{role_heldout:.3f}", "≥ 0.90", role_heldout >= 0.90),
        (
            "Role accuracy, dev real messages",
            f"{role_dev:.3f}" if role_dev is not None else "no role labels",
            "≥ 0.90",
            role_dev is not None and role_dev >= 0.90,
        ),
        ("Safety recall (safety set)", f"{recall:.3f}", "1.000", recall >= 1.0),
        ("Safety false alarms (non-crisis in safety set)", f"{false_rate:.3f}", "≤ 0.03", false_rate <= 0.03),
        ("Dev macro-F1 gain over TF-IDF+LR baseline (points)", f"{gain:+.1f}", "≥ +10", gain >= 10),
        ("Entity exact-match F1", f"{ent['f1']:.3f}", "≥ 0.90", ent["f1"] >= 0.90),
        ("NLU training time on all data (s)", f"{seconds:.0f}", "≤ 300", seconds <= 300),
        (f"/model/parse p95 ({latency['method']}, ms)", f"{latency['p95_ms']:.1f}", "≤ 80", latency["p95_ms"] <= 80),
    ]
    lines = [
        "# NLU evaluation report",
        "",
        f"Produced by `{command}` on {result['started']} ({result['seconds']:.0f} s in total).",
        f"Training examples: {result['n_examples']} across {result['n_intents']} intents.",
        "",
        "## Targets (issues 3 and 10)",
        "",
        "| measure | value | target | met |",
        "|---|---|---|---|",
        *[f"| {name} | {value} | {target} | {'yes' if ok else '**no**'} |" for name, value, target, ok in checks],
        "",
        "## Held-out split (stratified 80/20, seed {})".format(result["seed"]),
        "",
        "Service lines are routed by summing the intent probabilities of each line (nlu_fallback excluded; a "
        "safety override routes to crisis); the strict variant maps the top intent and counts a fallback as `other`.",
        "",
        f"Rasa: intent macro-F1 {h['intent'].macro_f1:.3f}, service-line macro-F1 {h['service_line'].macro_f1:.3f} "
        f"(strict {h['service_line_strict'].macro_f1:.3f}, fallback rate {h['fallback_rate']:.3f}; intent macro-F1 "
        f"without the fallback {h['intent_without_fallback'].macro_f1:.3f}). "
        f"Baseline: intent {h['baseline_intent'].macro_f1:.3f}, "
        f"service line {h['baseline_service_line'].macro_f1:.3f}.",
        "",
        "| language | intent macro-F1 | service-line macro-F1 | n |",
        "|---|---|---|---|",
        *[
            f"| {lang} | {h['intent_by_language'][lang].macro_f1:.3f} | "
            f"{h['service_line_by_language'][lang].macro_f1:.3f} | {h['intent_by_language'][lang].support} |"
            for lang in ("zh", "en")
        ],
        "",
        *table(h["service_line"], "Service lines, held-out"),
        *table(h["intent"], "Intents, held-out"),
        "Confusion matrices: `confusion_intents.png`, `confusion_service_lines.png`.",
        "",
        "## Who is speaking and every problem (held-out split)",
        "",
        f"Service line within the top two: {h['service_line_top2']:.3f}.",
        f"Role ({len(h['role']['all'].per_label)} roles; gold = `metadata.role`, else the intent's line, "
        f"relatives and crisis cues relabel (nlu/signals/roles.yml)): {scores_line(h['role']['all'])}; "
        + "; ".join(f"{lang} {scores_line(s)}" for lang, s in h["role"]["by_language"].items())
        + ".",
        "",
        *table(h["role"]["all"], "Roles, held-out"),
        f"Problems (multi-label; gold = `metadata.problems`, else the example's problem intent): micro P "
        f"{h['problems']['micro_precision']:.3f}, R {h['problems']['micro_recall']:.3f}, F1 "
        f"{h['problems']['micro_f1']:.3f} over {h['problems']['n']} messages; every problem found in "
        f"{h['problems']['multi_all_found']:.3f} of the {h['problems']['multi_messages']} multi-problem messages.",
        "",
        "| problem | F1 | support |",
        "|---|---|---|",
        *[f"| {name} | {v['f1']:.3f} | {v['support']} |" for name, v in h["problems"]["per_problem"].items()],
        "",
        f"## Cross-validation ({cv['folds']} stratified folds; a DIET classifier, if configured, is capped at "
        f"{cv['diet_epochs']} epochs to keep the run short)",
        "",
        "| measure | mean | stdev |",
        "|---|---|---|",
        *[f"| {k} | {v['mean']:.3f} | {v['stdev']:.3f} |" for k, v in cv["summary"].items()],
        "",
        "## Dev real messages (../shared/eval, mapped by intent prefix)",
        "",
        f"Rasa service-line macro-F1 {dev['service_line'].macro_f1:.3f} vs baseline "
        f"{dev['baseline_service_line'].macro_f1:.3f} (gain {gain:+.1f} points, ratio "
        f"{dev['service_line'].macro_f1 / max(1e-9, dev['baseline_service_line'].macro_f1):.2f}×); strict "
        f"{dev['service_line_strict'].macro_f1:.3f}, fallback rate {dev['fallback_rate']:.3f}. With "
        f"{dev['n']} messages the gain is uncertain: 95% bootstrap interval "
        f"{dev['gain_interval_points']['low']:+.1f} to {dev['gain_interval_points']['high']:+.1f} points.",
        "",
        *[f"- {lang}: macro-F1 {s.macro_f1:.3f} (n={s.support})" for lang, s in dev["by_language"].items()],
        "",
        f"Right line within the top two: {dev['service_line_top2']:.3f}.",
        (
            f"Role on the {dev['n_with_role']} dev messages with a role label: {scores_line(dev['role']['all'])}."
            if dev["role"]
            else "The dev messages carry no role labels, so role accuracy is measured on the held-out split only."
        ),
        "",
        *table(dev["service_line"], "Service lines, dev"),
        *table(dev["baseline_service_line"], "Baseline service lines, dev"),
        "Confusion matrix: `confusion_dev.png`.",
        "",
        "## Safety",
        "",
        f"Full pipeline on `nlu/eval/safety_set.yml` ({safety['positives']} crisis, {safety['negatives']} non-crisis): "
        f"recall {safety['recall']:.3f}, correct kind {safety['kind_accuracy']:.3f}, false-alarm rate "
        f"{safety['false_alarm_rate']:.3f}; false alarms on non-crisis dev messages "
        f"{safety['dev_non_crisis_false_alarm_rate']:.3f}.",
        f"Lexicon alone (the offline path when Rasa is down): recall {safety['lexicon_only_recall']:.3f}, "
        f"false-alarm rate {safety['lexicon_only_false_alarm_rate']:.3f}.",
        "",
        *([f"- missed: {t}" for t in safety["missed"]] or ["- missed: none"]),
        *([f"- false alarm: {t}" for t in safety["false_alarms"]] or ["- false alarms: none"]),
        "",
        "## Entities (`nlu/eval/entity_set.yml`, exact match on (entity, normalised value))",
        "",
        f"P {ent['precision']:.3f}, R {ent['recall']:.3f}, F1 {ent['f1']:.3f} over {ent['n']} messages "
        f"({ent['gold']} gold entities).",
        "",
        *[f"- `{e['text']}` missing {e['missing']} extra {e['extra']}" for e in ent["errors"]],
        "",
        "## Speed",
        "",
        f"- NLU training on all data: {full['train_seconds']:.0f} s (held-out model {h['train_seconds']:.0f} s); "
        "2 shared cores, other trainings may have been running.",
        f"- /model/parse latency ({full['latency']['method']}): p50 {full['latency']['p50_ms']:.1f} ms, "
        f"p95 {full['latency']['p95_ms']:.1f} ms.",
        "",
    ]
    return "\n".join(lines)


def _jsonable(value: Any) -> Any:
    if isinstance(value, Scores):
        return scores_json(value)
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    return value


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and write the report; returns 0 (targets are reported, not enforced)."""
    parser = argparse.ArgumentParser(prog="python -m nlu.eval", description=__doc__)
    parser.add_argument("--out", type=Path, default=ROOT / "reports" / "nlu")
    parser.add_argument("--folds", type=int, default=3)
    parser.add_argument("--cv-epochs", type=int, default=30)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--port", type=int, default=5205)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--no-http", action="store_true", help="measure parse latency in-process")
    parser.add_argument("--no-cv", action="store_true", help="skip cross-validation (quick run)")
    parser.add_argument("--config", type=Path, default=rasa_runner.CONFIG, help="pipeline config to evaluate")
    parser.add_argument("--heldout-only", action="store_true", help="print held-out scores and stop (tuning)")
    args = parser.parse_args(argv)
    command = "python -m nlu.eval " + " ".join(argv if argv is not None else sys.argv[1:])
    args.out.mkdir(parents=True, exist_ok=True)
    started = time.time()
    messages = load_training_examples()
    result: dict[str, Any] = {
        "started": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(started)),
        "seed": args.seed,
        "n_examples": len(messages),
        "n_intents": len({m.get("intent") for m in messages}),
        "targets": TARGETS,
    }
    with tempfile.TemporaryDirectory(prefix="nlu-eval-") as tmp:
        workdir = Path(tmp)
        result["entities"] = _entities()
        result["heldout"] = _heldout(messages, workdir, args.out, args.seed, args.config)
        if args.heldout_only:
            h = result["heldout"]
            print(json.dumps({k: h[k].macro_f1 for k in h if hasattr(h[k], "macro_f1")}, indent=1))
            conf = h["top_confidences"]
            print("top-confidence deciles", [round(conf[int(len(conf) * q / 10)], 2) for q in range(10)])
            print(f"fallback rate {h['fallback_rate']:.3f}, train {h['train_seconds']:.0f} s")
            return 0
        if args.no_cv:
            result["cv"] = {"folds": 0, "diet_epochs": 0, "per_fold": [], "summary": {}}
        else:
            result["cv"] = _cross_validation(messages, workdir, args.folds, args.cv_epochs, args.seed, args.config)
        result["full"] = _full_model(messages, workdir, args.out, args)
    result["seconds"] = time.time() - started
    (args.out / "report.md").write_text(_markdown(result, command.strip()), encoding="utf-8")
    write_json(args.out / "report.json", _jsonable(result))
    print(f"[nlu.eval] report written to {args.out / 'report.md'} in {result['seconds']:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
