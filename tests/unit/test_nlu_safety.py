"""The crisis detector: what the hotline must catch, in every script, and the hyperbole it must ignore."""

from __future__ import annotations

import pytest

from nlu.safety import SafetyVerdict, assess


def test_explicit_wish_to_die_is_flagged_as_suicide_risk() -> None:
    verdict = assess("我真的不想活了")
    assert verdict == SafetyVerdict("suicide_risk", "不想活", "suicide_zh_explicit")
    assert verdict.intent == "safety_suicide_risk"


def test_coded_goodbye_message_is_flagged_as_suicide_risk() -> None:
    assert assess("这是我最后一次直播了，以后不会再见了，大家照顾好自己").kind == "suicide_risk"


def test_friend_who_says_she_wants_to_die_is_flagged() -> None:
    assert assess("my friend says she wants to die").kind == "suicide_risk"
    assert assess("我闺蜜说她想自杀，我该怎么办").kind == "suicide_risk"


@pytest.mark.parametrize(
    "message",
    ["我想自殺", "活著沒有意思", "遺書寫好了", "我朋友說她想輕生"],
)
def test_traditional_script_is_flagged(message: str) -> None:
    assert assess(message).kind == "suicide_risk"


@pytest.mark.parametrize(
    "message",
    ["紫砂算了", "安眠药已经攒够了", "下辈子再见吧各位", "kms", "I just want to unalive myself", "世界没有我会更好"],
)
def test_coded_expressions_are_flagged(message: str) -> None:
    assert assess(message).kind == "suicide_risk"


def test_spaced_out_and_punctuated_words_are_still_caught() -> None:
    assert assess("不 想 活 了！！！").kind == "suicide_risk"


def test_english_inside_a_chinese_sentence_is_caught() -> None:
    assert assess("主播说她wants to die 我好担心").kind == "suicide_risk"


@pytest.mark.parametrize(
    "message",
    ["我要杀了那个老板", "我要殺了他", "大不了同归于尽", "I'm going to kill my manager", "he threatened to kill me"],
)
def test_threats_are_flagged_as_danger_to_others(message: str) -> None:
    assert assess(message).kind == "danger_to_others"


def test_domestic_violence_victim_is_flagged_as_danger() -> None:
    assert assess("my boyfriend beats me").kind == "danger_to_others"
    assert assess("我老公家暴，我和孩子都被打了").kind == "danger_to_others"


@pytest.mark.parametrize(
    "message",
    [
        "笑死我了",
        "今天播了十个小时 累死了",
        "这个东西死贵",
        "this fee is killing me",
        "the shipping cost is killing us",
        "想死你们了 家人们",
        "I'm dead 😂",
        "that host is killing it tonight",
        "貴死了",
        "退货率高得要死",
        "they hit me with a breach of contract penalty",
    ],
)
def test_everyday_hyperbole_is_not_a_crisis(message: str) -> None:
    assert assess(message).kind is None


@pytest.mark.parametrize(
    "message",
    ["秒杀活动几点开始", "平台大数据杀熟", "手机死机了", "打死我也不买了", "年前最后一次开播了 谢谢大家 年后见"],
)
def test_trade_words_with_death_characters_are_not_a_crisis(message: str) -> None:
    assert assess(message).kind is None


@pytest.mark.parametrize(
    "message",
    [
        "对面直播间自杀式低价 我们怎么办",
        "年底跳楼大减价 这个说法能上标题吗",
        "周五晚上直播间玩剧本杀 主播演凶手",
        "店里那台电脑的KMS激活过期了",
        "is selling a kms activator allowed on my shop",
        "新聞報導說有個網紅輕生了 我想問直播間能不能發悼念",
        "视频里一个外卖小哥救起了跳江的女孩",
        "听我妈说老家早几年有人喝农药没了 村里现在管得严",
        "the game end screen froze after the stream",
        "库存干脆打包卖了一了百了 物流怎么走",
        "这家供应商的尾款结清一了百了",
        "我家的小作坊快活不下去了 有补贴吗",
    ],
)
def test_trade_idioms_games_and_stories_about_strangers_are_not_a_crisis(message: str) -> None:
    assert assess(message).kind is None


@pytest.mark.parametrize("message", ["紫砂壺裂了能退嗎", "跳樓大拍賣能說嗎"])
def test_traditional_lookalikes_read_like_their_simplified_form(message: str) -> None:
    # Every Traditional character is mapped (nlu/lexicon/traditional_to_simplified.tsv), not only the lexicon's.
    assert assess(message).kind is None


@pytest.mark.parametrize(
    "message",
    [
        "隔壁搞自杀式降价 我是真的想自杀了",
        "玩完狼人杀回家 我不想活了",
        "kms激活不了 算了 i want to kms for real",
        "新闻说有人跳河 我今晚也想跳河",
        "店关了 我也想一了百了",
    ],
)
def test_a_real_risk_beside_an_idiom_still_counts(message: str) -> None:
    assert assess(message).kind == "suicide_risk"


def test_hyperbole_does_not_hide_a_real_risk_in_the_same_message() -> None:
    assert assess("累死了，真的不想活了").kind == "suicide_risk"


def test_being_hit_is_danger_even_when_a_penalty_idiom_is_excluded() -> None:
    assert assess("my boyfriend hit me again last night").kind == "danger_to_others"
    assert assess("they hit me with a bat").kind == "danger_to_others"


def test_button_payloads_and_empty_text_are_never_a_crisis() -> None:
    assert assess('/choose_service_line{"service_line":"consumer"}').kind is None
    assert assess("").kind is None


def test_relief_after_an_exam_is_not_a_crisis_but_wanting_release_is() -> None:
    assert assess("终于解脱了 考完试了").kind is None
    assert assess("我只想彻底解脱").kind == "suicide_risk"


def test_tired_of_living_in_english_is_flagged() -> None:
    assert assess("honestly im tired of living").kind == "suicide_risk"
