"""Every legal statement must rest on an article that really says it."""

from __future__ import annotations

import pytest

from kb.citations import citation_problem, unresolved_citations
from kb.knowledge import document
from kb.statutes import article_text, chinese_numeral


def test_every_citation_resolves_to_an_article_containing_its_key_phrase() -> None:
    problems = unresolved_citations()
    assert not problems, "\n".join(str(p) for p in problems)


@pytest.mark.parametrize("citation_id", sorted(document("citations.yml")))
def test_citation_resolves(citation_id: str) -> None:
    entry = document("citations.yml")[citation_id]
    assert citation_problem(entry["law"], entry["article"], entry["phrase"]) is None


def test_a_wrong_article_number_is_caught() -> None:
    assert citation_problem("消费者权益保护法", 54, "增加赔偿的金额不足五百元的，为五百元") is not None
    assert citation_problem("消费者权益保护法", 999, "七日") == "消费者权益保护法 has no article 999"
    assert citation_problem("不存在的法", 1, "x") == "no statute file for '不存在的法'"


def test_the_fraud_floor_is_in_article_55_of_the_consumer_law() -> None:
    text = article_text("消费者权益保护法", 55)
    assert text is not None and "五百元" in text


def test_article_25_text_stops_before_article_26() -> None:
    text = article_text("消费者权益保护法", 25)
    assert text is not None and "第二十六条" not in text and "报纸、期刊" in text


@pytest.mark.parametrize(
    ("number", "numeral"),
    [(1, "一"), (10, "十"), (19, "十九"), (20, "二十"), (105, "一百零五"), (110, "一百一十"), (148, "一百四十八")],
)
def test_article_numbers_are_written_as_statutes_write_them(number: int, numeral: str) -> None:
    assert chinese_numeral(number) == numeral
