"""A farmer asks whether a claim may be said: the answer is direct, per claim, and their question is never run
through the checker or "rewritten"; a check only runs on text they asked to have checked."""

from __future__ import annotations

from kb.compliance.asking import claim_answer, claims_asked, marked_script, script_in_message

FARMER = "那'治咳嗽'可以说吗？'纯天然''无添加'能不能说？"


def test_the_farmers_question_names_each_claim_asked_about() -> None:
    assert claims_asked(FARMER) == ["治咳嗽", "纯天然", "无添加"]
    assert script_in_message(FARMER, "merchant_pitch_check") is None


def test_each_claim_gets_a_direct_verdict_with_its_article() -> None:
    answer = "\n".join(claim_answer(FARMER, claims_asked(FARMER), "zh"))
    assert "「治咳嗽」不能说" in answer and "广告法第17条" in answer
    assert (
        "「纯天然」有真实依据（证明、注册或来源）才能说" in answer
        and "「无添加」有真实依据（证明、注册或来源）才能说" in answer
    )
    assert "参考改写" not in answer and "请把商品标题" not in answer


def test_a_claim_for_a_named_product_is_judged_for_that_product() -> None:
    question = "卖蜂蜜能说治咳嗽吗"
    answer = "\n".join(claim_answer(question, claims_asked(question), "zh"))
    assert "按「普通（加工）食品」" in answer and "食品安全法第73条" in answer


def test_an_allowed_claim_is_allowed_if_true() -> None:
    answer = "\n".join(claim_answer("新鲜可以说吗", claims_asked("新鲜可以说吗"), "zh"))
    assert "「新鲜」不在我查的禁用或限制说法里，属实就可以说" in answer
    assert "判断不出" not in answer and "不知道你卖的是什么" in answer


def test_questions_in_other_words_are_recognised() -> None:
    assert claims_asked("纯天然算违规吗") == ["纯天然"]
    assert claims_asked("直播间能不能说最好？") == ["最好"]
    assert claims_asked("Can I say my honey cures coughs?") == ["my honey cures coughs"]
    assert claims_asked("is it ok to say fresh?") == ["fresh"]


def test_an_english_question_is_answered_in_english() -> None:
    question = "Can I say my honey cures coughs?"
    answer = "\n".join(claim_answer(question, claims_asked(question), "en"))
    assert "may not be said" in answer and "Advertising Law Art 17; Food Safety Law Art 73" in answer


def test_only_text_the_merchant_asked_to_have_checked_is_a_script() -> None:
    assert marked_script("帮我看看这段话术：全网最低价，买到就是赚到") == "全网最低价，买到就是赚到"
    assert marked_script("帮我看看这段话术 这款蜂蜜一勺治咳嗽") == "这款蜂蜜一勺治咳嗽"
    assert script_in_message("能帮我检查一下直播话术吗", "merchant_pitch_check") is None
    assert script_in_message("我的店被限流了，你说最好怎么办", "merchant_traffic") is None
    assert marked_script("please check my script: best honey ever") == "best honey ever"


def test_a_bare_paste_read_as_a_check_request_is_checked_only_when_it_holds_a_claim() -> None:
    assert script_in_message("这款蜂蜜一勺治咳嗽", "merchant_pitch_check") == "这款蜂蜜一勺治咳嗽"
    assert script_in_message("这款蜂蜜一勺治咳嗽", "consumer_false_advertising") is None


def test_other_can_i_questions_are_not_claim_questions() -> None:
    assert claims_asked("能不能用优惠券") == []
    assert claims_asked("这个优惠券可以用吗") == []
    assert claims_asked("能不能退货？") == []
