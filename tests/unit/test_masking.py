"""Personal data is masked before storage and in logs; order numbers and public hotlines stay readable."""

from __future__ import annotations

import logging

import pytest

from store.masking import MaskingFilter, install_log_masking, mask


@pytest.mark.parametrize(
    ("sentence", "secret", "tag"),
    [
        ("你好，我的手机号是13812345678，麻烦社工打给我", "13812345678", "<phone …5678>"),
        ("电话 138-1234-5678 白天都在", "138-1234-5678", "<phone …5678>"),
        ("call me on +86 139 0011 2233 please", "139 0011 2233", "<phone …2233>"),
        ("商家留的座机是021-64381234，一直没人接", "021-64381234", "<phone …1234>"),
        ("我身份证号11010519491231002X，主播公司要我拍照", "11010519491231002X", "<id-card>"),
        ("身份证：440305199003077718。", "440305199003077718", "<id-card>"),
        ("ID 510107200002291232 was asked for by the MCN", "510107200002291232", "<id-card>"),
        ("退款打到我的卡6222020200001234562上了吗", "6222020200001234562", "<bank-card …4562>"),
        ("工资卡 6217 0000 1000 1234 569 一直没到账", "6217 0000 1000 1234 569", "<bank-card …4569>"),
        ("银行卡号：6230 5800 0123 4567", "6230 5800 0123 4567", "<bank-card …4567>"),
        ("寄到北京市朝阳区建国路88号SOHO现代城5号楼1203室就行", "建国路88号", "<address>"),
        ("我住在杭州市西湖区文三路 90 号，快递一直没到", "文三路 90 号", "<address>"),
        ("send it to Room 1203, 88 Jianguo Road please", "88 Jianguo Road", "<address>"),
        ("my email is zhang.wei@example.com", "zhang.wei@example.com", "<email>"),
    ],
)
def test_personal_numbers_inside_sentences_are_masked(sentence: str, secret: str, tag: str) -> None:
    masked = mask(sentence)
    assert secret not in masked
    assert tag in masked


@pytest.mark.parametrize(
    ("sentence", "secret", "tag"),
    [
        ("我身份证440305199003077719，是不是输错了", "440305199003077719", "<id-card>"),  # wrong check digit
        ("ID 440305199003077719 has a wrong check digit", "440305199003077719", "<id-card>"),
        ("身份证号码 4403051990030777", "4403051990030777", "<id-card>"),  # two digits missing
        ("工资卡 6222 0202 0000 1234 567 公会说打过钱了", "6222 0202 0000 1234 567", "<bank-card …4567>"),
        ("6222020200001234 是我的工资卡", "6222020200001234", "<bank-card …1234>"),  # the word comes after
        ("收款账号：1234567890123", "1234567890123", "<bank-card …0123>"),
        ("my card number is 4000 1234 5678 9011", "4000 1234 5678 9011", "<bank-card …9011>"),
    ],
)
def test_a_number_next_to_an_id_or_card_word_is_masked_whatever_its_check_digit(
    sentence: str, secret: str, tag: str
) -> None:
    masked = mask(sentence)
    assert secret not in masked and tag in masked


def test_several_identifiers_in_one_message_are_all_masked() -> None:
    message = "我叫王芳，身份证11010519491231002X，手机15900001111，卡号6222020200001234562，退款一直没到"
    masked = mask(message)
    assert masked == "我叫王芳，身份证<id-card>，手机<phone …1111>，卡号<bank-card …4562>，退款一直没到"


@pytest.mark.parametrize(
    "kept",
    [
        "抖音订单号 4012345678901234567 还没发货",  # 19 digits, fails the Luhn check: an order, not a card
        "订单 202311281234567890 显示已签收",  # 18 digits but no valid birth date: not an ID
        "订单ID 440305199003077719 查不到",  # an order's ID, not the person's
        "直播间有3000000000000人吗",  # a long number with no word saying whose it is
        "心理援助热线12356，北京010-82951332，希望24热线400-161-9995",
        "我付了899元，3天前收到的货",
    ],
)
def test_orders_amounts_and_public_hotlines_stay_readable(kept: str) -> None:
    assert mask(kept) == kept


def test_log_records_are_masked_before_any_handler_sees_them(caplog: pytest.LogCaptureFixture) -> None:
    logger = logging.getLogger("hotline.test.masking")
    caplog.handler.addFilter(MaskingFilter())
    with caplog.at_level(logging.INFO, logger=logger.name):
        logger.info("message from %s: 我的电话%s", "telegram-42", "13812345678")
    assert "13812345678" not in caplog.text
    assert "<phone …5678>" in caplog.text
    assert caplog.records[0].getMessage() == "message from telegram-42: 我的电话<phone …5678>"


def test_installing_log_masking_twice_adds_one_filter() -> None:
    logger = logging.getLogger("hotline.test.install")
    handler = logging.StreamHandler()
    logger.addHandler(handler)
    try:
        install_log_masking(logger)
        install_log_masking(logger)
        assert sum(isinstance(f, MaskingFilter) for f in handler.filters) == 1
    finally:
        logger.removeHandler(handler)
