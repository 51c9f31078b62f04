"""Recommend outside channels (外部维权) from the facts of a case (DESIGN §3.5, FACTS part 5).

Pure: plain data in, Recommendations out. No ORM, no request, so a table of tests
can pin every rule. Outside channels are slow and cost time, so they come last:
after a failed or unreasonable platform appeal, or straight away when there is no
platform to appeal to, and the police when the amount is large or there are signs
of fraud.
"""

from dataclasses import dataclass
from decimal import Decimal

from cases import wording
from cases.choices import (
    CHANNEL_NAMES,
    NOT_LOGGED,
    PLATFORM,
    Advice,
    AppealOutcome,
    Channel,
    NegotiationOutcome,
    PaymentMethod,
)

C12315, HEIMAO, POLICE = Channel.C12315, Channel.BLACK_CAT, Channel.POLICE
RECOMMENDED, NOT_YET, NOT_ADVISED = Advice.RECOMMENDED, Advice.NOT_YET, Advice.NOT_ADVISED

# Appeal outcomes; NOT_LOGGED when no appeal is on record.
APPEAL_FAILED = frozenset({AppealOutcome.REJECTED, AppealOutcome.NO_ANSWER})
APPEAL_DECIDED = APPEAL_FAILED | {AppealOutcome.REFUNDED}


@dataclass(frozen=True)
class ChannelFacts:
    """What the recommendation depends on; every field may still be unknown."""

    amount: Decimal | None = None
    fraud_signs: bool | None = None
    payment_method: str = ""  # "platform", "private" or "" (not answered)
    appeal_outcome: str = NOT_LOGGED  # none / pending / refunded / rejected / no_answer
    appeal_unreasonable: bool = False  # the buyer finds the platform's decision unreasonable
    negotiation_outcome: str = NOT_LOGGED  # none / pending / refunded / partly_refunded / refused …
    seller_fault: bool | None = None  # None while stage 1 is unanswered or unclear
    resolved: bool = False


@dataclass(frozen=True)
class Recommendation:
    channel: str
    advice: str
    reasons: tuple[str, ...]

    @property
    def name(self) -> str:
        return CHANNEL_NAMES[self.channel]

    @property
    def advice_label(self) -> str:
        return Advice(self.advice).label

    @property
    def recommended(self) -> bool:
        return self.advice == RECOMMENDED


SETTLED = "钱已经退回，不需要再走外部渠道。"
RESOLVED = (
    "这个案件已经标记为结束，不需要再走外部渠道。如果钱其实还没要回来，下面的材料仍然可以用。"
)
OWN_REASON = (
    "从第 1 步的回答看，问题出在你自己这边（例如不需要了、觉得太贵），不是商家的过错。"
    "这种情况外部渠道通常也不会支持你退款。"
)
APPEAL_NOT_TRIED = (
    "你还没有记录平台申诉。外部渠道处理慢，是最后一步：先找商家协商，再向平台申诉，"
    "平台解决通常快得多。申诉失败或结果不合理时，再来这里。"
)
APPEAL_PENDING = (
    "平台还在处理你的申诉，先等结果。外部渠道处理慢，平台驳回、不答复或结果不合理时再用。"
)
SLOW_NOTE = "外部渠道处理慢，要等几周甚至更久，留好受理号，按时跟进。"
PRIVATE_NO_PLATFORM = "你是私下转账付款的（例如微信转账），没有平台可以申诉，只能找平台以外的渠道。"


def _small_claim_reason(amount: Decimal, limit: Decimal) -> str:
    return (
        f"这笔订单 {wording.amount(amount)}，不到 {wording.amount(limit)}。"
        "外部投诉要花不少时间和精力，付出的代价可能比能要回来的钱还多。"
        "建议继续走平台的流程：补充证据再次申诉，或者联系平台客服跟进。"
    )


def _appeal_failed_reason(facts: ChannelFacts) -> str:
    if facts.appeal_outcome == AppealOutcome.REJECTED:
        return "平台驳回了你的申诉。"
    if facts.appeal_outcome == "no_answer":
        return "平台一直没有答复你的申诉。"
    return "平台已经处理了你的申诉，但你认为结果不合理。"


def _platform_advice(facts: ChannelFacts, *, small: bool, limit: Decimal) -> Recommendation | None:
    """Return the advice to stay with the platform, or None when that road is finished."""
    if facts.payment_method == PaymentMethod.PRIVATE:
        return None
    reasons: list[str] = []
    if facts.appeal_outcome == NOT_LOGGED:
        if facts.negotiation_outcome in {"refused", "no_answer"}:
            reasons.append("商家拒绝或没有按时回复，下一步是向平台申诉（订单详情 → 退款纠纷）。")
        elif facts.negotiation_outcome == NOT_LOGGED:
            reasons.append("先按“三步法”找商家协商；大多数平台要求先协商、再申诉。")
        else:
            reasons.append("协商还没有结果。商家拒绝或到期不回复时，就向平台申诉。")
    elif facts.appeal_outcome == "pending":
        reasons.append("平台还在处理你的申诉，留意平台的消息，按要求补充材料。")
    if small and not facts.fraud_signs and facts.amount is not None:
        reasons.append(_small_claim_reason(facts.amount, limit))
    return Recommendation(PLATFORM, RECOMMENDED, tuple(reasons)) if reasons else None


def _complaint_advice(
    channel: str, facts: ChannelFacts, *, small: bool, limit: Decimal
) -> Recommendation:
    """Return the advice for 12315 or 黑猫投诉, which share their timing rules."""
    fraud = facts.fraud_signs is True
    if facts.payment_method == PaymentMethod.PRIVATE:
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
        if small and not fraud and facts.amount is not None:
            reasons.append(
                f"不过这笔钱不到 {wording.amount(limit)}，投诉要花时间和精力，值不值得你自己权衡。"
            )
        return Recommendation(channel, RECOMMENDED, tuple(reasons))
    if facts.appeal_outcome == NOT_LOGGED:
        return Recommendation(channel, NOT_YET, (APPEAL_NOT_TRIED,))
    if facts.appeal_outcome == "pending":
        return Recommendation(channel, NOT_YET, (APPEAL_PENDING,))
    if small and not fraud and facts.amount is not None:
        return Recommendation(channel, NOT_ADVISED, (_small_claim_reason(facts.amount, limit),))
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
    reasons.append(SLOW_NOTE)
    return Recommendation(channel, RECOMMENDED, tuple(reasons))


def _police_advice(facts: ChannelFacts, *, large: bool, threshold: Decimal) -> Recommendation:
    fraud = facts.fraud_signs is True
    limit = wording.amount(threshold)
    if not fraud and (not large or facts.seller_fault is False):
        if facts.seller_fault is False:
            situation = "问题出在你自己这边，不是商家骗你。"
        elif facts.amount is None:
            situation = "你还没有填订单金额，也没有发现诈骗迹象。"
        else:
            situation = (
                f"这笔订单 {wording.amount(facts.amount)}，没有超过 {limit}，也没有发现诈骗迹象。"
            )
        return Recommendation(
            POLICE,
            NOT_ADVISED,
            (
                f"{situation}报案适合金额较大（超过 {limit}）或有诈骗迹象的情况。"
                "如果后来发现伪造发货记录、假卡密这类诈骗迹象，再考虑报案。",
            ),
        )
    reasons: list[str] = []
    if fraud:
        reasons.append("商家有诈骗迹象（例如伪造发货记录、发来假卡密），可以向公安机关报案。")
    if large and facts.amount is not None:
        reasons.append(
            f"这笔订单 {wording.amount(facts.amount)}，超过 {limit}，金额较大，可以报案。"
        )
    reasons.append("卡盟交易有时牵涉洗钱或非法销售，这时商家可能已经构成犯罪，警方可以查。")
    if facts.payment_method == PaymentMethod.PRIVATE:
        reasons.append(PRIVATE_NO_PLATFORM)
    elif facts.appeal_outcome in {NOT_LOGGED, AppealOutcome.PENDING}:
        reasons.append("报案不影响平台申诉，两边可以同时进行；平台那边通常更快把钱退回来。")
    reasons.append("带上报案材料（下面生成）和证据原件，到当地派出所报案，记下报案回执上的编号。")
    return Recommendation(POLICE, RECOMMENDED, tuple(reasons))


def recommend_channels(
    facts: ChannelFacts,
    *,
    police_threshold: Decimal = Decimal("500"),
    small_claim_limit: Decimal = Decimal("100"),
) -> list[Recommendation]:
    """Return the advice for every channel with its reasons, strongest advice first.

    The police are advised when the amount is strictly over police_threshold or
    there are signs of fraud; below small_claim_limit (and without fraud) the
    buyer is told to stay with the platform.
    """
    if facts.resolved:
        return [Recommendation(c, NOT_ADVISED, (RESOLVED,)) for c in (C12315, HEIMAO, POLICE)]
    settled_by_seller = facts.negotiation_outcome == NegotiationOutcome.REFUNDED
    settled_by_platform = (
        facts.appeal_outcome == AppealOutcome.REFUNDED and not facts.appeal_unreasonable
    )
    if settled_by_seller or settled_by_platform:
        return [Recommendation(c, NOT_ADVISED, (SETTLED,)) for c in (C12315, HEIMAO, POLICE)]

    amount = facts.amount
    large = amount is not None and amount > police_threshold
    small = amount is not None and amount < small_claim_limit
    fraud = facts.fraud_signs is True

    advice: list[Recommendation] = []
    platform = _platform_advice(facts, small=small, limit=small_claim_limit)
    if platform is not None:
        advice.append(platform)
    if facts.seller_fault is False and not fraud:
        advice += [Recommendation(c, NOT_ADVISED, (OWN_REASON,)) for c in (C12315, HEIMAO)]
    else:
        for channel in (C12315, HEIMAO):
            advice.append(_complaint_advice(channel, facts, small=small, limit=small_claim_limit))
    advice.append(_police_advice(facts, large=large, threshold=police_threshold))
    order = {RECOMMENDED: 0, NOT_YET: 1, NOT_ADVISED: 2}
    return sorted(advice, key=lambda item: order[item.advice])
