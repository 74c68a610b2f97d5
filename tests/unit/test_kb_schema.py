"""`kb lint` tells an editor exactly which file and line is wrong."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kb.cli import main
from kb.knowledge import lint
from kb.loader import KNOWLEDGE_DIR


@pytest.fixture()
def knowledge_copy(tmp_path: Path) -> Path:
    """A scratch copy of knowledge/ that a test may break."""
    target = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE_DIR, target)
    return target


def test_the_shipped_knowledge_base_is_clean() -> None:
    assert [str(p) for p in lint()] == []


def test_kb_lint_command_succeeds_on_the_shipped_knowledge(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lint"]) == 0
    assert "OK" in capsys.readouterr().out


def _replace(path: Path, old: str, new: str) -> int:
    """Replace the first occurrence and return its 1-based line number."""
    text = path.read_text(encoding="utf-8")
    line = text[: text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return line


def test_an_unknown_citation_is_reported_with_file_and_line(knowledge_copy: Path) -> None:
    case = knowledge_copy / "consumer/cases/counterfeit.yml"
    line = _replace(case, "cite: [fraud_5, fraud_16, cpl_55]", "cite: [fraud_5, fraud_16, cpl_555]")
    messages = [str(p) for p in lint(knowledge_copy)]
    assert any(m.startswith(f"{case}:{line}:") and "unknown citation 'cpl_555'" in m for m in messages), messages


def test_a_missing_english_text_is_reported(knowledge_copy: Path) -> None:
    topics = knowledge_copy / "merchant/topics.yml"
    _replace(topics, '          en: "Show your business licence', '          fr: "Show your business licence')
    messages = [str(p) for p in lint(knowledge_copy)]
    assert any("unexpected key 'fr'" in m for m in messages)
    assert any("missing key 'en'" in m for m in messages)


def test_placeholders_must_match_between_languages(knowledge_copy: Path) -> None:
    messages_file = knowledge_copy / "messages.yml"
    _replace(messages_file, "3 × ¥{price} = ¥{triple}; below", "3 × ¥{prize} = ¥{triple}; below")
    assert any("different {placeholders}" in str(p) for p in lint(knowledge_copy))


def test_yaml_syntax_errors_point_at_the_line(knowledge_copy: Path) -> None:
    rules = knowledge_copy / "rules.yml"
    rules.write_text("return_window_days: {value: 7\n", encoding="utf-8")
    problems = lint(knowledge_copy)
    assert any(p.path == rules and "YAML syntax" in p.message for p in problems)


def test_a_handoff_reason_the_handoff_flow_does_not_know_is_rejected(knowledge_copy: Path) -> None:
    case = knowledge_copy / "consumer/cases/offplatform_fraud.yml"
    _replace(case, "reason: offplatform_fraud", "reason: scam")
    assert any("unknown handoff reason 'scam'" in str(p) for p in lint(knowledge_copy))


def test_kb_show_prints_a_procedure_with_the_computed_minimum(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "counterfeit", "--amount", "200"]) == 0
    out = capsys.readouterr().out
    assert "¥500" in out and "消保法第55条" in out and "不是法律意见" in out


def test_kb_show_rejects_an_unknown_topic(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "nonsense"]) == 2
    assert "known:" in capsys.readouterr().err


def test_an_edited_knowledge_file_is_used_without_a_restart(
    knowledge_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    import kb.knowledge

    monkeypatch.setattr(kb.knowledge, "KNOWLEDGE_DIR", knowledge_copy)
    messages_file = knowledge_copy / "messages.yml"
    assert "我不是律师" in kb.knowledge.document("messages.yml")["not_legal_advice"]["zh"]
    _replace(messages_file, "我不是律师。", "我不是律师，请核实。")
    stat = messages_file.stat()
    os.utime(messages_file, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    assert "请核实" in kb.knowledge.document("messages.yml")["not_legal_advice"]["zh"]
