"""Every consultation intent the NLU can produce has an answer in the knowledge base, and vice versa."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from kb.consumer import case_types
from kb.topics import topic_answer, topics

ROOT = Path(__file__).resolve().parents[2]


def _nlu_intents() -> set[str]:
    return set(yaml.safe_load((ROOT / "domain" / "nlu.yml").read_text(encoding="utf-8"))["intents"])


def test_every_consumer_intent_opens_a_case_type() -> None:
    consumer = {intent for intent in _nlu_intents() if intent.startswith("consumer_")}
    assert consumer == {case["intent"] for case in case_types().values()}


def test_every_merchant_and_streamer_intent_and_the_family_worry_has_a_topic() -> None:
    wanted = {i for i in _nlu_intents() if i.startswith(("merchant_", "streamer_"))} - {"merchant_pitch_check"}
    assert wanted | {"family_overspending"} == {topic["intent"] for topic in topics().values()}


def test_every_case_type_cites_the_law_in_its_steps() -> None:
    for case_id, case in case_types().items():
        assert any(step.get("cite") for step in case["steps"]), case_id


@pytest.mark.parametrize(
    ("language", "cited", "said"),
    [
        ("zh", ("消保法第25条", "食品安全法第73条", "民法典第22、24条"), ("7天内无理由退货", "免密支付", "110")),
        ("en", ("Consumer Protection Law Art 25", "Civil Code Arts 22, 24"), ("password-free", "110")),
    ],
)
def test_a_relative_worried_about_a_parents_buying_gets_returns_limits_capacity_and_scams(
    language: str, cited: tuple[str, ...], said: tuple[str, ...]
) -> None:
    answer = topic_answer("family_overspending", language)
    text = "\n".join(answer.bubbles)
    for words in (*cited, *said):
        assert words in text
    assert answer.handoff_reason == "family_concern"


@pytest.mark.parametrize(
    ("text", "someone_else"),
    [
        ("my coworker said tonight is her last stream and she won't answer her phone", True),
        ("我室友说她不想活了，现在联系不上", True),
        ("my husband hits me and I want to die", False),
        ("我不想活了", False),
        ("I want to kill myself", False),
        # The writer's own burden and farewell words, with a relative named: about the writer.
        ("我爸妈为了给我还网贷把房子卖了，要是没有我他们会过得好很多", False),
        ("给我妈留了一张银行卡 密码是她生日 她看到就明白了", False),
        ("I'm just a burden. my wife works two jobs because my store failed and she says it's fine", False),
        ("我老公最近在网上搜怎么死比较快，被我看到搜索记录了", True),
        ("I'm a host at an MCN, 12 hours a day, I can't sleep and I don't see the point anymore", False),
    ],
)
def test_a_report_about_someone_else_gets_what_to_do_for_them(text: str, someone_else: bool) -> None:
    from kb.checkin import reports_someone_else, safety_question

    assert reports_someone_else(text) is someone_else
    question = safety_question("high", "suicide_risk", "en", text)
    assert ("tell the police where they are" in question) is someone_else


@pytest.mark.parametrize("language", ["zh", "en"])
def test_a_reply_about_someone_else_still_speaks_to_a_writer_who_is_at_risk(language: str) -> None:
    from kb.checkin import safety_question
    from store.policy import crisis_reply

    for level in ("high", "imminent"):
        reply = crisis_reply("suicide_risk", language, level, someone_else=True)
        question = safety_question(level, "suicide_risk", language, "my coworker said she wants to die")
        assert "12356" in reply and "120" in reply and "110" in reply
        assert (
            ("你自己" in reply + question)
            if language == "zh"
            else ("if it is you" in question.lower() or "if you are the one" in question.lower())
        )
        assert ("你现在安全吗" in question) if language == "zh" else ("are you safe right now" in question)


@pytest.mark.parametrize("language", ["zh", "en"])
def test_a_friend_who_took_pills_gets_120_for_the_friend_not_questions_about_the_writer(language: str) -> None:
    from kb.checkin import about_someone_else, safety_question
    from store.policy import crisis_reply

    text = "我闺蜜刚给我发消息说她吃了一整瓶安眠药，我现在该怎么办"
    assert about_someone_else("suicide_risk", text)
    assert not about_someone_else("danger_to_others", text)
    reply = crisis_reply("suicide_risk", language, "imminent", someone_else=True)
    question = safety_question("imminent", "suicide_risk", language, text)
    assert reply.index("120") < reply.index("12356") and "110" in reply
    assert ("对方" in reply) if language == "zh" else ("they" in reply.lower())
    assert ("如果你已经受伤" not in reply) if language == "zh" else ("If you are hurt" not in reply)
    assert "120" in question
    own = crisis_reply("suicide_risk", language, "imminent")
    assert own != reply and "12356" in own


@pytest.mark.parametrize(
    ("text", "key_words"),
    [("我室友说她撑不下去了，每天都哭", "直接问对方"), ("最近撑不下去了，每天都哭", "谢谢你愿意说出来")],
)
def test_the_message_path_tells_a_worried_roommate_how_to_help_when_rasa_cannot(text: str, key_words: str) -> None:
    from kb.checkin import concern_reply

    reply = concern_reply(text, "zh")
    assert key_words in reply and "12356" in reply
