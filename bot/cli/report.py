"""`./hotline report`: what the service handled and how fast, printed and drawn as a PNG under reports/."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from store.db import REPO_ROOT, session_scope
from store.stats import Durations, ServiceReport, service_report


def _minutes(durations: Durations) -> str:
    if not durations.count:
        return "no cases yet"
    return f"median {durations.median_minutes} min, mean {durations.mean_minutes} min (n={durations.count})"


def render_text(report: ServiceReport) -> str:
    """The report as plain text."""
    lines = [f"cases: {report.total}"]
    for title, counts in (
        ("by service line", report.by_service_line),
        ("by priority", report.by_priority),
        ("by status", report.by_status),
        ("by outcome", report.by_outcome),
    ):
        lines.append(f"{title}: " + (", ".join(f"{key} {value}" for key, value in counts.items()) or "none"))
    lines.append(f"time to claim: {_minutes(report.time_to_claim)}")
    lines.append(f"time to close: {_minutes(report.time_to_close)}")
    rated = sum(report.ratings.values())
    spread = ", ".join(f"{score}★ {count}" for score, count in report.ratings.items())
    lines.append(f"ratings: mean {report.mean_rating} of {rated} ({spread})" if rated else "ratings: none yet")
    return "\n".join(lines)


def draw_chart(report: ServiceReport, path: Path) -> Path:
    """Cases by service line and by priority, and the rating spread, as one PNG."""
    import matplotlib

    matplotlib.use("Agg")  # no display on servers
    import matplotlib.pyplot as plt

    figure, axes = plt.subplots(1, 3, figsize=(12, 4))
    panels = (
        ("Cases by service line", report.by_service_line),
        ("Cases by priority", report.by_priority),
        ("Ratings (1-5)", {str(score): count for score, count in report.ratings.items()}),
    )
    for axis, (title, counts) in zip(axes, panels, strict=True):
        axis.bar(list(counts.keys()), list(counts.values()), color="#4a7ab5")
        axis.set_title(title)
        axis.yaxis.get_major_locator().set_params(integer=True)
    figure.suptitle(f"Hotline cases: {report.total}")
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=100)
    plt.close(figure)
    return path


def main(argv: list[str]) -> int:
    """Print the report and write the chart."""
    parser = argparse.ArgumentParser(prog="./hotline report", description="Service statistics and a chart.")
    parser.add_argument("--out", type=Path, help="PNG path (default reports/cases-YYYYMMDD.png)")
    args = parser.parse_args(argv)
    with session_scope() as session:
        report = service_report(session)
    print(render_text(report))
    path = args.out or REPO_ROOT / "reports" / f"cases-{dt.date.today():%Y%m%d}.png"
    print(f"chart: {draw_chart(report, path)}")
    return 0
