"""Stage-5 advice over every combination of the facts it depends on, plus named cases.

Every amount band × appeal result × fraud answer × payment method, each with every
negotiation outcome and stage-1 answer behind it, must keep the promises of issue 13:
no advice sends the buyer back to a step that already has a result, the police are
never 不建议 while fraud is 是 or 不确定, "没有发现诈骗迹象" is said only to a buyer who
answered 否, and a private transfer always gets the anti-fraud route and the
complaint through the payment channel.
"""

import itertools
from decimal import Decimal

import pytest

from cases.choices import ANTI_FRAUD, CHANNEL_NAMES, PAYMENT_CHANNEL, Advice
from cases.rules.escalation import (
    C12315,
    HEIMAO,
    NEXT_ANSWER,
    NEXT_CHANNELS,
    NEXT_GOODWILL,
    NEXT_NONE,
    NEXT_PLATFORM,
    NOT_ADVISED,
    NOT_YET,
    OPTIONAL,
    PLATFORM,
    POLICE,
    RECOMMENDED,
    STRENGTH,
    ChannelFacts,
    next_step,
    recommend_channels,
)

THRESHOLD, SMALL = Decimal("500"), Decimal("100")
AMOUNTS = {
    "no amount": None,
    "small claim": Decimal("30"),
    "between": Decimal("200"),
    "exactly the police threshold": THRESHOLD,
    "over the police threshold": Decimal("800"),
}
APPEALS = ("none", "pending", "refunded", "rejected", "no_answer")
FRAUD = {"fraud 是": True, "fraud 否": False, "fraud 不确定": None}
PAYMENTS = {"platform": "platform", "private": "private", "payment unanswered": ""}
NEGOTIATIONS = ("none", "pending", "refused", "no_answer", "partly_refunded", "refunded")
SELLER_FAULT = (True, None, False)

# Words that send the buyer (back) to the platform appeal, or to negotiating first.
BACK_TO_APPEAL = ("向平台申诉", "再次申诉", "等平台申诉", "有了结果再说", "先等结果", "平台申诉时")
BACK_TO_NEGOTIATION = ("先找商家协商", "三步法", "先协商")
NO_FRAUD_FOUND = "没有发现诈骗迹象"

COMBINATIONS = list(itertools.product(AMOUNTS, APPEALS, FRAUD, PAYMENTS))


def advise(facts: ChannelFacts) -> list:
    return recommend_channels(facts, police_threshold=THRESHOLD, small_claim_limit=SMALL)


def by_channel(advice) -> dict:
    return {item.channel: item for item in advice}


def text_of(advice) -> str:
    return "\n".join(reason for item in advice for reason in item.reasons)


def behind(amount, appeal, fraud, payment):
    """Yield every negotiation outcome, stage-1 answer and appeal opinion behind one cell."""
    for negotiation, fault, unreasonable in itertools.product(
        NEGOTIATIONS, SELLER_FAULT, (False, True)
    ):
        if unreasonable and appeal != "refunded":
            continue  # the buyer only weighs a decision the platform made in their favour
        yield ChannelFacts(
            amount=AMOUNTS[amount],
            appeal_outcome=appeal,
            fraud_signs=FRAUD[fraud],
            payment_method=PAYMENTS[payment],
            negotiation_outcome=negotiation,
            seller_fault=fault,
            appeal_unreasonable=unreasonable,
        )


def settled(facts: ChannelFacts) -> bool:
    """Return True when the money is back: nothing outside is needed for it."""
    by_platform = facts.appeal_outcome == "refunded" and not facts.appeal_unreasonable
    return facts.negotiation_outcome == "refunded" or by_platform


def check(facts: ChannelFacts) -> list[str]:
    """Return every broken promise of the advice for these facts."""
    advice = advise(facts)
    channels = by_channel(advice)
    text = text_of(advice)
    police = channels[POLICE].advice
    private = facts.payment_method == "private"
    amount = facts.amount
    large = amount is not None and amount > THRESHOLD
    problems = []

    # Every card is a known channel with a known strength and at least one reason.
    for item in advice:
        if item.channel not in CHANNEL_NAMES or item.advice not in Advice.values:
            problems.append(f"unknown card {item}")
        if not item.reasons or not all(reason.strip() for reason in item.reasons):
            problems.append(f"{item.channel} has no reason")
    if [item.advice for item in advice] != sorted(
        (item.advice for item in advice), key=STRENGTH.get
    ):
        problems.append("not strongest first")
    if {C12315, HEIMAO, POLICE} - set(channels):
        problems.append("a channel is missing")
    for doubled in ("。。", "，。", "；。", "。，"):
        if doubled in text:
            problems.append(f"doubled punctuation {doubled}")

    # Police.
    if facts.fraud_signs in (True, None) and police == NOT_ADVISED:
        problems.append("police 不建议 although fraud is 是 or 不确定")
    if not settled(facts) and facts.seller_fault is not False:
        if facts.fraud_signs is True and police != RECOMMENDED:
            problems.append("fraud 是 without the police recommended")
        if large and police != RECOMMENDED:
            problems.append("over the threshold without the police recommended")
        if private and facts.fraud_signs is None and police not in (RECOMMENDED, OPTIONAL):
            problems.append("private transfer, fraud 不确定: police not a real option")
    if NO_FRAUD_FOUND in text and facts.fraud_signs is not False:
        problems.append("没有发现诈骗迹象 said without the buyer answering 否")

    # A change of mind is not sent outside: no 下一步 to a channel without a failing or a fraud.
    own = facts.seller_fault is False and facts.fraud_signs is not True
    if own and next_step(advice) == NEXT_CHANNELS:
        problems.append("下一步 sends a buyer whose problem is their own to a channel")

    # No way back to a step that already has a result.
    if facts.appeal_outcome in ("refunded", "rejected", "no_answer"):
        if PLATFORM in channels:
            problems.append("platform card after the appeal has a result")
        if next_step(advice) == NEXT_PLATFORM:
            problems.append("下一步 sends the buyer back to the platform")
        problems += [f"back to appeal: {words}" for words in BACK_TO_APPEAL if words in text]
        if any(channels[channel].advice == NOT_YET for channel in (C12315, HEIMAO)) and not private:
            problems.append("complaints wait for an appeal that has a result")
    if facts.negotiation_outcome not in ("none",):
        problems += [f"back to negotiation: {w}" for w in BACK_TO_NEGOTIATION if w in text]
    if next_step(advice) == NEXT_PLATFORM and PLATFORM not in channels:
        problems.append("下一步 names the platform without its card")

    # Private transfers: the anti-fraud route and the payment channel, never a platform.
    if private:
        if PLATFORM in channels:
            problems.append("platform card for a private transfer")
        if ANTI_FRAUD not in channels or PAYMENT_CHANNEL not in channels:
            problems.append("private transfer without the anti-fraud or payment route")
        elif not settled(facts):
            anti_fraud = "".join(channels[ANTI_FRAUD].reasons)
            payment = "".join(channels[PAYMENT_CHANNEL].reasons)
            if not all(words in anti_fraud for words in ("110", "96110", "国家反诈中心")):
                problems.append("anti-fraud route does not name 110, 96110 and the app")
            if not all(words in payment for words in ("微信支付", "支付宝", "银行")):
                problems.append("payment route does not name 微信支付, 支付宝 and the bank")
    elif ANTI_FRAUD in channels or PAYMENT_CHANNEL in channels:
        problems.append("private-transfer routes on a platform order")

    # Small claims after a failed appeal: 12315 and 黑猫 stay options with the cost said.
    failed = facts.appeal_outcome in ("rejected", "no_answer")
    small = amount is not None and amount < SMALL
    if small and failed and not private and not settled(facts) and facts.seller_fault is not False:
        for channel in (C12315, HEIMAO):
            if channels[channel].advice not in (RECOMMENDED, OPTIONAL):
                problems.append(f"small claim: {channel} is not an option")
            if channels[channel].advice == OPTIONAL and "代价" not in "".join(
                channels[channel].reasons
            ):
                problems.append(f"small claim: {channel} without the cost note")
    return problems


@pytest.mark.parametrize(
    ("amount", "appeal", "fraud", "payment"),
    COMBINATIONS,
    ids=["/".join(combination) for combination in COMBINATIONS],
)
def test_every_combination_keeps_the_promises(amount, appeal, fraud, payment):
    broken = {}
    for facts in behind(amount, appeal, fraud, payment):
        problems = check(facts)
        if problems:
            broken[facts] = problems
    assert not broken, "\n".join(f"{facts}: {problems}" for facts, problems in broken.items())


def test_the_table_covers_every_band_result_answer_and_method():
    assert len(COMBINATIONS) == 5 * 5 * 3 * 3


def test_the_checks_can_fail(monkeypatch):
    """A promise the checker cannot see broken is no promise: feed it yesterday's advice."""
    from cases.rules import escalation

    facts = ChannelFacts(
        amount=Decimal("30"), fraud_signs=None, payment_method="private", seller_fault=True
    )
    monkeypatch.setattr(
        escalation,
        "police_advice",
        lambda situation: escalation.Recommendation(
            POLICE, NOT_ADVISED, ("这笔订单 30 元，没有超过 500 元，也没有发现诈骗迹象。",)
        ),
    )
    problems = check(facts)
    assert "police 不建议 although fraud is 是 or 不确定" in problems
    assert "没有发现诈骗迹象 said without the buyer answering 否" in problems


def facts(amount="200", **fields) -> ChannelFacts:
    defaults = {
        "amount": Decimal(amount) if amount is not None else None,
        "fraud_signs": False,
        "payment_method": "platform",
        "appeal_outcome": "rejected",
        "negotiation_outcome": "refused",
        "seller_fault": True,
    }
    return ChannelFacts(**(defaults | fields))


NAMED = [
    (
        "the issue's small claim: 30 元, appeal rejected, no fraud",
        facts("30"),
        [(C12315, OPTIONAL), (HEIMAO, OPTIONAL), (POLICE, NOT_ADVISED)],
        NEXT_CHANNELS,
    ),
    (
        "the issue's WeChat transfer: 200 元, fraud 不确定",
        facts("200", payment_method="private", fraud_signs=None, appeal_outcome="none"),
        [
            (ANTI_FRAUD, RECOMMENDED),
            (PAYMENT_CHANNEL, RECOMMENDED),
            (C12315, RECOMMENDED),
            (POLICE, OPTIONAL),
            (HEIMAO, NOT_ADVISED),
        ],
        NEXT_CHANNELS,
    ),
    (
        "private transfer scam at 800 元",
        facts("800", payment_method="private", fraud_signs=True, appeal_outcome="none"),
        [
            (ANTI_FRAUD, RECOMMENDED),
            (POLICE, RECOMMENDED),
            (PAYMENT_CHANNEL, RECOMMENDED),
            (C12315, RECOMMENDED),
            (HEIMAO, NOT_ADVISED),
        ],
        NEXT_CHANNELS,
    ),
    (
        "platform order, seller refused, no appeal yet, fraud 不确定",
        facts("200", fraud_signs=None, appeal_outcome="none"),
        [(PLATFORM, RECOMMENDED), (C12315, NOT_YET), (HEIMAO, NOT_YET), (POLICE, NOT_YET)],
        NEXT_PLATFORM,
    ),
    (
        "600 元 after a rejected appeal",
        facts("600"),
        [(C12315, RECOMMENDED), (HEIMAO, RECOMMENDED), (POLICE, RECOMMENDED)],
        NEXT_CHANNELS,
    ),
    (
        "the platform refunded, but the seller showed signs of fraud",
        facts("200", appeal_outcome="refunded", fraud_signs=True),
        [(POLICE, OPTIONAL), (C12315, NOT_ADVISED), (HEIMAO, NOT_ADVISED)],
        NEXT_NONE,
    ),
    (
        "exactly 500 元 by private transfer, no fraud",
        facts("500", payment_method="private", appeal_outcome="none"),
        [
            (PAYMENT_CHANNEL, RECOMMENDED),
            (C12315, RECOMMENDED),
            (ANTI_FRAUD, OPTIONAL),
            (POLICE, NOT_ADVISED),
            (HEIMAO, NOT_ADVISED),
        ],
        NEXT_CHANNELS,
    ),
    (
        "不需要了, paid by WeChat transfer, fraud 不确定: nothing to file, the route is there",
        facts(
            "80",
            payment_method="private",
            fraud_signs=None,
            appeal_outcome="none",
            seller_fault=False,
        ),
        [
            (ANTI_FRAUD, OPTIONAL),
            (POLICE, NOT_YET),
            (PAYMENT_CHANNEL, NOT_ADVISED),
            (C12315, NOT_ADVISED),
            (HEIMAO, NOT_ADVISED),
        ],
        NEXT_NONE,
    ),
    (
        "a partial refund from the seller, no appeal yet: appeal for the rest",
        facts("200", negotiation_outcome="partly_refunded", appeal_outcome="none"),
        [(PLATFORM, RECOMMENDED), (C12315, NOT_YET), (HEIMAO, NOT_YET), (POLICE, NOT_ADVISED)],
        NEXT_PLATFORM,
    ),
]


@pytest.mark.parametrize(
    ("description", "case_facts", "expected", "next_kind"), NAMED, ids=[n[0] for n in NAMED]
)
def test_named_cases(description, case_facts, expected, next_kind):
    advice = advise(case_facts)
    assert [(item.channel, item.advice) for item in advice] == expected
    assert next_step(advice) == next_kind
    assert check(case_facts) == []


def test_the_small_claim_after_a_rejected_appeal_reads_honestly():
    advice = by_channel(advise(facts("30")))
    assert advice[C12315].reasons == (
        "平台驳回了你的申诉。",
        "这时可以向市场监管部门投诉：通过全国12315平台（网站、App 或小程序）提交，"
        "也可以找当地消费者协会。材料里要有订单号、商家信息、平台的处理结果和证据。",
        "这笔订单 30 元，不到 100 元。12315 投诉不收费，但要准备材料、填表、等受理，"
        "之后还要跟进。这样付出的代价可能比能要回来的钱还多。值不值得，你自己决定。",
    )


def test_fraud_not_sure_on_a_platform_order_points_to_the_delivery_record():
    police = by_channel(advise(facts("200", fraud_signs=None, appeal_outcome="none")))[POLICE]
    assert police.reasons[0] == "第 1 步问有没有诈骗迹象，你还没有确定。"
    assert "发货记录和卡密使用日志" in police.reasons[1]
    after = by_channel(advise(facts("200", fraud_signs=None)))[POLICE]
    assert not any("平台申诉时" in reason for reason in after.reasons)


def test_the_partial_refund_is_not_called_no_result():
    platform = by_channel(advise(facts("200", negotiation_outcome="partly_refunded")))
    assert PLATFORM not in platform  # the appeal was rejected: the platform road is done
    pending = advise(facts("200", negotiation_outcome="partly_refunded", appeal_outcome="none"))
    assert "商家只退了一部分" in by_channel(pending)[PLATFORM].reasons[0]
    assert "还没有结果" not in text_of(pending)


@pytest.mark.parametrize("appeal", ["none", "pending"])
@pytest.mark.parametrize("amount", ["30", "200"])
def test_the_buyers_own_reasons_are_not_sent_to_the_platform(appeal, amount):
    # The appeal page says a platform does not take up a change of mind; stage 5 agrees.
    own = facts(amount, seller_fault=False, appeal_outcome=appeal, negotiation_outcome="none")
    advice = advise(own)
    assert PLATFORM not in by_channel(advice)
    assert next_step(advice, own_reason=True) == NEXT_GOODWILL
    # The same facts with a failing of the seller's keep the platform card and its next step.
    theirs = advise(facts(amount, appeal_outcome=appeal, negotiation_outcome="none"))
    assert PLATFORM in by_channel(theirs)
    assert next_step(theirs) == NEXT_PLATFORM


def test_signs_of_fraud_still_lead_to_a_channel_whatever_the_reason():
    advice = advise(facts("200", seller_fault=False, fraud_signs=True, appeal_outcome="none"))
    assert next_step(advice, own_reason=True) == NEXT_CHANNELS


def test_before_step_1_says_what_went_wrong_the_way_cannot_be_told():
    advice = advise(facts("800", seller_fault=None, appeal_outcome="none"))
    assert next_step(advice, answered=False) == NEXT_ANSWER
    assert next_step(advice) != NEXT_ANSWER
