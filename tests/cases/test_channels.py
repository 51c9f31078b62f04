"""Channel advice: every rule of DESIGN §3.5 and every example of FACTS.md part 5."""

from decimal import Decimal

import pytest

from cases.rules.escalation import (
    C12315,
    HEIMAO,
    NOT_ADVISED,
    NOT_YET,
    OPTIONAL,
    PLATFORM,
    POLICE,
    RECOMMENDED,
    ChannelFacts,
    recommend_channels,
)


def facts(amount="200", **fields) -> ChannelFacts:
    defaults = {
        "amount": Decimal(amount) if amount is not None else None,
        "fraud_signs": False,
        "payment_method": "platform",
        "appeal_outcome": "rejected",
        "negotiation_outcome": "refused",
        "seller_fault": True,
    }
    defaults.update(fields)
    return ChannelFacts(**defaults)


def advice_of(recommendations) -> dict[str, str]:
    return {item.channel: item.advice for item in recommendations}


def reasons_of(recommendations, channel: str) -> str:
    return " ".join(" ".join(item.reasons) for item in recommendations if item.channel == channel)


CASES = [
    # (what FACTS.md / the brief says, facts, expected advice by channel, (channel, reason text))
    (
        "600 元 after a failed appeal: police, 12315 and 黑猫",
        facts("600"),
        {C12315: RECOMMENDED, HEIMAO: RECOMMENDED, POLICE: RECOMMENDED},
        (POLICE, "超过 500 元"),
    ),
    (
        "600 元 before any appeal: police already, complaints not yet",
        facts("600", appeal_outcome="none"),
        {PLATFORM: RECOMMENDED, C12315: NOT_YET, HEIMAO: NOT_YET, POLICE: RECOMMENDED},
        (POLICE, "可以同时进行"),
    ),
    (
        "30 元 without fraud: no police",
        facts("30"),
        {POLICE: NOT_ADVISED},
        (POLICE, "没有超过 500 元"),
    ),
    (
        "exactly 500 元 is not over 500 元: no police",
        facts("500"),
        {C12315: RECOMMENDED, HEIMAO: RECOMMENDED, POLICE: NOT_ADVISED},
        (POLICE, "500 元，没有超过 500 元"),
    ),
    (
        "500.01 元 is over 500 元: police",
        facts("500.01"),
        {POLICE: RECOMMENDED},
        (POLICE, "500.01 元，超过 500 元"),
    ),
    (
        "signs of fraud at 30 元: police",
        facts("30", fraud_signs=True, appeal_outcome="none"),
        {PLATFORM: RECOMMENDED, C12315: NOT_YET, HEIMAO: NOT_YET, POLICE: RECOMMENDED},
        (POLICE, "诈骗迹象"),
    ),
    (
        "police reasons mention money laundering and illegal sales",
        facts("30", fraud_signs=True),
        {POLICE: RECOMMENDED},
        (POLICE, "洗钱或非法销售"),
    ),
    (
        "a few tens of 元 before any appeal: stay with the platform, escalating costs more",
        facts("30", appeal_outcome="none"),
        {PLATFORM: RECOMMENDED, C12315: NOT_YET, HEIMAO: NOT_YET, POLICE: NOT_ADVISED},
        (PLATFORM, "代价可能比能要回来的钱还多"),
    ),
    (
        "a few tens of 元 after a rejected appeal: 12315 and 黑猫 stay options, no way back",
        facts("30"),
        {C12315: OPTIONAL, HEIMAO: OPTIONAL, POLICE: NOT_ADVISED},
        (C12315, "代价可能比能要回来的钱还多"),
    ),
    (
        "the small claim's cost note says 12315 is free and why it may still not pay",
        facts("30"),
        {C12315: OPTIONAL},
        (C12315, "12315 投诉不收费"),
    ),
    (
        "small claim advice names the amount and the limit",
        facts("30"),
        {HEIMAO: OPTIONAL},
        (HEIMAO, "这笔订单 30 元，不到 100 元"),
    ),
    (
        "exactly 100 元 is not a small claim",
        facts("100"),
        {C12315: RECOMMENDED, HEIMAO: RECOMMENDED},
        (C12315, "驳回"),
    ),
    (
        "fraud lifts the small-claim advice after a failed appeal",
        facts("30", fraud_signs=True),
        {C12315: RECOMMENDED, HEIMAO: RECOMMENDED, POLICE: RECOMMENDED},
        (HEIMAO, "舆论压力"),
    ),
    (
        "rejected appeal: 12315 and 黑猫",
        facts("200"),
        {C12315: RECOMMENDED, HEIMAO: RECOMMENDED, POLICE: NOT_ADVISED},
        (C12315, "全国12315平台"),
    ),
    (
        "platform never answered the appeal: 12315 and 黑猫",
        facts("200", appeal_outcome="no_answer"),
        {C12315: RECOMMENDED, HEIMAO: RECOMMENDED},
        (C12315, "一直没有答复"),
    ),
    (
        "unreasonable decision: 12315 and 黑猫",
        facts("200", appeal_outcome="refunded", appeal_unreasonable=True),
        {C12315: RECOMMENDED, HEIMAO: RECOMMENDED},
        (C12315, "结果不合理"),
    ),
    (
        "黑猫 is public pressure",
        facts("200"),
        {HEIMAO: RECOMMENDED},
        (HEIMAO, "公开"),
    ),
    (
        "no appeal yet: wait, outside channels are the last resort",
        facts("200", appeal_outcome="none"),
        {PLATFORM: RECOMMENDED, C12315: NOT_YET, HEIMAO: NOT_YET, POLICE: NOT_ADVISED},
        (C12315, "最后一步"),
    ),
    (
        "no negotiation either: negotiate first",
        facts("200", appeal_outcome="none", negotiation_outcome="none"),
        {PLATFORM: RECOMMENDED, C12315: NOT_YET},
        (PLATFORM, "先协商、再申诉"),
    ),
    (
        "seller refused, no appeal yet: appeal next",
        facts("200", appeal_outcome="none"),
        {PLATFORM: RECOMMENDED},
        (PLATFORM, "退款纠纷"),
    ),
    (
        "appeal still pending: wait for the platform",
        facts("200", appeal_outcome="pending"),
        {PLATFORM: RECOMMENDED, C12315: NOT_YET, HEIMAO: NOT_YET},
        (C12315, "先等结果"),
    ),
    (
        "private transfer with fraud: police and 12315",
        facts("30", payment_method="private", fraud_signs=True, appeal_outcome="none"),
        {C12315: RECOMMENDED, POLICE: RECOMMENDED, HEIMAO: NOT_ADVISED},
        (POLICE, "没有平台可以申诉"),
    ),
    (
        "private transfer, no fraud: 12315 straight away, there is no platform",
        facts("200", payment_method="private", appeal_outcome="none"),
        {C12315: RECOMMENDED, POLICE: NOT_ADVISED},
        (C12315, "没有平台可以申诉"),
    ),
    (
        "private transfer over 500 元: police",
        facts("800", payment_method="private", appeal_outcome="none"),
        {C12315: RECOMMENDED, POLICE: RECOMMENDED},
        (POLICE, "超过 500 元"),
    ),
    (
        "buyer's own reasons: outside channels will not help",
        facts("200", seller_fault=False),
        {C12315: NOT_ADVISED, HEIMAO: NOT_ADVISED, POLICE: NOT_ADVISED},
        (C12315, "自己这边"),
    ),
    (
        "buyer's own reasons at 900 元: a large amount is no crime",
        facts("900", seller_fault=False),
        {POLICE: NOT_ADVISED},
        (POLICE, "自己这边"),
    ),
    (
        "amount not given, no fraud: no police, and it says why",
        facts(None),
        {POLICE: NOT_ADVISED},
        (POLICE, "还没有填金额"),
    ),
    (
        "seller refunded after negotiation: nothing to escalate",
        facts("600", negotiation_outcome="refunded", appeal_outcome="none"),
        {C12315: NOT_ADVISED, HEIMAO: NOT_ADVISED, POLICE: NOT_ADVISED},
        (POLICE, "钱已经退回"),
    ),
    (
        "platform refunded: nothing to escalate",
        facts("600", appeal_outcome="refunded"),
        {C12315: NOT_ADVISED, HEIMAO: NOT_ADVISED, POLICE: NOT_ADVISED},
        (C12315, "钱已经退回"),
    ),
    (
        "case marked resolved: nothing to escalate, but a fraud may still be reported",
        facts("600", fraud_signs=True, resolved=True),
        {C12315: NOT_ADVISED, HEIMAO: NOT_ADVISED, POLICE: OPTIONAL},
        (POLICE, "标记为结束"),
    ),
    (
        "case marked resolved without fraud: nothing at all",
        facts("600", resolved=True),
        {C12315: NOT_ADVISED, HEIMAO: NOT_ADVISED, POLICE: NOT_ADVISED},
        (POLICE, "标记为结束"),
    ),
]


@pytest.mark.parametrize(
    ("description", "case_facts", "expected", "reason"), CASES, ids=[c[0] for c in CASES]
)
def test_channel_advice(description, case_facts, expected, reason):
    recommendations = recommend_channels(case_facts)
    advice = advice_of(recommendations)
    for channel, wanted in expected.items():
        assert advice.get(channel) == wanted, f"{channel}: {advice}"
    channel, text = reason
    assert text in reasons_of(recommendations, channel)


def test_every_channel_has_advice_with_reasons():
    for _, case_facts, _, _ in CASES:
        recommendations = recommend_channels(case_facts)
        assert {C12315, HEIMAO, POLICE} <= set(advice_of(recommendations))
        assert all(item.reasons for item in recommendations)


def test_strongest_advice_comes_first():
    order = [item.advice for item in recommend_channels(facts("200", appeal_outcome="none"))]
    assert order == sorted(order, key=[RECOMMENDED, OPTIONAL, NOT_YET, NOT_ADVISED].index)
    assert order[0] == RECOMMENDED and order[-1] == NOT_ADVISED


def test_there_is_no_platform_advice_without_a_platform():
    advice = advice_of(recommend_channels(facts("200", payment_method="private")))
    assert PLATFORM not in advice


def test_thresholds_are_passed_in():
    raised = recommend_channels(facts("600"), police_threshold=Decimal("1000"))
    assert advice_of(raised)[POLICE] == NOT_ADVISED
    assert "没有超过 1000 元" in reasons_of(raised, POLICE)
    lowered = recommend_channels(facts("60"), small_claim_limit=Decimal("50"))
    assert advice_of(lowered)[C12315] == RECOMMENDED
    assert advice_of(recommend_channels(facts("60")))[C12315] == OPTIONAL
