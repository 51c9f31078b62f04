"""The refund verdict: every rule of DESIGN §3.1 and every example of FACTS.md part 1."""

from decimal import Decimal

import pytest

from cases.rules.eligibility import NO, UNSURE, YES, EligibilityAnswers, eligibility_verdict


def answers(*problems, **fields) -> EligibilityAnswers:
    defaults = {"goods_kind": "game_card", "payment_method": "platform"}
    defaults.update(fields)
    return EligibilityAnswers(problems=frozenset(problems), **defaults)


CASES = [
    # (what FACTS.md says, answers, label, text that must be in a reason, text in a caution)
    (
        "promised in 1 hour, missing after 24 hours",
        answers("late"),
        YES,
        "没有按约定时间发货",
        None,
    ),
    ("sold as 终身VIP, turned out a trial", answers("not_as_described"), YES, "终身VIP", None),
    ("invalid or already-used code", answers("invalid_code"), YES, "已被使用", None),
    (
        "software will not run",
        answers("software_broken", goods_kind="licence"),
        YES,
        "软件无法运行",
        None,
    ),
    ("found I don't need it", answers("not_needed"), NO, "行业惯例", None),
    ("too expensive", answers("too_expensive"), NO, "可以被无限复制", None),
    (
        "changed mind and too expensive together",
        answers("not_needed", "too_expensive"),
        NO,
        "礼貌",
        None,
    ),
    (
        "second-hand account with a seller fault",
        answers("invalid_code", goods_kind="second_hand_account"),
        YES,
        "已被使用",
        "特殊商品不退换",
    ),
    (
        "custom service, own reason only",
        answers("not_needed", goods_kind="custom_service"),
        NO,
        "行业惯例",
        "特殊商品不退换",
    ),
    (
        "不支持退款 notice and a forged delivery record",
        answers("late", no_refund_notice=True, fraud_signs=True),
        YES,
        "《消费者权益保护法》",
        None,
    ),
    (
        "不支持退款 notice, forged delivery, no other problem ticked",
        answers("other", no_refund_notice=True, fraud_signs=True),
        YES,
        "可能无效",
        None,
    ),
    (
        "不支持退款 notice without fraud: claim stands but expect push-back",
        answers("invalid_code", no_refund_notice=True, fraud_signs=False),
        YES,
        "已被使用",
        "不支持退款",
    ),
    (
        "private transfer, small amount",
        answers("late", payment_method="private", amount=Decimal("30")),
        YES,
        "没有按约定时间发货",
        "没有平台的付款保障",
    ),
    (
        "private transfer over 500 元: police",
        answers("late", payment_method="private", amount=Decimal("800.00")),
        YES,
        "没有按约定时间发货",
        "公安机关",
    ),
    (
        "private transfer with fraud signs: police whatever the amount",
        answers("late", payment_method="private", fraud_signs=True, amount=Decimal("20")),
        YES,
        "欺诈",
        "公安机关",
    ),
    (
        "mixed: seller fault plus own reasons",
        answers("invalid_code", "too_expensive"),
        YES,
        "已被使用",
        "只讲商家的问题",
    ),
    ("only 'other'", answers("other"), UNSURE, "其他问题", None),
    ("nothing answered yet", EligibilityAnswers(), UNSURE, "选择商品类型", None),
]


@pytest.mark.parametrize(
    ("answers", "label", "reason", "caution"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_verdict_table(answers, label, reason, caution):
    verdict = eligibility_verdict(answers)
    assert verdict.label == label
    assert any(reason in text for text in verdict.reasons), verdict.reasons
    if caution:
        assert any(caution in text for text in verdict.cautions), verdict.cautions


def test_every_seller_fault_gets_its_own_reason():
    verdict = eligibility_verdict(
        answers("late", "not_as_described", "invalid_code", "software_broken")
    )
    assert len(verdict.reasons) == 4


def test_own_reasons_only_suggest_prevention_and_goodwill():
    verdict = eligibility_verdict(answers("not_needed"))
    assert verdict.title == "通常不支持退款"
    assert verdict.suggest_prevention


def test_police_is_suggested_only_over_the_threshold_for_private_transfers():
    at_limit = answers("late", payment_method="private", amount=Decimal("500"))
    assert not eligibility_verdict(at_limit).suggest_police
    over = answers("late", payment_method="private", amount=Decimal("500.01"))
    assert eligibility_verdict(over).suggest_police
    assert not eligibility_verdict(
        answers("late", amount=Decimal("900")), police_threshold=Decimal("500")
    ).suggest_police


def test_the_threshold_is_a_parameter():
    private = answers("late", payment_method="private", amount=Decimal("150"))
    assert eligibility_verdict(private, police_threshold=Decimal("100")).suggest_police
