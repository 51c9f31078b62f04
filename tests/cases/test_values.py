"""What the texts say the problem is, what the appeal asks the platform to check, and what
came of the latest message, by the facts the buyer gave."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from cases.facts import AppealFacts, AttemptFacts, CaseFacts, FilingFacts
from cases.texts.values import (
    case_values,
    next_step,
    platform_check,
    problem_clause,
    request_clause,
    seller_reply,
)


@pytest.mark.parametrize(
    ("problems", "symptom", "expected"),
    [
        (["late"], "", "过了约定的时间还没有收到商品"),
        (["invalid_code"], "used", "输入卡密后提示“已被使用”"),
        # The buyer's own reasons are told as they are: the question was answered.
        (["not_needed"], "", "后来发现自己用不上这个商品"),
        (["too_expensive"], "", "后来觉得价格太贵"),
        # Beside a failing of the seller's, a change of mind is not the complaint.
        (["late", "not_needed"], "", "过了约定的时间还没有收到商品"),
        # Nothing the texts can name: the mark asks for it.
        (["other"], "", ""),
        ([], "", ""),
    ],
)
def test_problem_clause(problems, symptom, expected):
    assert problem_clause(problems, symptom=symptom) == expected


SENT = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)  # 10:00 in Shanghai


@pytest.mark.parametrize(
    ("outcome", "answer", "expected"),
    [
        ("refused", "", "我在 2026年11月20日 10:00 联系了商家，商家拒绝处理。"),
        ("refused", "不退", "我在 2026年11月20日 10:00 联系了商家，商家回复“不退”，拒绝处理。"),
        # Without the seller's words the sentence still says who refunded.
        ("partly_refunded", "", "我在 2026年11月20日 10:00 联系了商家，商家只退了一部分钱。"),
        ("refunded", "", "我在 2026年11月20日 10:00 联系了商家，商家已经退款。"),
        (
            "partly_refunded",
            "退你 50",
            "我在 2026年11月20日 10:00 联系了商家，商家回复“退你 50”，只退了一部分钱。",
        ),
    ],
)
def test_seller_reply(outcome, answer, expected):
    attempt = AttemptFacts(sent_at=SENT, seller_answer=answer, outcome=outcome)
    assert seller_reply(CaseFacts(negotiations=(attempt,))) == expected


@pytest.mark.parametrize(
    ("problems", "expected"),
    [
        (["invalid_code"], "核实商家的发货记录，并查看这张卡密的使用记录"),
        (["late"], "核实商家的发货记录"),
        # Two problems with the same check ask for it once.
        (["late", "invalid_code"], "核实商家的发货记录，并查看这张卡密的使用记录"),
        (["not_as_described"], "核实收到的商品和页面描述是否一致"),
        (["software_broken"], "核实商家交付的商品能不能正常使用"),
        (
            ["invalid_code", "not_as_described"],
            "核实商家的发货记录，查看这张卡密的使用记录，并核实收到的商品和页面描述是否一致",
        ),
        # The buyer's own reasons give the platform nothing particular to check.
        (["not_needed"], "帮忙和商家协调"),  # a change of mind: nothing to check
        ([], "核实情况"),
    ],
)
def test_platform_check(problems, expected):
    assert platform_check(problems) == expected


@pytest.mark.parametrize(
    ("problems", "goods", "expected"),
    [
        # A code that does not work is a code, whatever the goods were called.
        (("invalid_code",), "", "补发一张可以正常使用的卡密"),
        (("invalid_code",), "account_service", "补发一张可以正常使用的卡密"),
        # In the words of the goods: a card, a licence.
        (("invalid_code",), "game_card", "补发一张可以正常使用的卡密"),
        (("software_broken",), "licence", "补发一个可以正常使用的激活码"),
        (("not_working",), "account_service", "补发一份可以正常使用的商品"),
        # Goods that never came: the seller is asked to send them, not to send them again.
        (("late",), "game_card", "尽快发货"),
        (("late", "not_needed"), "", "尽快发货"),
        # Goods unlike their page: exchanged for what the page promised.
        (("not_as_described",), "licence", "换成和页面描述一致的商品"),
        (("late", "not_as_described"), "", "补发一份可以正常使用的商品"),
    ],
)
def test_a_replacement_is_asked_for_as_the_problem_needs(problems, goods, expected):
    facts = CaseFacts(problems=problems, goods_kind=goods, remedy="replacement")
    assert request_clause(facts) == expected


@pytest.mark.parametrize(
    ("problems", "expected"),
    [
        (("not_needed",), "后来发现自己用不上这个商品"),
        (("too_expensive",), "后来觉得价格太贵"),
        (("not_needed", "too_expensive"), "后来发现自己用不上这个商品，也觉得价格太贵"),
        (("other",), ""),
    ],
)
def test_the_buyers_own_reasons_are_told_as_chosen(problems, expected):
    assert problem_clause(problems) == expected


def test_a_partial_refund_names_the_sum_wanted_in_all():
    # Beside a seller's 最多退 50 元, "部分退款 120 元" read as 120 more; 共 says it is the total.
    facts = CaseFacts(remedy="partial", remedy_amount=Decimal("120"))
    assert request_clause(facts) == "部分退款，共 120 元"
    assert request_clause(CaseFacts(remedy="partial")) == "部分退款"
    # Once part has come back, the total says so in words: 共 120 元 alone read as 120 more.
    partly = AttemptFacts(sent_at=SENT, outcome="partly_refunded", seller_answer="最多退 50 元")
    refunded_part = CaseFacts(
        remedy="partial", remedy_amount=Decimal("120"), negotiations=(partly,)
    )
    assert request_clause(refunded_part) == "部分退款，共 120 元（含已经退回的部分）"


@pytest.mark.parametrize(
    ("payment", "appeals", "expected"),
    [
        ("platform", (), "我将向平台申诉"),
        ("private", (), "我将通过其他渠道维权"),
        ("private", ("rejected",), "我将通过其他渠道维权"),
        # An appeal on record is not threatened again: what comes after it is.
        ("platform", ("pending",), "我将请平台尽快处理我的申诉"),
        ("platform", ("rejected",), "我将通过全国12315平台向市场监管部门投诉"),
        ("platform", ("no_answer",), "我将通过全国12315平台向市场监管部门投诉"),
        ("platform", ("rejected", "pending"), "我将请平台尽快处理我的申诉"),
    ],
)
def test_next_step_follows_the_appeals_on_record(payment, appeals, expected):
    records = tuple(AppealFacts(submitted_at=SENT, outcome=outcome) for outcome in appeals)
    assert next_step(CaseFacts(payment_method=payment, appeals=records)) == expected


@pytest.mark.parametrize("payment", ["platform", "private"])
def test_a_12315_complaint_on_record_is_not_threatened_again(payment):
    filed = FilingFacts(channel="12315", filed_on=SENT.date(), reference="C-1")
    rejected = (AppealFacts(submitted_at=SENT, outcome="rejected"),)
    facts = CaseFacts(payment_method=payment, appeals=rejected, escalations=(filed,))
    assert next_step(facts) == "我会把贵店的处理情况补充到已经提交的 12315 投诉里"


@pytest.mark.parametrize(
    ("problems", "detail", "expected"),
    [
        (
            ["not_as_described"],
            "页面写国服，发来港服的卡。",
            "收到的商品和页面描述严重不符（页面写国服，发来港服的卡）",
        ),
        # 其他 has no words of its own: the buyer's sentence is the problem.
        (["other"], "充值到了别人的账号里", "充值到了别人的账号里"),
        (["other"], "  ", ""),
        (["late"], "", "过了约定的时间还没有收到商品"),
    ],
)
def test_the_buyers_own_words_say_what_exactly_is_wrong(problems, detail, expected):
    assert problem_clause(problems, detail=detail) == expected


def test_the_appeal_tells_the_first_contact_and_the_latest():
    promised = AttemptFacts(
        sent_at=SENT,
        deadline=SENT + timedelta(hours=6),
        seller_answer="马上处理",
        outcome="promised",
    )
    again = [AttemptFacts(sent_at=SENT + timedelta(days=n), outcome="no_answer") for n in (1, 2)]
    two = seller_reply(CaseFacts(negotiations=(promised, again[0])))
    assert two == (
        "我在 2026年11月20日 10:00 联系了商家，请商家在 2026年11月20日 16:00 前处理，"
        "商家回复“马上处理”，答应会处理，但到现在还没有做到。"
        "我在 2026年11月21日 10:00 再次联系了商家，商家到期没有回复。"
    )
    three = seller_reply(CaseFacts(negotiations=(promised, *again)))
    assert three.endswith("之后又联系过 2 次，最近一次在 2026年11月22日 10:00，商家到期没有回复。")


@pytest.mark.parametrize(
    ("remedy", "part", "asked"),
    [
        ("refund", None, "帮我退款"),
        ("replacement", None, "帮我换成别的商品"),
        ("partial", Decimal("30"), "退 30 元给我"),
        ("partial", None, "退一部分钱给我"),
        # Not said yet: both, as a favour, and the buyer edits the text before sending.
        ("", None, "帮我退款或者换成别的商品"),
    ],
)
def test_a_goodwill_request_asks_only_what_the_buyer_chose(remedy, part, asked):
    facts = CaseFacts(problems=("not_needed",), remedy=remedy, remedy_amount=part)
    assert case_values(facts)["favour"] == asked
