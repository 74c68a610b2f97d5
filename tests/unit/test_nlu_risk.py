"""The graded risk assessment's word layers and how turns add up (nlu/risk.py); no model or server needed.

The encoder layer is exercised through the running stack (tests/integration/test_safety_levels.py) and measured
on the independent set in nlu/eval/safety/ by `make eval`.
"""

from __future__ import annotations

import pytest

from kb import checkin
from nlu.risk import (
    NO_RISK,
    RiskAssessment,
    RiskSignal,
    assess_risk,
    combine,
    denies_risk,
    held_encoder_signal,
    lexicon_signals,
    person_level,
)


def level_of(text: str) -> str:
    return combine(lexicon_signals(text)).level


@pytest.mark.parametrize(
    "text",
    [
        "我割了自己几刀，血止不住",
        "药已经攒够了，今晚就吃",
        "我现在站在天台上，好高",
        "I just cut my wrist and the bleeding won't stop",
        "took the whole bottle of pills",
        "the rope is ready",
        "我今晚就去跳楼",
        "吃了💊💊💊",
        "刚喝了敌敌畏",
        "囤了五瓶安眠药 等下播以后全吃了",
        "发完这条消息我就去跳河",
        "菜刀磨好了 今晚就去找那个骗子",
    ],
)
def test_an_act_a_means_an_injury_or_a_time_is_imminent(text: str) -> None:
    assert level_of(text) == "imminent"


@pytest.mark.parametrize(
    "text",
    [
        "我不想活了",
        "我想zs",
        "好想紫砂",
        "kms fr",
        "i want to unalive myself",
        "thinking about sewerslide again",
        "没有我，家里人会过得更好",
        "我就是家里的累赘",
        "這大概是最後一條視頻了吧，謝謝你們一路陪伴，永別了",
        "另一个世界应该没有那么多的痛苦和无奈吧",
        "my friend says she wants to die",
        "我要杀了那个骗子",
    ],
)
def test_wishes_farewells_burden_coded_words_and_threats_are_at_least_high(text: str) -> None:
    assert level_of(text) in ("high", "imminent")


@pytest.mark.parametrize(
    "text",
    [
        "每天播12个小时，最近总是失眠，感觉撑不下去了",
        "我快崩溃了",
        "there's no point anymore",
        "I can't take this anymore",
        "每天都在哭",
        "😭😭😭",
        "看不到任何希望",
    ],
)
def test_hopelessness_and_crying_are_concern(text: str) -> None:
    assert level_of(text) == "concern"


@pytest.mark.parametrize(
    "text",
    [
        "笑死我了这个主播",
        "今天播了8小时累死了",
        "这个东西死贵",
        "这个月店要死了，一单都没有",
        "主播在直播间疯狂杀价",
        "this fee is killing me",
        "I'm dead 😂",
        "we killed it tonight, record sales",
        "what do I do with all this dead stock",
        "秒杀活动几点开始",
        "would leaving my agency now be career suicide?",
        "我不想活在别人的评价里",
        "永别了 我的年终奖",
        "买了两盒感冒药 可以一起吃吗",
        "写完这条就去睡了 明天还要播",
        "刀买好了 明天去厨房试试",
        "人生重开模拟器这个游戏能直播吗",
    ],
)
def test_everyday_hyperbole_raises_nothing(text: str) -> None:
    assert level_of(text) == "none"


def test_the_classifier_alone_is_held_back_on_very_short_messages() -> None:
    said = {
        level: RiskSignal(level, "suicide_risk", "encoder", "x", "encoder")  # type: ignore[arg-type]
        for level in ("concern", "high", "imminent")
    }
    assert held_encoder_signal(said["concern"], "我还在等") is None
    held = held_encoder_signal(said["imminent"], "你好 在不在")
    assert held is not None and held.level == "concern"
    kept = held_encoder_signal(said["high"], "这辈子就这样吧 下辈子别再做人了")
    assert kept is not None and kept.level == "high"
    # The word lists still rate a short message in full.
    assert level_of("想死") in ("high", "imminent")


def test_commands_and_empty_text_raise_nothing() -> None:
    assert lexicon_signals("") == []
    assert lexicon_signals("/restart") == []


def _turn(level: str, category: str = "x") -> RiskAssessment:
    if level == "none":
        return NO_RISK
    return combine([RiskSignal(level, "suicide_risk", category, level, "lexicon")])  # type: ignore[arg-type]


def test_concern_said_again_and_again_within_the_window_is_treated_as_high() -> None:
    assert person_level([_turn("concern")]).level == "concern"
    assert person_level([_turn("concern"), _turn("none"), _turn("concern")]).level == "concern"
    assert person_level([_turn("concern"), _turn("concern"), _turn("none"), _turn("concern")]).level == "high"


def test_a_farewell_after_low_mood_escalates_and_a_means_earlier_makes_it_imminent() -> None:
    assert person_level([_turn("concern"), _turn("high")]).level == "high"
    assert person_level([_turn("concern", "means"), _turn("high")]).level == "imminent"


def test_risk_does_not_go_down_because_the_topic_changed() -> None:
    assert person_level([_turn("high"), _turn("none"), _turn("none")]).level == "high"


def test_the_assessment_round_trips_through_the_parse_output() -> None:
    risk = combine(lexicon_signals("我割了自己几刀，血止不住"))
    again = RiskAssessment.from_dict(risk.as_dict())
    assert again.level == "imminent" and again.evidence == risk.evidence
    assert RiskAssessment.from_dict({"level": "bogus"}) == NO_RISK
    assert RiskAssessment.from_dict(None) == NO_RISK


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("没有", "no"),
        ("没想过", "no"),
        ("No", "no"),
        ("nothing like that", "unclear"),
        ("有", "yes"),
        ("有时候会这样想", "yes"),
        ("说不清", "yes"),
        ("yes", "yes"),
        ("/affirm", "yes"),
        ("/deny", "no"),
        ("不想回答", "skip"),
        ("我的工资什么时候能拿回来", "unclear"),
    ],
)
def test_check_in_answers_are_read_as_a_person_means_them(typed: str, expected: str) -> None:
    assert checkin.read_answer(typed) == expected


def test_check_in_questions_are_numbered_in_both_languages() -> None:
    slots = checkin.screen_slots()
    assert len(slots) == 4
    assert checkin.question_text(slots[0], "zh").startswith("（1/4）")
    assert checkin.question_text(slots[3], "en").startswith("(4/4)")
    assert "12356" in checkin.acknowledgement("zh", "撑不下去了")
    assert "撑不下去了" in checkin.acknowledgement("zh", "撑不下去了")


@pytest.mark.parametrize(
    "text",
    [
        "没有，我没想过伤害自己，就是很累",
        "不是，我没打算自杀",
        "沒有，我沒想過自殺",
        "no, I have never thought about killing myself, just tired",
        "nope, not suicidal, just stressed about wages",
        "No I won't kill myself",
        # Bare words for the act, which the crisis lists leave to the encoder.
        "没想过死，就是累",
        "不想死 就是累",
        "No, I've never thought about dying, I'm just tired",
        "no, I'm not thinking of hurting myself, I'm just exhausted",
        "我没有想伤害自己，就是太累了",
        "不是想死，就是累",
    ],
)
def test_a_no_that_names_the_act_is_an_answer_not_a_disclosure(text: str) -> None:
    # The check-in's "no" goes on with care to the practical problem; it must not open an urgent case.
    assert denies_risk(text)
    assert level_of(text) == "none"


@pytest.mark.parametrize(
    "text",
    [
        "没有，就是有时候想死",
        "没有，我不想活了",
        "没有，但是最近老想着从楼上跳下去",
        "没有想过自杀，我已经把药攒好了",
        "没有人在乎我，我想死",
        "no, I want to kill myself",
        "No, I never thought of killing myself. I have pills ready though",
        "我没想过伤害自己，直到最近",
        "没想过死，我想去死",
        "不想死，但是活着好累，想从楼上跳下去",
        "我没有办法了，想死",
        "no. I have pills ready",
    ],
)
def test_a_no_that_is_turned_round_or_leaves_a_crisis_phrase_unnegated_still_counts(text: str) -> None:
    assert not denies_risk(text)
    assert level_of(text) in ("high", "imminent")


def test_only_the_persons_own_words_are_echoed_never_the_classifiers_score() -> None:
    assessment = RiskAssessment(
        "concern",
        "suicide_risk",
        (
            RiskSignal("concern", "suicide_risk", "encoder", "I'm a host at an MCN… (0.91)", "encoder"),
            RiskSignal("concern", "suicide_risk", "hopeless_en", "don't see the point", "lexicon"),
        ),
    )
    assert assessment.words_said == ["don't see the point"]
    assert RiskAssessment("concern", "suicide_risk", assessment.signals[:1]).words_said == []


def test_someone_who_spoke_of_dying_and_now_cannot_be_reached_is_imminent() -> None:
    unreachable = assess_risk("现在打他电话一直不接")
    assert unreachable.level == "none" and unreachable.unreachable
    assert person_level([_turn("high"), unreachable]).level == "imminent"
    assert person_level([_turn("concern"), unreachable]).level == "concern"
    # A seller who does not answer is no one in danger.
    assert not assess_risk("商家电话一直打不通，客服也不回消息").unreachable


def test_the_unreachable_mark_survives_the_parse_data() -> None:
    said = assess_risk("she said goodbye last night and isn't picking up")
    assert RiskAssessment.from_dict(said.as_dict()).unreachable


def test_held_against_ones_will_and_just_hit_is_imminent() -> None:
    assert level_of("他们把我锁在基地的宿舍里不让出去，刚刚又打了我一顿") == "imminent"
    assert level_of("老板把货关在仓库里不让走，刚才我打了个电话") == "none"


def test_a_plain_sleep_complaint_is_not_held_to_be_a_crisis_by_the_encoder_alone() -> None:
    said = {level: RiskSignal(level, "suicide_risk", "encoder", "x", "encoder") for level in ("high", "imminent")}
    for level in said:
        kept = held_encoder_signal(said[level], "I keep waking up in the middle of the night, every single night")
        assert kept is not None and kept.level == "concern"
