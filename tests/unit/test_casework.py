"""The casework engine on the words people write: facts read per turn, every remedy rule, the reply's shape
and its length limits in both languages (kb/casework; no Rasa)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from kb.casework.case import case_facts, problems_to_answer, turns_from_events
from kb.casework.facts import Turn, fold, read_amounts, starts_new_purchase
from kb.casework.remedies import Problem, assess, remedy_specs
from kb.casework.reply import detail, first_answer, length, limit, tapped_problem
from kb.knowledge import document
from kb.precedents import matching_precedent
from kb.wellbeing import item_ids, score

TODAY = date(2026, 12, 1)


def case(*messages: str, intent: str | None = None) -> list[Problem]:
    """The problems of a conversation made of these user messages (the first one carries `intent`)."""
    turns = [Turn(text, intent=intent if index == 0 else None) for index, text in enumerate(messages)]
    return assess(fold(turns), "zh", TODAY)


def remedy_texts(problems: list[Problem]) -> dict[str, str]:
    return {remedy.id: remedy.text for problem in problems for remedy in problem.remedies}


# One situation per remedy rule: what a person writes → the remedy that must apply and what it must say.
SITUATIONS: list[tuple[str, tuple[str, ...], str | None, str]] = [
    ("police_report", ("主播让我微信转账300，收钱后就把我拉黑了",), None, "可以向公安机关报案"),
    ("no_cure_claims", ("我妈买的保健品说能治糖尿病，她把降糖药停了",), None, "不得宣称能治病"),
    ("food_tenfold", ("直播间买的牛肉干花了80，吃了拉肚子",), None, "10 × ¥80 = ¥800"),
    ("food_platform_licence", ("看直播买的蜂蜜发霉了",), None, "卖食品需要经营许可"),
    ("staff_induced_payment", ("客服让我加微信转账付了500",), None, "不能以“没走平台”为由"),
    ("offplatform_still_liable", ("看直播后私下转账给卖家付了500",), None, "直播间运营者（视为卖家）"),
    ("fraud_triple", ("说是真丝的，收到是涤纶，花了299",), None, "3 × ¥299 = ¥897"),
    ("not_as_described", ("收到的颜色尺码和图片不一样",), "consumer_not_as_described", "运费由商家承担"),
    ("host_joint_liability", ("主播卖的是假货，花了200",), None, "连带责任"),
    ("promise_binding", ("主播说假一赔十，结果是高仿，花了299",), None, "10 × ¥299 = ¥2,990"),
    ("free_order_draw", ("直播间说抽奖免单，中奖了却不兑现",), None, "有奖销售"),
    ("authenticity_promise", ("主播说保真，收到是高仿，花了500",), None, "有力证据"),
    ("fake_reference_price", ("划线价写原价999，其实一直卖199",), None, "前7日内的最低成交价"),
    ("seven_day_return", ("七天无理由商家不给退",), None, "7天内无理由退货"),
    ("quality_return", ("买到假货，商家不给退",), None, "过了7天也可以要求退货"),
    ("transit_risk", ("付了钱一直没发货",), None, "风险由卖家承担"),
    ("wellbeing_checkin", ("最近天天失眠，撑不下去了",), None, "K6或WHO-5"),
    ("illegal_deductions", ("公司扣了我800工资",), None, "被扣的工资（¥800）"),
    ("wage_arrears", ("公司拖欠工资，欠我6000",), None, "拖欠的工资（¥6,000）"),
    ("labour_deadline", ("离职了工资还没发",), None, "劳动仲裁时效1年"),
    ("quit_with_compensation", ("工资拖了两个月没发",), None, "解除合同并要求经济补偿"),
    ("double_wages", ("做了8个月一直没签合同，月薪6000",), None, "7个月的二倍工资差额，约 ¥42,000"),
    ("employment_test", ("没签合同，每天要打卡，有底薪",), None, "打卡考勤、固定底薪"),
    ("social_insurance", ("公司不交社保",), None, "30日内办社保登记"),
    ("penalty_void_in_employment", ("没签合同，现在想走，公司要我赔5万违约金",), None, "（对方要¥50,000）"),
    ("penalty_reduced", ("签的是经纪合同，解约要我付违约金20万",), None, "超过损失30%一般算过高"),
    ("overtime", ("每天播12个小时，太累了",), None, "超出标准工时4小时"),
    ("weekly_rest_day", ("每天播十二个小时，一个月只休一天",), "streamer_burnout", "每周至少休息一天"),
    ("faked_sales_do_not_count", ("交了2万服务费给代运营，保证销量，结果全是刷单，还都退款了",), None, "不算真实销售"),
    ("agency_fee_breach", ("代运营收了3万服务费什么都没做",), None, "属于违约"),
    ("agency_fraud_rescind", ("代运营承诺保底销量10万，骗我交了服务费",), None, "撤销合同"),
    ("fake_orders_void", ("有人找我刷单提升销量",), None, "刷单合同无效"),
    ("cosmetics_damages", ("用了面膜脸过敏",), "consumer_cosmetics_harm", "起诉时效2年"),
    ("minor_refund", ("孩子偷偷打赏主播五千块",), "consumer_minor_spending", "监护人不同意、不追认"),
    ("repair_or_return", ("保修期内坏了，商家不给修",), "consumer_after_sales", "退货、更换或修理"),
    ("job_fee_refund", ("应聘主播，公司让我先交了3000块培训费，说包签约",), None, "（¥3,000）"),
]


@pytest.mark.parametrize(("remedy_id", "messages", "intent", "says"), SITUATIONS, ids=[s[0] for s in SITUATIONS])
def test_each_remedy_applies_to_its_situation_with_the_persons_numbers(
    remedy_id: str, messages: tuple[str, ...], intent: str | None, says: str
) -> None:
    found = remedy_texts(case(*messages, intent=intent))
    assert remedy_id in found, f"{remedy_id} not among {sorted(found)}"
    assert says in found[remedy_id]


def test_every_remedy_rule_has_a_situation_above() -> None:
    assert {spec["id"] for spec in remedy_specs()} == {situation[0] for situation in SITUATIONS}


def test_labour_deadline_counts_from_the_day_the_job_ended() -> None:
    facts = fold([Turn("离职后工资没发", entities=({"entity": "days_ago", "value": "90"},))])
    text = remedy_texts(assess(facts, "zh", TODAY))["labour_deadline"]
    assert "2027-09-02" in text and "还剩 275 天" in text


def test_months_of_a_missing_contract_in_a_later_message_give_the_double_wages() -> None:
    first = case("做主播一直没签合同")
    assert "最多11个月" in remedy_texts(first)["double_wages"] and first[0].ask == "months_worked"
    later = remedy_texts(case("做主播一直没签合同", "8个月，月薪5000"))
    assert "可主张7个月的二倍工资差额，约 ¥35,000" in later["double_wages"]


def test_a_bare_number_answering_the_months_question_counts_as_months() -> None:
    events = [
        {"event": "user", "text": "一直没签合同", "parse_data": {"intent": {"name": "streamer_no_contract"}}},
        {"event": "slot", "name": "casework_pending", "value": "months_worked"},
        {"event": "user", "text": "10", "parse_data": {"intent": {"name": "inform"}}},
    ]
    facts = case_facts(events)
    assert facts.values["months_worked"] == 10


def test_a_later_message_saying_a_contract_was_signed_removes_the_double_wages() -> None:
    problems = case("做了8个月，没签合同", "不好意思，其实签了合同")
    assert "double_wages" not in remedy_texts(problems)


def test_amounts_are_labelled_by_what_they_are() -> None:
    roles = read_amounts("买的299，看病花了600，月薪5000，扣了我800，欠我3000，要我赔5万违约金")
    assert roles == [
        (Decimal(299), "paid"),
        (Decimal(600), "loss"),
        (Decimal(5000), "wage"),
        (Decimal(800), "deducted"),
        (Decimal(3000), "owed"),
        (Decimal(50000), "penalty"),
    ]


@pytest.mark.parametrize(
    ("messages", "expected"),
    [
        (("说好底薪4000，这两个月只发了2000",), "底薪¥4,000 × 2个月，实发¥2,000，少发约¥6,000"),
        (("底薪5000，每个月只给我发3000，已经三个月了",), "每月应发¥5,000、实发¥3,000，3个月少发约¥6,000"),
        (("我是主播，月薪6000", "上个月工资只发了我4500"), "底薪¥6,000 × 1个月，实发¥4,500，少发约¥1,500"),
    ],
)
def test_unpaid_wages_are_worked_out_from_the_agreed_wage_and_the_pay_that_arrived(
    messages: tuple[str, ...], expected: str
) -> None:
    """A streamer rarely names the sum owed; she names what was agreed and what arrived."""
    texts = remedy_texts(case(*messages))
    assert expected in texts["wage_arrears"]


def test_an_english_wage_named_several_words_before_the_number_is_the_wage() -> None:
    texts = remedy_texts(
        case("I've streamed for an agency for 7 months with no contract. My base pay was supposed to be 5000.")
    )
    assert "¥30,000" in texts["double_wages"]


def test_a_sum_owed_that_the_person_names_is_taken_as_it_is() -> None:
    assert "（¥3,000）" in remedy_texts(case("月薪5000，只发了2000，公司说还欠我3000"))["wage_arrears"]


def test_months_hours_and_order_numbers_are_not_money() -> None:
    assert read_amounts("做了8个月，每天12小时，订单号2026112388812345") == []


def test_an_english_fee_is_read_from_the_words_after_the_number() -> None:
    assert read_amounts("I paid 20000 yuan agency fee") == [(Decimal(20000), "fee")]


def test_the_food_loss_is_asked_only_when_someone_was_harmed() -> None:
    harmed = case("直播间买的零食花了80，吃了拉肚子")
    spoiled = case("直播间买的零食花了80，过期了")
    assert harmed[0].ask == "loss_amount" and spoiled[0].ask is None


def test_three_times_a_large_medical_bill_beats_ten_times_a_cheap_price() -> None:
    text = remedy_texts(case("零食花了80，吃了拉肚子住院，医药费花了2000"))["food_tenfold"]
    assert "3 × ¥2,000 = ¥6,000" in text and "可主张 ¥6,000" in text


def test_a_promise_of_three_times_is_not_above_the_statute() -> None:
    assert "promise_binding" not in remedy_texts(case("说假一赔三，结果是假的，花了100"))


def test_the_most_urgent_problem_comes_first_and_none_is_dropped() -> None:
    problems = case("我是助播，每天播12个小时，公司经常扣我工资，现在天天失眠，撑不下去了")
    assert [problem.id for problem in problems] == ["wellbeing", "wages", "hours"]


def test_problems_already_answered_are_not_repeated_unless_recomputed() -> None:
    facts = fold([Turn("主播卖假货花了200"), Turn("另外每天播12个小时")])
    fresh = problems_to_answer(facts, "zh", TODAY, answered=["misrepresentation"])
    assert [problem.id for problem in fresh] == ["hours"]
    again = problems_to_answer(facts, "zh", TODAY, answered=["misrepresentation"], recompute=True)
    assert {problem.id for problem in again} == {"misrepresentation", "hours"}


def test_the_multi_label_detectors_problems_are_heard_too() -> None:
    events = [
        {
            "event": "user",
            "text": "情况有点复杂",
            "parse_data": {"intent": {"name": "streamer_no_contract"}, "problems": ["streamer_unpaid_wages"]},
        }
    ]
    assert {problem.id for problem in assess(case_facts(events), "zh", TODAY)} == {"contract", "wages"}


def test_turns_remember_which_question_the_form_was_asking() -> None:
    events = [
        {"event": "user", "text": "零食吃了拉肚子", "parse_data": {"intent": {"name": "consumer_food_safety"}}},
        {"event": "slot", "name": "requested_slot", "value": "loss_amount"},
        {"event": "user", "text": "600", "parse_data": {"intent": {"name": "inform"}}},
    ]
    assert turns_from_events(events)[1].asked == "loss_amount"
    assert case_facts(events).amount("loss") == Decimal(600)


LONG_CASES = {
    "zh": [
        "我是助播，每天播12个小时，公司经常扣我工资，上个月扣了800，现在天天失眠，真的撑不下去了",
        "在公司做了快5个月主播了，一直没签合同，底薪4000，每天要打卡，工资拖了两个月没发，欠我8000，想走公司还要我赔5万违约金",
        "主播让我加微信转账付了300买翡翠手镯，说保真假一赔十，收到是玻璃的，现在把我拉黑了，群里好多人都被骗了，气死了",
        "直播间买的牛肉干花了80，划线价写原价199，吃了拉肚子住院，医药费花了2000，商家还不给退",
    ],
    "en": [
        "I'm a streamer assistant, 12 hours a day, they docked my pay 800 last month, I have insomnia and"
        " I'm exhausted",
        "I worked 5 months with no written contract, base salary 4000, we clock in, wages unpaid, they owe me 8000 and"
        " demand a penalty of 50000 if I quit",
        "The host told me to pay 300 by WeChat transfer for a jade bracelet guaranteed genuine, fake one pay ten; it is"
        " glass and she blocked me; many people were cheated",
        "I paid 20000 yuan agency fee to an operations company that promised 100000 in sales; most orders were"
        " refunded and some were fake orders",
    ],
}


@pytest.mark.parametrize("language", ["zh", "en"])
def test_first_answers_to_long_many_problem_messages_stay_within_the_length_limit(language: str) -> None:
    for message in LONG_CASES[language]:
        facts = fold([Turn(message)])
        problems = assess(facts, language, TODAY)
        reply = first_answer(problems, facts, language)
        total = sum(length(text, language) for text in reply.messages)
        assert len(reply.messages) <= 2 and total <= limit(language), f"{total}: {message}"
        shown = "\n".join(reply.messages)
        assert all(problem.title in shown for problem in problems), "a problem heard is missing from the answer"
        titles = [title for title, _ in reply.buttons]
        assert titles[:2] in (["更多细节", "下一步做什么"], ["More detail", "Next step"])


def test_the_limits_are_about_500_characters_and_120_words() -> None:
    assert limit("zh") == 500 and limit("en") == 120
    assert length("三倍 赔偿", "zh") == 4 and length("Claim 3× the price (¥500).", "en") == 5


def test_the_first_answer_shows_heard_applies_next_steps_evidence_and_a_person() -> None:
    facts = fold([Turn("说是真丝的，收到是涤纶，花了299，太气人了")])
    reply = first_answer(assess(facts, "zh", TODAY), facts, "zh")
    first, second = reply.messages
    assert first.startswith("我听明白了：商品与宣传不符。你现在很气愤")
    assert "【适用于你的】" in first and "3 × ¥299 = ¥897" in first
    assert second.startswith("【下一步】\n1. ") and "留好证据：" in second and "社工可以跟进" in second


def test_a_missing_fact_that_changes_the_answer_is_asked_once() -> None:
    facts = fold([Turn("做主播一直没签合同")])
    problems = assess(facts, "zh", TODAY)
    asked = first_answer(problems, facts, "zh")
    assert asked.asked == "months_worked" and "你在那里做了几个月" in asked.messages[0]
    again = first_answer(problems, facts, "zh", already_asked=["months_worked"])
    assert again.asked is None and "你在那里做了几个月" not in again.messages[0]


def test_more_detail_names_the_discretion_and_the_next_problem() -> None:
    problems = case("签的是经纪合同，解约要我付违约金20万", "每天播12个小时")
    shown = detail(problems[0], problems[1], "zh")
    text = "\n".join(shown.messages)
    assert "由法院或仲裁机构" in text and "下一件：工时过长" in text
    assert ("更多细节", "/ask_more_detail") in shown.buttons


def test_who5_sits_beside_k6_and_scores_out_of_100() -> None:
    assert len(item_ids("k6")) == 6 and len(item_ids("who5")) == 5
    answers = dict.fromkeys(item_ids("who5"), "2")  # "some of the time" = 1 point each → raw 5 → 20/100
    result = score(answers, "who5")
    assert result.score == 20 and result.band["offer_human"] is True
    assert score(dict.fromkeys(item_ids("who5"), "6"), "who5").band["id"] == "fair"


def test_a_tapped_answer_carries_its_amount_in_the_entity() -> None:
    facts = fold([Turn('/inform{"money":"200"}', entities=({"entity": "money", "value": "200"},), asked="amount_paid")])
    assert facts.amount("paid") == Decimal(200)


def test_a_crossed_out_price_is_not_taken_for_the_price_paid() -> None:
    entities = ({"entity": "money", "value": "199"},)
    facts = fold([Turn("牛肉干80块，划线原价199是假的", entities=entities)])
    assert facts.amount("paid") == Decimal(80) and facts.amount("reference") == Decimal(199)


def test_a_low_mood_answer_always_carries_the_support_line_and_the_emergency_numbers() -> None:
    for language, message in (("zh", "最近好焦虑，天天失眠"), ("en", "I'm anxious and I can't sleep")):
        facts = fold([Turn(message, intent="streamer_low_mood")])
        reply = first_answer(assess(facts, language, TODAY), facts, language)
        assert "12356" in reply.messages[1] and "110/120" in reply.messages[1]


def test_an_amount_owed_is_not_taken_for_the_penalty_named_after_and() -> None:
    roles = read_amounts("they owe me 8000 and demand a penalty of 50000 if i quit")
    assert roles == [(Decimal(8000), "owed"), (Decimal(50000), "penalty")]


def test_a_penalty_is_weighed_against_the_actual_loss_the_person_gives() -> None:
    text = remedy_texts(case("签的是经纪合同，解约要我付违约金20万，公司实际损失大概5万"))["penalty_reduced"]
    assert "（对方要¥200,000）" in text and "按你说的实际损失¥50,000，超过¥65,000的部分一般可认定过高" in text


def test_a_guaranteed_genuine_promise_supports_the_fraud_claim() -> None:
    assert "authenticity_promise" in remedy_texts(case("直播间说保真，收到是高仿，花了500"))


def test_a_seller_quoting_a_buyers_return_demand_raises_no_consumer_problem() -> None:
    seller = fold([Turn("买家穿过的衣服吊牌都剪了还要七天无理由退货，我能拒吗", role="merchant")])
    assert assess(seller, "zh", TODAY) == []
    buyer = fold([Turn("买的衣服七天无理由商家不给退", role="buyer")])
    assert [problem.id for problem in assess(buyer, "zh", TODAY)] == ["return_refused"]


def test_a_weak_detector_guess_opens_no_problem_but_a_confident_one_does() -> None:
    events = [
        {
            "event": "user",
            "text": "公司扣我800工资合不合法",
            "parse_data": {
                "intent": {"name": "streamer_unpaid_wages"},
                "problems": [
                    {"intent": "streamer_mcn_contract", "confidence": 0.58},
                    {"intent": "streamer_no_contract", "confidence": 0.9},
                ],
            },
        }
    ]
    heard = [problem.id for problem in assess(case_facts(events), "zh", TODAY)]
    assert "penalty" not in heard and {"wages", "contract"} <= set(heard)


def test_a_published_case_shrinks_to_two_sentences_when_it_would_crowd_out_a_problem() -> None:
    message = "公会拖了我三个月工资不发，当初也没跟我签合同，社保一直没交，我现在该怎么办"
    facts = fold([Turn(message)])
    found = matching_precedent(message, "zh")
    assert found is not None and found.short != found.text
    reply = first_answer(assess(facts, "zh", TODAY), facts, "zh", precedent=found)
    shown = "\n".join(reply.messages)
    assert found.short in shown and "没交社保" in shown and "没签劳动合同" in shown


def test_a_tapped_problem_button_names_that_problem() -> None:
    facts = fold([Turn("公司拖欠工资，也没签合同", intent="streamer_unpaid_wages")])
    problems = assess(facts, "zh", TODAY)
    reply = first_answer(problems, facts, "zh")
    assert ("没签劳动合同", "/streamer_no_contract") in reply.buttons
    tapped = tapped_problem("/streamer_no_contract", problems, facts)
    assert tapped is not None and tapped.id == "contract"
    assert tapped_problem("没签合同", problems, facts) is None


def test_every_sum_of_the_person_shows_when_it_fits() -> None:
    facts = fold([Turn("工资拖着不发，已经欠我一万了，上周又扣了我500")])
    shown = "\n".join(first_answer(assess(facts, "zh", TODAY), facts, "zh").messages)
    assert "被扣的工资（¥500）" in shown and "拖欠的工资（¥10,000）" in shown


def test_a_role_that_contradicts_the_intent_does_not_hide_the_buyers_problem() -> None:
    buyer = fold(
        [Turn("直播间卖家发的货是假的，我要三倍赔偿，花了300", intent="consumer_counterfeit", role="merchant")]
    )
    assert "misrepresentation" in [problem.id for problem in assess(buyer, "zh", TODAY)]


@pytest.mark.parametrize(
    ("said", "hours"),
    [
        ("公司每天让我播12个小时，上个月扣了我800工资", 12),
        ("一天要播十个小时", 10),
        ("they make me stream 12 hours every day", 12),
        ("I stream for 11 hours straight", 11),
    ],
)
def test_hours_a_day_are_read_however_the_person_puts_them(said: str, hours: int) -> None:
    assert fold([Turn(said)]).values["hours_per_day"] == hours


def test_a_streamer_with_long_hours_deductions_and_no_contract_hears_all_three() -> None:
    said = "我是主播，公司每天让我播12个小时，上个月扣了我800工资，也没签合同，干了6个月了"
    ids = [problem.id for problem in case(said, intent="streamer_no_contract")]
    assert {"contract", "wages", "hours"} <= set(ids)


@pytest.mark.parametrize(("said", "months"), [("说错了，是8个月", 8), ("sorry, it was 8 months", 8)])
def test_a_corrected_number_of_months_replaces_the_first(said: str, months: int) -> None:
    facts = fold([Turn("没签合同，干了6个月了"), Turn(said)])
    assert facts.values["months_worked"] == months


def test_a_purchase_months_ago_is_not_months_worked() -> None:
    assert "months_worked" not in fold([Turn("3个月前买的面膜，是两个月之后才过敏")]).values


def test_every_step_covered_by_a_remedy_names_a_remedy_that_exists() -> None:
    known = {spec["id"] for spec in remedy_specs()}
    named = {
        remedy
        for name in ("streamer/topics.yml", "merchant/topics.yml")
        for topic in document(name)["topics"]
        for step in topic["steps"]
        for remedy in step.get("covered_by", ())
    }
    assert named and named <= known


@pytest.mark.parametrize(
    ("said", "another"),
    [
        ("另外我在快手买的面膜用了过敏了，花了300", True),
        ("还有一单付款一个星期了商家一直不发货", True),
        ("I also bought a necklace from the same host", True),
        ("还有，我买的时候主播说假一赔十", False),
        ("另外主播还说可以退", False),
        ("另外我买的耳机是假的", True),
        ("另外我买的时候他说包邮", False),
    ],
)
def test_only_words_that_name_another_purchase_start_a_new_case(said: str, another: bool) -> None:
    assert starts_new_purchase(said) is another


def test_a_new_purchase_does_not_carry_the_first_purchases_price_or_promise() -> None:
    facts = fold([Turn("主播说假一赔十，结果是高仿，花了299"), Turn("另外我在快手买的面膜用了过敏了，花了300")])
    assert facts.amount("paid") == 300 and "promise_multiplier" not in facts.values


COSMETIC_INJURY = (
    "直播间买的护肤品花了1280元，用了两天脸就红肿过敏，去医院看了说是接触性皮炎，花了300多医药费，商家说拆封了不给退"
)


@pytest.mark.parametrize(
    "said",
    [
        COSMETIC_INJURY,
        "面膜用了刺痛起疹子，想问怎么办",
        "I bought a face cream from a live stream and my face got red and swollen",
    ],
)
def test_a_skin_reaction_to_a_cosmetic_is_heard_even_when_the_classifier_named_only_the_refund(said: str) -> None:
    ids = [problem.id for problem in case(said, intent="consumer_return_refused")]
    assert "cosmetics_harm" in ids


@pytest.mark.parametrize("said", ["洗面奶不起泡，想退货", "买的零食吃了过敏，商家不给退"])
def test_a_cosmetic_without_a_reaction_or_food_that_hurt_is_not_cosmetics_harm(said: str) -> None:
    assert "cosmetics_harm" not in [problem.id for problem in case(said, intent="consumer_return_refused")]


@pytest.mark.parametrize(
    "correction", ["对了，其实是1580元，不是1280", "sorry, it was 1580, not 1280", "Actually I paid 1580 not 1280"]
)
def test_a_correction_naming_the_wrong_sum_replaces_that_sum_not_the_last_one(correction: str) -> None:
    facts = fold([Turn(COSMETIC_INJURY), Turn(correction)])
    assert (facts.amount("paid"), facts.amount("loss")) == (Decimal(1580), Decimal(300))


def test_a_correction_naming_no_sum_replaces_the_one_given_last() -> None:
    facts = fold([Turn(COSMETIC_INJURY), Turn("说错了，是500")])
    assert (facts.amount("paid"), facts.amount("loss")) == (Decimal(1280), Decimal(500))


@pytest.mark.parametrize(
    ("said", "hours"),
    [("每天从下午两点播到凌晨两点", 12), ("早上九点到晚上十点都在直播间", 13), ("I stream from 2pm to 2am", 12)],
)
def test_a_shift_given_as_clock_times_counts_its_hours(said: str, hours: int) -> None:
    assert fold([Turn(said)]).values["hours_per_day"] == hours


def test_a_streamer_whose_shift_wages_and_contract_come_in_one_story_hears_every_problem() -> None:
    said = (
        "我在一个MCN当助播，每天从下午两点播到凌晨两点，说好底薪4000，这两个月只发了2000，"
        "还说我迟到扣了500。合同也一直没给我签。"
    )
    ids = [problem.id for problem in case(said, intent="streamer_unpaid_wages")]
    assert {"wages", "contract", "hours"} <= set(ids)


def test_the_months_question_does_not_ask_for_pay_the_person_already_gave() -> None:
    facts = fold([Turn("说好底薪4000，合同也一直没给我签", intent="streamer_no_contract")])
    text = "\n".join(first_answer(assess(facts, "zh", TODAY), facts, "zh").messages)
    assert "做了几个月" in text and "月薪大约多少" not in text
    facts = fold([Turn("合同也一直没给我签", intent="streamer_no_contract")])
    assert "月薪大约多少" in "\n".join(first_answer(assess(facts, "zh", TODAY), facts, "zh").messages)


@pytest.mark.parametrize(
    "said",
    [
        "我妈在直播间买保健品，说能降血压还能治糖尿病，现在她连降压药都不想吃了",
        "我爸把医生开的药停了，天天喝直播间买的酵素",
        "My dad bought supplements that claim to cure diabetes and he stopped taking his insulin",
    ],
)
def test_someone_who_stopped_prescribed_medicine_hears_that_first(said: str) -> None:
    ids = [problem.id for problem in case(said, intent="consumer_false_advertising")]
    assert ids[0] == "medicine_stopped"


def test_a_product_that_is_itself_a_medicine_is_not_stopped_medicine() -> None:
    assert "medicine_stopped" not in [p.id for p in case("这药不吃了能退吗", intent="consumer_return_refused")]


def test_a_price_named_after_the_number_is_the_price_even_when_the_loss_was_asked() -> None:
    # "不对 是三百块买的" corrects the price, though the last question asked for the medical costs.
    assert read_amounts("不对 是三百块买的", asked_role="loss") == [(Decimal("300"), "paid")]
    assert read_amounts("actually it was 300 for it", asked_role="loss") == [(Decimal("300"), "paid")]
    assert read_amounts("看病花了一千五", asked_role="paid") == [(Decimal("1500"), "loss")]


@pytest.mark.parametrize(
    ("text", "role", "language", "expected", "absent"),
    [
        ("我妈在直播间买的保健品是假的，花了600，商家不给退", "buyer_family", "zh",
         ("替妈妈", "她的下单账号", "【适用于她的】"), ("【适用于你的】",)),
        ("My mum bought a fake serum on a live stream for 300 and the seller refuses a refund", "buyer_family", "en",
         ("asking for your mother", "her rights", "What applies to her"), ("What applies to you",)),
        # Siblings too: the wage claim is the sister's, and so is the right to leave.
        ("我妹妹在直播公司当助播，三个月没发工资了，一个月4500", "buyer_family", "zh",
         ("替妹妹", "【适用于她的】", "她可以解除合同"), ("【适用于你的】",)),
        ("My older brother hosts for an agency and they docked 2000 from his pay", "other", "en",
         ("asking for your brother", "What applies to him"), ("What applies to you",)),
        # A streamer's own story that names a parent is still their own case.
        ("我妈让我别播了，公司扣了我800工资", "streamer_staff", "zh", ("【适用于你的】",), ("替妈妈",)),
    ],
)  # fmt: skip
def test_a_reply_to_someone_writing_for_a_relative_names_whose_rights_they_are(
    text: str, role: str, language: str, expected: tuple[str, ...], absent: tuple[str, ...]
) -> None:
    facts = fold([Turn(text, role=role)])
    reply = "\n".join(first_answer(assess(facts, language, TODAY), facts, language).messages)
    for words in expected:
        assert words in reply
    for words in absent:
        assert words not in reply


def test_a_daughter_writing_about_her_mothers_shifts_pay_and_sleep_hears_all_three_about_her_mother() -> None:
    text = (
        "我妈在一个直播间当助播，每天从早上九点干到晚上十点，老板上个月还扣了她800块工资，她最近整晚睡不着，我很担心她"
    )
    facts = fold([Turn(text, role="other", intent="streamer_unpaid_wages")])
    first = first_answer(assess(facts, "zh", TODAY), facts, "zh").messages
    reply = "\n".join(first)
    # The writer is worried; the sleepless nights are the mother's, and so is the check-in.
    assert "你现在很着急，这很正常" in reply and "你现在很着急、睡不好" not in reply
    assert "妈妈睡不好" in reply and "可以陪她做个1分钟自查" in reply
    assert "被扣的工资（¥800）" in reply and "每天13小时" in reply
    assert "如果她说过伤害自己的话" in reply


def test_a_daughter_is_asked_how_long_her_mother_worked_there_and_offered_help_for_her() -> None:
    text = "我妈在一个直播间当助播，每天干13个小时，上个月公司扣了她800块工资，也没给她签合同，我很担心她"
    facts = fold([Turn(text, role="other", intent="streamer_unpaid_wages")])
    reply = "\n".join(first_answer(assess(facts, "zh", TODAY), facts, "zh").messages)
    assert "没签劳动合同" in reply  # 没给她签合同 is the mother's missing contract
    assert "她在那里做了几个月" in reply and "你在那里做了几个月" not in reply
    assert "社工可以跟进她的情况" in reply


def test_the_problem_a_later_message_asks_about_leads_the_answer() -> None:
    from kb.casework.case import asked_first

    first = Turn(
        "公会扣了我3000块工资，每天播12小时，活着也挺没意思的", role="streamer_staff", intent="streamer_unpaid_wages"
    )
    question = Turn("那解约的违约金要赔吗？合同写了违约金20万", role="streamer_staff", intent="streamer_mcn_contract")
    facts = fold([first, question])
    urgency = [problem.id for problem in assess(facts, "zh", TODAY)]
    asked = [problem.id for problem in assess(fold([question]), "zh", TODAY)]
    ordered = [problem.id for problem in asked_first(assess(facts, "zh", TODAY), asked)]
    assert urgency[0] != asked[0]  # by urgency alone the penalty would not come first
    assert ordered[0] == asked[0] and sorted(ordered) == sorted(urgency)


def test_a_price_written_with_a_thousands_separator_is_read_whole() -> None:
    assert read_amounts("I bought a jade bracelet for 1,280 yuan") == [(Decimal("1280"), "paid")]
    assert read_amounts("paid ¥12,500.50 for the course")[0][0] == Decimal("12500.50")


def test_a_fee_taken_from_a_would_be_streamer_who_was_then_blocked_is_also_a_police_matter() -> None:
    problems = [problem.id for problem in case("交了3000块培训费说包教包会还能签约当主播，结果把我拉黑了")]
    assert problems[:2] == ["crime_signs", "job_fee"]
    assert "agency_fee" not in problems and "fake_orders" not in problems


def test_a_shop_deposit_without_any_job_is_not_a_job_fee() -> None:
    assert "job_fee" not in [problem.id for problem in case("开店交了保证金，平台说要扣")]


def test_the_fraud_claim_is_named_again_only_when_the_minimum_lifts_it() -> None:
    above = remedy_texts(case("说是真丝的，收到是涤纶，花了299"))["fraud_triple"]
    below = remedy_texts(case("说是真丝的，收到是涤纶，花了99"))["fraud_triple"]
    assert "3 × ¥299 = ¥897。" in above and "可主张" not in above
    assert "3 × ¥99 = ¥297，不足¥500按¥500主张。" in below


def test_a_training_fee_read_as_an_mcn_contract_is_not_a_penalty_and_its_steps_are_said_once() -> None:
    text = "交了3000块培训费，说包教包会还能签约当主播"
    problems = case(text, intent="streamer_mcn_contract")
    assert [problem.id for problem in problems] == ["job_fee"]
    facts = fold([Turn(text, intent="streamer_mcn_contract")])
    steps = first_answer(problems, facts, "zh").messages[1]
    numbered = [line.split(". ", 1)[1] for line in steps.splitlines() if line[:1].isdigit()]
    assert len(numbered) == len(set(numbered)) >= 2


def test_a_penalty_the_person_names_beside_a_job_fee_is_still_heard() -> None:
    problems = [p.id for p in case("入职交了2000押金，现在我想走，公司要我赔违约金3万", intent="streamer_mcn_contract")]
    assert "job_fee" in problems and "penalty" in problems


def test_months_there_beat_months_unpaid_for_the_double_wages() -> None:
    facts = fold([Turn("they haven't paid me for 2 months and I never signed a contract. I've been there 6 months.")])
    assert facts.values["months_worked"] == 6


def test_an_mcn_contract_question_with_no_penalty_named_is_about_the_contract() -> None:
    asked = [p.id for p in case("准备签一家MCN公司，合同要注意哪些坑？", intent="streamer_mcn_contract")]
    demanded = [p.id for p in case("MCN说我解约要付违约金20万", intent="streamer_mcn_contract")]
    assert asked == ["mcn_contract"]
    assert "penalty" in demanded and "mcn_contract" not in demanded


def test_a_sum_followed_by_not_paid_is_owed_whatever_word_stood_before_it() -> None:
    assert read_amounts("工资4000也没发，还天天骂我") == [(Decimal(4000), "owed")]
    assert read_amounts("my wage of 5000 is still unpaid") == [(Decimal(5000), "owed")]
    assert read_amounts("月薪5000，三个月没发") == [(Decimal(5000), "wage")]


def test_months_wholly_unpaid_with_the_monthly_wage_give_what_is_owed() -> None:
    facts = fold([Turn("三个月没给我发工资了，一个月4500")])
    assert facts.owed() == Decimal(13500)
    english = fold([Turn("they haven't paid me for 3 months, 4500 a month")])
    assert english.owed() == Decimal(13500)


def test_labour_remedies_speak_of_the_relative_the_person_writes_for() -> None:
    text = "我妈在直播间做助播，三个月没给她发工资了，一个月4500，也没给她签合同"
    facts = fold([Turn(text, role="buyer_family")])
    texts = " ".join(r.text for p in assess(facts, "zh", TODAY) for r in p.remedies)
    assert "她可以解除合同" in texts and "你可以" not in texts


def test_asking_the_platform_to_step_in_is_one_step_whichever_problem_it_answers() -> None:
    facts = fold([Turn("直播间买的耳机是假货，商家不给退，还说过了七天")])
    problems = assess(facts, "zh", TODAY)
    assert len(problems) >= 2
    steps = first_answer(problems, facts, "zh").messages[1]
    assert steps.count("介入") == 1


def test_a_drink_that_made_someone_ill_is_unsafe_food_and_hospital_costs_are_the_loss() -> None:
    assert "food_harm" in [p.id for p in case("直播间买的减肥茶，喝了拉肚子，花了398")]
    facts = fold([Turn("面霜用了两天脸上起红疹，去医院花了600")])
    assert facts.amount("loss") == Decimal(600)


def test_english_weight_loss_claims_unshipped_orders_and_hospital_costs_are_heard() -> None:
    text = "the host said I'd lose 5kg in a week. I got diarrhea and spent 300 at the hospital. It cost 268."
    facts = fold([Turn(text)])
    assert facts.has("false_claim") and facts.amount("loss") == Decimal(300)
    assert fold([Turn("my order has not shipped for 20 days")]).has("not_delivered")


def test_qianchuan_the_ad_tool_is_not_a_thousand() -> None:
    assert read_amounts("花了2000块投千川") == [(Decimal(2000), "paid")]
    assert read_amounts("投了2千块千川") == [(Decimal(2000), None)]
    assert all(value < 10000 for value, _ in read_amounts("投了2000千川也没起色，花了3000块"))


def test_a_correction_of_the_price_raises_no_problem_of_its_own() -> None:
    first = Turn("直播间买的面霜花了1280元，用了两天脸就过敏了", intent="consumer_cosmetics_harm")
    correction = Turn("对了，其实是1580元，不是1280", intent="consumer_fake_original_price")
    problems = assess(fold([first, correction]), "zh", TODAY)
    assert "fake_price" not in [p.id for p in problems]


def test_a_parent_claiming_for_a_childs_spending_is_the_guardian_not_a_helper() -> None:
    text = "我女儿今年14岁，偷偷用我的手机在直播间给主播刷了6000多块礼物"
    facts = fold([Turn(text, intent="consumer_minor_spending", role="buyer_family")])
    first = first_answer(assess(facts, "zh", TODAY), facts, "zh").messages[0]
    assert "监护人" in first and "下单账号" not in first and "【适用于你的】" in first


def test_a_story_whose_only_first_person_names_the_relative_is_the_relatives_whatever_the_role() -> None:
    said = "My little sister is a host assistant at an agency, they haven't paid her for 3 months, 4000 a month"
    assert fold([Turn(said, role="streamer_staff")]).values.get("writing_for") == "younger_sister"
    own = "My sister told me to quit, the agency hasn't paid me for 3 months"
    assert "writing_for" not in fold([Turn(own, role="streamer_staff")]).values


@pytest.mark.parametrize(
    ("first", "correction"),
    [
        ("they haven't paid her for 3 months, 4000 a month", "actually it's 4 months, not 3"),
        ("她三个月没发工资了，一个月4500", "说错了，是四个月，不是三个月"),
    ],
)
def test_a_corrected_number_of_months_corrects_the_unpaid_months(first: str, correction: str) -> None:
    facts = fold([Turn(first, intent="streamer_unpaid_wages"), Turn(correction)])
    assert facts.values["months_unpaid"] == 4
