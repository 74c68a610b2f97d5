"""Whose risk words they are: the writer's own, or someone the writer is worried about (kb/risk_subject.py)."""

from __future__ import annotations

import pytest

from kb.checkin import reports_someone_else
from kb.risk_subject import risk_words_subjects


@pytest.mark.parametrize(
    "text",
    [
        "我舍友这几天一直说熬不下去了，晚上躲在被子里哭",
        "我表哥做直播亏了钱，最近总说活着没意思",
        "我的徒弟这两天一直掉眼泪，说自己很没用",
        "my flatmate keeps saying she can't go on and cries every night",
        "我姐给我打电话 一直哭 说撑不住了",
    ],
)
def test_risk_words_about_someone_the_writer_names_are_theirs(text: str) -> None:
    assert reports_someone_else(text)


@pytest.mark.parametrize(
    "text",
    [
        # A relative is named, but the hopeless words are the writer's own.
        "我妈在直播间被骗了好多钱，家里天天吵，我真的撑不下去了",
        "打电话给我爸 还没开口就哭了",
        "观众天天在直播间骂我，撑不下去了",
        "my mum lost her savings to a live-stream seller and I feel like I can't go on",
    ],
)
def test_risk_words_of_the_writer_stay_the_writers_although_someone_is_named(text: str) -> None:
    assert not reports_someone_else(text)


def test_a_clause_naming_nobody_carries_on_the_person_before() -> None:
    assert risk_words_subjects("我同事说她好累，每天晚上都哭", []) == ["other"]
    assert risk_words_subjects("同事都笑我，每天晚上都哭", []) == ["writer"]


def test_someone_elses_pills_are_not_their_risk() -> None:
    assert risk_words_subjects("我吃了一整盒我妈的药", ["吃了一整盒"]) == ["writer", "writer"]


def test_someone_threatened_by_another_is_asked_about_their_safety_from_that_person() -> None:
    from kb.checkin import safety_question

    asked = safety_question("high", "suicide_risk", "zh", "直播间有人把我家小区地址发出来了，说今晚要来找我")
    assert "对方知道你在哪里吗" in asked and "结束自己的生命" not in asked
    own = safety_question("high", "suicide_risk", "zh", "他天天威胁我，我真的不想活了")
    assert "结束自己的生命" in own


def test_someone_threatened_by_another_opens_a_danger_case_not_a_suicide_risk_case() -> None:
    from rasa_sdk import Tracker

    from actions.safety import crisis_kind
    from nlu.risk import assess

    def kind_of(text: str, intent: str = "safety_suicide_risk") -> str:
        said = {"text": text, "intent": {"name": intent, "confidence": 0.9}, "entities": []}
        state = Tracker.from_dict({"sender_id": "t", "slots": {}, "latest_message": said, "events": []})
        return crisis_kind(state, assess(text))

    assert kind_of("直播间有人把我家小区地址发出来了，说今晚要来找我", intent="streamer_cyberbullying") == (
        "danger_to_others"
    )
    assert kind_of("he keeps threatening me and I want to die") == "suicide_risk"
