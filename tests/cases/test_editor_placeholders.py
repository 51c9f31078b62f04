"""Placeholders as editors write them, {订单号}, and as the wizard stores them, {order_number}."""

import pytest

from cases.editor_placeholders import (
    EDITOR_NAMES,
    chips,
    editor_errors,
    for_editor,
    from_editor,
)
from cases.texts.defaults import DEFAULTS
from cases.texts.placeholders import PLACEHOLDERS, SITE_PLACEHOLDERS


@pytest.mark.parametrize("key", list(DEFAULTS))
def test_every_default_text_survives_the_trip_to_the_editor_and_back(key):
    body = DEFAULTS[key].body
    assert from_editor(for_editor(body)) == body


def test_each_placeholder_has_its_own_chinese_name():
    assert set(EDITOR_NAMES) == set(PLACEHOLDERS) | set(SITE_PLACEHOLDERS)
    assert len(set(EDITOR_NAMES.values())) == len(EDITOR_NAMES)
    assert EDITOR_NAMES["order_number"] == "订单号"
    assert EDITOR_NAMES["police_threshold"] == "建议报警的金额"


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        ("订单号{order_number}", "订单号{订单号}"),
        ("{{order_number}}", "{{order_number}}"),  # literal braces stay literal
        ("{{{amount}}}", "{{{金额}}}"),
        ("{nonexistent}", "{nonexistent}"),
    ],
)
def test_placeholders_read_in_chinese_and_literal_braces_stay(stored, shown):
    assert for_editor(stored) == shown
    assert from_editor(shown) == stored


def test_the_code_names_are_still_taken_back():
    assert from_editor("{order_number}{订单号}") == "{order_number}{order_number}"


@pytest.mark.parametrize(
    ("typed", "case_values", "expected"),
    [
        ("{订单号}", True, []),
        ("{订单}", True, ["不认识的占位符 {订单}。"]),
        ("{订单号}", False, ["占位符 {订单号}只能用在消息模板里"]),
        ("{金额} 元", True, ["{金额} 已经带“元”，不用再写“元”。"]),
        ("{nonexistent}", True, ["不认识的占位符 {nonexistent}。可以用的有：{商品名称}"]),
        ("{}", True, ["有一对空的花括号 {}：请写上占位符的名字，例如 {订单号}。"]),
    ],
)
def test_errors_name_placeholders_as_the_editor_wrote_them(typed, case_values, expected):
    errors = editor_errors(typed, case_values=case_values)
    assert len(errors) == len(expected)
    for error, start in zip(errors, expected, strict=True):
        assert error.startswith(start) or start in error
        assert "order_number" not in error and "amount" not in error


def test_chips_offer_what_a_text_may_use_with_where_its_value_comes_from():
    template = {chip.name: chip for chip in chips(case_values=True)}
    assert template["订单号"].text == "{订单号}"
    assert "第 2 步" in template["订单号"].hint
    assert "整行不出现" in template["平台规则名称"].hint
    assert [chip.name for chip in chips(case_values=False)] == [
        "建议报警的金额",
        "小额纠纷的金额上限",
    ]
