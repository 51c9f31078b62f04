"""Recommend outside channels (外部维权) from the facts of a case (DESIGN §3.5, FACTS part 5).

Pure: plain data in, Recommendations out. No ORM, no request, so a table of tests
can pin every rule. Outside channels are slow and cost time, so they come last:
after a failed or unreasonable platform appeal, or straight away when there is no
platform to appeal to, and the police when the amount is large or there are signs
of fraud. Advice never sends the buyer back to a step that already has a result,
and never says "没有发现诈骗迹象" unless the buyer answered 否.
"""

from dataclasses import dataclass
from decimal import Decimal

from cases import wording
from cases.choices import (
    ANTI_FRAUD,
    CHANNEL_NAMES,
    NOT_LOGGED,
    PAYMENT_CHANNEL,
    PLATFORM,
    Advice,
    AppealOutcome,
    Channel,
    NegotiationOutcome,
    PaymentMethod,
)

C12315, HEIMAO, POLICE = Channel.C12315, Channel.BLACK_CAT, Channel.POLICE
RECOMMENDED, OPTIONAL, NOT_YET, NOT_ADVISED = (
    Advice.RECOMMENDED,
    Advice.OPTIONAL,
    Advice.NOT_YET,
    Advice.NOT_ADVISED,
)
STRENGTH = {RECOMMENDED: 0, OPTIONAL: 1, NOT_YET: 2, NOT_ADVISED: 3}

# Appeal outcomes; NOT_LOGGED when no appeal is on record.
APPEAL_FAILED = frozenset({AppealOutcome.REJECTED, AppealOutcome.NO_ANSWER})
APPEAL_DECIDED = APPEAL_FAILED | {AppealOutcome.REFUNDED}
# The seller answered: negotiating again is not the next step.
NEGOTIATION_ANSWERED = frozenset(
    {NegotiationOutcome.REFUSED, NegotiationOutcome.NO_ANSWER, NegotiationOutcome.PARTLY_REFUNDED}
)


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


@dataclass(frozen=True)
class _Situation:
    """The facts, read once: what every channel's advice is decided on."""

    facts: ChannelFacts
    police_threshold: Decimal
    small_claim_limit: Decimal

    @property
    def fraud(self) -> bool:
        return self.facts.fraud_signs is True

    @property
    def fraud_unsure(self) -> bool:
        """Return True when fraud was answered 不确定 or not answered: it is not ruled out."""
        return self.facts.fraud_signs is None

    @property
    def private(self) -> bool:
        return self.facts.payment_method == PaymentMethod.PRIVATE

    @property
    def own_reason(self) -> bool:
        return self.facts.seller_fault is False

    @property
    def large(self) -> bool:
        return self.facts.amount is not None and self.facts.amount > self.police_threshold

    @property
    def small(self) -> bool:
        """Return True for a small claim without signs of fraud: escalating may cost more."""
        amount = self.facts.amount
        return amount is not None and amount < self.small_claim_limit and not self.fraud

    @property
    def appeal_open(self) -> bool:
        """Return True while the platform road is not finished: no appeal yet, or one pending."""
        return not self.private and self.facts.appeal_outcome not in APPEAL_DECIDED


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
APPEAL_NOT_TRIED_AFTER_SELLER = (
    "你还没有记录平台申诉。外部渠道处理慢，是最后一步：你已经找商家协商过了，下一步是向平台申诉，"
    "平台解决通常快得多。申诉失败或结果不合理时，再来这里。"
)
APPEAL_NOT_TRIED_WAITING = (
    "你还没有记录平台申诉。外部渠道处理慢，是最后一步：商家拒绝或到期不回复时，先向平台申诉，"
    "平台解决通常快得多。申诉失败或结果不合理时，再来这里。"
)
APPEAL_PENDING = (
    "平台还在处理你的申诉，先等结果。外部渠道处理慢，平台驳回、不答复或结果不合理时再用。"
)
SLOW_NOTE = "外部渠道处理慢，要等几周甚至更久，留好受理号，按时跟进。"
PRIVATE_NO_PLATFORM = "你是私下转账付款的（例如微信转账），没有平台可以申诉，只能找平台以外的渠道。"
FRAUD_UNSURE = "第 1 步问有没有诈骗迹象，你还没有确定。"
FRAUD_SIGNS = "商家有诈骗迹象（例如伪造发货记录、发来假卡密），可以向公安机关报案。"
PRIVATE_SCAM_PATTERN = (
    "私下转账是骗子常用的收钱方式：对方收钱后不发货、拉黑你或不再回复，就很可能是诈骗。"
)
CRIME_NOTE = "卡盟交易有时牵涉洗钱或非法销售，这时商家可能已经构成犯罪，警方可以查。"
REPORT_HOW = "带上报案材料（下面生成）和证据原件，到当地派出所报案，记下报案回执上的编号。"
ANTI_FRAUD_STEPS = (
    "正在被骗时（例如对方还在催你转钱、要“解冻费”），马上打 110。",
    "96110 是反诈专线，可以打过去咨询、求助。",
    "国家反诈中心 App 里可以举报诈骗。",
)
PAYMENT_STEPS = (
    "用微信支付或支付宝付的：在账单里找到这笔转账，打开账单详情，从那里投诉。",
    "用银行卡转的：联系发卡银行，说明情况，问能不能对这笔交易提出争议。",
    "投诉时附上聊天记录和转账记录的截图。",
)


def _small_claim_note(situation: _Situation) -> str:
    limit = wording.amount(situation.small_claim_limit)
    return f"这笔订单 {wording.amount(situation.facts.amount)}，不到 {limit}。"


def _appeal_failed_reason(facts: ChannelFacts) -> str:
    if facts.appeal_outcome == AppealOutcome.REJECTED:
        return "平台驳回了你的申诉。"
    if facts.appeal_outcome == AppealOutcome.NO_ANSWER:
        return "平台一直没有答复你的申诉。"
    return "平台已经处理了你的申诉，但你认为结果不合理。"


def _platform_advice(situation: _Situation) -> Recommendation | None:
    """Return the advice to stay with the platform, or None when that road is finished."""
    facts = situation.facts
    if not situation.appeal_open:
        return None
    reasons: list[str] = []
    if facts.appeal_outcome == AppealOutcome.PENDING:
        reasons.append("平台还在处理你的申诉，留意平台的消息，按要求补充材料。")
    elif facts.negotiation_outcome == NegotiationOutcome.PARTLY_REFUNDED:
        reasons.append("商家只退了一部分。你不接受的话，下一步是向平台申诉，要回剩下的钱。")
    elif facts.negotiation_outcome in NEGOTIATION_ANSWERED:
        reasons.append("商家拒绝或没有按时回复，下一步是向平台申诉（订单详情 → 退款纠纷）。")
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


def _complaint_cost_note(channel: str, situation: _Situation) -> str:
    what = (
        "12315 投诉不收费，但要准备材料、填表、等受理，之后还要跟进。"
        if channel == C12315
        else "黑猫投诉也不收费，但要写清经过、等商家回应，结果没有保证。"
    )
    return (
        f"{_small_claim_note(situation)}{what}"
        "这样付出的代价可能比能要回来的钱还多。值不值得，你自己决定。"
    )


def _complaint_advice(channel: str, situation: _Situation) -> Recommendation:
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


def _police_advice(situation: _Situation) -> Recommendation:
    facts = situation.facts
    limit = wording.amount(situation.police_threshold)
    when = f"报案适合金额较大（超过 {limit}）或有诈骗迹象的情况。"
    if situation.fraud or (situation.large and not situation.own_reason):
        reasons: list[str] = []
        if situation.fraud:
            reasons.append(FRAUD_SIGNS)
        if situation.large:
            reasons.append(
                f"这笔订单 {wording.amount(facts.amount)}，超过 {limit}，金额较大，可以报案。"
            )
        reasons.append(CRIME_NOTE)
        if situation.private:
            reasons.append(PRIVATE_NO_PLATFORM)
        elif situation.appeal_open:
            reasons.append("报案不影响平台申诉，两边可以同时进行；平台那边通常更快把钱退回来。")
        reasons.append(REPORT_HOW)
        return Recommendation(POLICE, RECOMMENDED, tuple(reasons))
    if situation.fraud_unsure and situation.private and not situation.own_reason:
        return Recommendation(
            POLICE,
            OPTIONAL,
            (FRAUD_UNSURE, PRIVATE_SCAM_PATTERN, "遇到这种情况，可以向公安机关报案。", REPORT_HOW),
        )
    if situation.fraud_unsure:
        reasons = [FRAUD_UNSURE]
        if situation.own_reason:
            reasons.insert(0, "从第 1 步的回答看，问题出在你自己这边，不是商家的过错。")
        elif situation.appeal_open:
            reasons.append(
                "平台申诉时，请平台查商家的发货记录和卡密使用日志。查出伪造的记录，就是诈骗迹象。"
            )
        reasons.append(f"{when}发现伪造发货记录、假卡密这类迹象时，就可以报案。")
        return Recommendation(POLICE, NOT_YET, tuple(reasons))
    # Only here was fraud answered 否: the one place "没有发现诈骗迹象" may be said.
    if situation.own_reason:
        situation_text = "问题出在你自己这边，你也没有发现诈骗迹象。"
    elif facts.amount is None:
        situation_text = "你还没有填订单金额，也没有发现诈骗迹象。"
    else:
        situation_text = (
            f"这笔订单 {wording.amount(facts.amount)}，没有超过 {limit}，也没有发现诈骗迹象。"
        )
    reasons = [f"{situation_text}{when}如果后来发现伪造发货记录、假卡密这类诈骗迹象，再考虑报案。"]
    if situation.private:
        reasons.append(PRIVATE_SCAM_PATTERN + "这时也可以报案。")
    return Recommendation(POLICE, NOT_ADVISED, tuple(reasons))


def _anti_fraud_advice(situation: _Situation) -> Recommendation:
    """Return the anti-fraud route for a private transfer: 110, 96110, the 国家反诈中心 app."""
    if situation.fraud:
        return Recommendation(
            ANTI_FRAUD,
            RECOMMENDED,
            ("商家有诈骗迹象，钱又是私下转账付的，没有平台保障。", *ANTI_FRAUD_STEPS),
        )
    if situation.fraud_unsure:
        return Recommendation(
            ANTI_FRAUD, RECOMMENDED, (FRAUD_UNSURE, PRIVATE_SCAM_PATTERN, *ANTI_FRAUD_STEPS)
        )
    return Recommendation(
        ANTI_FRAUD,
        OPTIONAL,
        (
            "你答的是没有发现诈骗迹象。不过"
            + PRIVATE_SCAM_PATTERN
            + "遇到这种情况，可以这样求助。",
            *ANTI_FRAUD_STEPS,
        ),
    )


def _payment_channel_advice(situation: _Situation) -> Recommendation:
    """Return the complaint through the payment channel for a private transfer."""
    if situation.own_reason and not situation.fraud:
        return Recommendation(
            PAYMENT_CHANNEL,
            NOT_ADVISED,
            (
                "从第 1 步的回答看，问题出在你自己这边，不是商家的过错。"
                "向微信支付、支付宝或银行投诉，通常也要不回这笔钱。",
            ),
        )
    return Recommendation(
        PAYMENT_CHANNEL,
        RECOMMENDED,
        (
            "私下转账没有平台保障，但可以向付款渠道投诉这笔交易，请它们协助处理。",
            *PAYMENT_STEPS,
        ),
    )


def _closed_advice(situation: _Situation, reason: str) -> list[Recommendation]:
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
    situation = _Situation(facts, police_threshold, small_claim_limit)
    if facts.resolved:
        return sorted(_closed_advice(situation, RESOLVED), key=lambda i: STRENGTH[i.advice])
    settled_by_seller = facts.negotiation_outcome == NegotiationOutcome.REFUNDED
    settled_by_platform = (
        facts.appeal_outcome == AppealOutcome.REFUNDED and not facts.appeal_unreasonable
    )
    if settled_by_seller or settled_by_platform:
        return sorted(_closed_advice(situation, SETTLED), key=lambda i: STRENGTH[i.advice])

    advice: list[Recommendation] = []
    if situation.private:
        advice += [_anti_fraud_advice(situation), _police_advice(situation)]
        advice.append(_payment_channel_advice(situation))
    else:
        platform = _platform_advice(situation)
        if platform is not None:
            advice.append(platform)
    advice += [_complaint_advice(channel, situation) for channel in (C12315, HEIMAO)]
    if not situation.private:
        advice.append(_police_advice(situation))
    return sorted(advice, key=lambda item: STRENGTH[item.advice])


# What the page's 下一步 box says; each has its editable text (escalation_next_<kind>).
NEXT_CHANNELS, NEXT_PLATFORM, NEXT_NONE = "channels", "platform", "none"
# Routes whose 可以考虑 is a way to the money (a small claim), not a report after the fact.
_MONEY_ROUTES = frozenset({C12315, HEIMAO, PAYMENT_CHANNEL})


def next_step(advice: list[Recommendation]) -> str:
    """Return what to do next from the advice: use a channel, stay with the platform, or nothing.

    The platform is next only while its card is shown, which is only while the appeal has
    no result: the page can never send the buyer back to a finished step.
    """
    if any(
        item.channel != PLATFORM
        and (item.recommended or (item.advice == OPTIONAL and item.channel in _MONEY_ROUTES))
        for item in advice
    ):
        return NEXT_CHANNELS
    if any(item.channel == PLATFORM for item in advice):
        return NEXT_PLATFORM
    return NEXT_NONE
