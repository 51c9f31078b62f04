"""Recommend outside channels (外部维权) from the facts of a case (DESIGN §3.5, FACTS part 5).

Pure: plain data in, Recommendations out. No ORM, no request, so a table of tests
can pin every rule. Outside channels are slow and cost time, so they come last:
after a failed or unreasonable platform appeal, or straight away when there is no
platform to appeal to, and the police when the amount is large or there are signs
of fraud. Advice never sends the buyer back to a step that already has a result,
and never says "没有发现诈骗迹象" unless the buyer answered 否.
"""

from decimal import Decimal

from cases import wording
from cases.choices import (
    ANTI_FRAUD,
    CHANNEL_NAMES,
    NOT_LOGGED,
    PAYMENT_CHANNEL,
    PLATFORM,
    AppealOutcome,
    NegotiationOutcome,
)
from cases.rules.channels import (
    APPEAL_FAILED,
    APPEAL_NOT_TRIED,
    APPEAL_NOT_TRIED_AFTER_SELLER,
    APPEAL_NOT_TRIED_WAITING,
    APPEAL_PENDING,
    C12315,
    HEIMAO,
    NEGOTIATION_ANSWERED,
    NOT_ADVISED,
    NOT_YET,
    OPTIONAL,
    OWN_REASON,
    POLICE,
    PRIVATE_NO_PLATFORM,
    RECOMMENDED,
    RESOLVED,
    SETTLED,
    SLOW_NOTE,
    STRENGTH,
    ChannelFacts,
    Recommendation,
    Situation,
)
from cases.rules.negotiation import SELLER_FAILED
from cases.rules.police import anti_fraud_advice, payment_channel_advice, police_advice

__all__ = [
    "APPEAL_FAILED",
    "C12315",
    "CHANNEL_NAMES",
    "HEIMAO",
    "NOT_ADVISED",
    "NOT_YET",
    "OPTIONAL",
    "PLATFORM",
    "POLICE",
    "RECOMMENDED",
    "ChannelFacts",
    "Recommendation",
    "next_step",
    "recommend_channels",
]


def _small_claim_note(situation: Situation) -> str:
    limit = wording.amount(situation.small_claim_limit)
    return f"{situation.deal} {wording.amount(situation.facts.amount)}，不到 {limit}。"


def _appeal_failed_reason(facts: ChannelFacts) -> str:
    if facts.appeal_outcome == AppealOutcome.REJECTED:
        return "平台驳回了你的申诉。"
    if facts.appeal_outcome == AppealOutcome.NO_ANSWER:
        return "平台一直没有答复你的申诉。"
    return "平台已经处理了你的申诉，但你认为结果不合理。"


def _platform_advice(situation: Situation) -> Recommendation | None:
    """Return the advice to stay with the platform, or None when that road is finished."""
    facts = situation.facts
    # A change of mind is not a dispute a platform takes up (the appeal page says so): no
    # card sends the buyer there.
    if not situation.appeal_open or situation.own_reason:
        return None
    reasons: list[str] = []
    if facts.appeal_outcome == AppealOutcome.PENDING:
        reasons.append("平台还在处理你的申诉，留意平台的消息，按要求补充材料。")
    elif facts.negotiation_outcome == NegotiationOutcome.PARTLY_REFUNDED:
        reasons.append("商家只退了一部分。你不接受的话，下一步是向平台申诉，要回剩下的钱。")
    elif facts.negotiation_outcome in SELLER_FAILED:
        failed = SELLER_FAILED[facts.negotiation_outcome]
        reasons.append(f"{failed}，下一步是向平台申诉（订单详情 → 退款纠纷）。")
    elif facts.negotiation_outcome == NOT_LOGGED:
        reasons.append("先按“三步法”找商家协商；大多数平台要求先协商、再申诉。")
    else:
        reasons.append("协商还没有结果。商家拒绝或到期不回复时，就向平台申诉。")
    if situation.small:
        reasons.append(
            f"{_small_claim_note(situation)}外部投诉要花不少时间和精力，"
            "付出的代价可能比能要回来的钱还多。这样的小纠纷，最好在平台的流程里解决。"
        )
    return Recommendation(PLATFORM, RECOMMENDED, tuple(reasons))


def _complaint_cost_note(channel: str, situation: Situation) -> str:
    what = (
        "12315 投诉不收费，但要准备材料、填表、等受理，之后还要跟进。"
        if channel == C12315
        else "黑猫投诉也不收费，但要写清经过、等商家回应，结果没有保证。"
    )
    return (
        f"{_small_claim_note(situation)}{what}"
        "这样付出的代价可能比能要回来的钱还多。值不值得，你自己决定。"
    )


def _complaint_advice(channel: str, situation: Situation) -> Recommendation:
    """Return the advice for 12315 or 黑猫投诉, which share their timing rules."""
    facts = situation.facts
    if situation.own_reason and not situation.fraud:
        return Recommendation(channel, NOT_ADVISED, (OWN_REASON,))
    if situation.private:
        if channel == HEIMAO:
            return Recommendation(
                channel,
                NOT_ADVISED,
                (
                    "黑猫投诉要选一家商家或平台作为投诉对象；私下转账的对方往往只是个人账号，"
                    "很难找到可以投诉的对象。",
                ),
            )
        reasons = [
            PRIVATE_NO_PLATFORM,
            "12315 是正规的消费投诉渠道（全国12315平台，也可以找当地消费者协会），"
            "把聊天记录和转账记录一起交上去。",
        ]
        if situation.small:
            reasons.append(_complaint_cost_note(channel, situation))
            return Recommendation(channel, OPTIONAL, tuple(reasons))
        return Recommendation(channel, RECOMMENDED, tuple(reasons))
    if facts.appeal_outcome == AppealOutcome.PENDING:
        return Recommendation(channel, NOT_YET, (APPEAL_PENDING,))
    if situation.appeal_open:
        if facts.negotiation_outcome == NOT_LOGGED:
            why = APPEAL_NOT_TRIED
        elif facts.negotiation_outcome in NEGOTIATION_ANSWERED:
            why = APPEAL_NOT_TRIED_AFTER_SELLER
        else:
            why = APPEAL_NOT_TRIED_WAITING
        return Recommendation(channel, NOT_YET, (why,))
    reasons = [_appeal_failed_reason(facts)]
    if channel == C12315:
        reasons.append(
            "这时可以向市场监管部门投诉：通过全国12315平台（网站、App 或小程序）提交，"
            "也可以找当地消费者协会。材料里要有订单号、商家信息、平台的处理结果和证据。"
        )
    else:
        reasons.append(
            "黑猫投诉是公开的投诉平台，投诉会公开展示，能给商家和平台带来舆论压力，"
            "常常能促使对方回应。"
        )
    if situation.small:
        reasons.append(_complaint_cost_note(channel, situation))
        return Recommendation(channel, OPTIONAL, tuple(reasons))
    reasons.append(SLOW_NOTE)
    return Recommendation(channel, RECOMMENDED, tuple(reasons))


def _closed_advice(situation: Situation, reason: str) -> list[Recommendation]:
    """Return the advice once the money is back or the case is closed.

    Nothing is needed to get the money, but a fraud that is not ruled out may still be
    reported: the police and the anti-fraud route stay an option.
    """
    channels = [C12315, HEIMAO, POLICE]
    if situation.private:
        channels = [ANTI_FRAUD, PAYMENT_CHANNEL, *channels]
    advice = []
    for channel in channels:
        if channel in (POLICE, ANTI_FRAUD) and (situation.fraud or situation.fraud_unsure):
            still = (
                "商家有诈骗迹象，仍然可以举报或报案，帮警方查这个商家。"
                if situation.fraud
                else "如果你后来确认对方在骗人（例如伪造发货记录），仍然可以举报或报案。"
            )
            advice.append(Recommendation(channel, OPTIONAL, (reason, still)))
        else:
            advice.append(Recommendation(channel, NOT_ADVISED, (reason,)))
    return advice


def settled(facts: ChannelFacts) -> bool:
    """Return True once the money is back or the case is closed: nothing more to pursue."""
    by_seller = facts.negotiation_outcome == NegotiationOutcome.REFUNDED
    by_platform = facts.appeal_outcome == AppealOutcome.REFUNDED and not facts.appeal_unreasonable
    return facts.resolved or by_seller or by_platform


def recommend_channels(
    facts: ChannelFacts,
    *,
    police_threshold: Decimal = Decimal("500"),
    small_claim_limit: Decimal = Decimal("100"),
) -> list[Recommendation]:
    """Return the advice for every channel with its reasons, strongest advice first.

    The police are advised when the amount is strictly over police_threshold or there
    are signs of fraud; a fraud not ruled out is never 不建议. Below small_claim_limit
    (and without fraud) the complaints are an option whose cost the buyer weighs.
    """
    situation = Situation(facts, police_threshold, small_claim_limit)
    if facts.resolved:
        return sorted(_closed_advice(situation, RESOLVED), key=lambda i: STRENGTH[i.advice])
    if settled(facts):
        return sorted(_closed_advice(situation, SETTLED), key=lambda i: STRENGTH[i.advice])

    advice: list[Recommendation] = []
    if situation.private:
        advice += [anti_fraud_advice(situation), police_advice(situation)]
        advice.append(payment_channel_advice(situation))
    else:
        platform = _platform_advice(situation)
        if platform is not None:
            advice.append(platform)
    advice += [_complaint_advice(channel, situation) for channel in (C12315, HEIMAO)]
    if not situation.private:
        advice.append(police_advice(situation))
    return sorted(advice, key=lambda item: STRENGTH[item.advice])


# What the page's 下一步 box says; each has its editable text (escalation_next_<kind>).
NEXT_CHANNELS, NEXT_PLATFORM, NEXT_NONE = "channels", "platform", "none"
# The buyer's own reasons: no platform or outside channel takes them up; record the end.
NEXT_GOODWILL = "goodwill"
# Step 1 not answered: which way to go cannot be told yet.
NEXT_ANSWER = "answer"
# A complaint or report already filed and not answered: follow it up.
NEXT_FILED = "filed"
# Routes whose 可以考虑 is a way to the money (a small claim), not a report after the fact.
_MONEY_ROUTES = frozenset({C12315, HEIMAO, PAYMENT_CHANNEL})


def next_step(
    advice: list[Recommendation],
    *,
    own_reason: bool = False,
    answered: bool = True,
    filed: bool = False,
) -> str:
    """Return what to do next from the advice: use a channel, stay with the platform, or nothing
    (for the buyer's own reasons, NEXT_GOODWILL: say so and how to record the end). Before
    step 1 says what went wrong (answered False), NEXT_ANSWER: answer it first. With a
    filing still being handled (filed), NEXT_FILED: follow that up before filing again.

    The platform is next only while its card is shown, which is only while the appeal has
    no result: the page can never send the buyer back to a finished step.
    """
    if not answered:
        return NEXT_ANSWER
    if filed:
        return NEXT_FILED
    if any(
        item.channel != PLATFORM
        and (item.recommended or (item.advice == OPTIONAL and item.channel in _MONEY_ROUTES))
        for item in advice
    ):
        return NEXT_CHANNELS
    if own_reason:
        return NEXT_GOODWILL
    if any(item.channel == PLATFORM for item in advice):
        return NEXT_PLATFORM
    return NEXT_NONE
