"""`./hotline eval claims` counts what a merchant would be harmed by: a missed claim lowers recall, a flag on
an allowed phrase lowers precision, and both end up in the report."""

from __future__ import annotations

import json
from pathlib import Path

from kb.claims_eval import main


def test_a_missed_claim_and_a_wrong_flag_are_counted_and_reported(tmp_path: Path) -> None:
    labelled = tmp_path / "set.yml"
    labelled.write_text(
        "items:\n"
        '  - text: "这款蜂蜜一勺治咳嗽，口感清甜"\n'
        "    flag: [治咳嗽, 口感清甜]\n"
        '  - text: "全网最低价，新鲜直发"\n'
        "    flag: [新鲜直发]\n",
        encoding="utf-8",
    )
    assert main(["--set", str(labelled), "--out", str(tmp_path / "out")]) == 1
    numbers = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert numbers["claims_to_flag"] == 3 and numbers["caught"] == 1
    assert {miss["claim"] for miss in numbers["misses"]} == {"口感清甜", "新鲜直发"}
    assert [flag["flagged"] for flag in numbers["false_flags"]] == ["全网最低价"]
    assert "口感清甜" in (tmp_path / "out" / "report.md").read_text(encoding="utf-8")
