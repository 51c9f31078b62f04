"""The vocabulary of the outside-channel advice: its facts, its result and its sentences.

Shared by cases.rules.escalation (which channel, in which order) and cases.rules.police
(the police, the anti-fraud line and the payment channel). Pure: no ORM, no request.
"""

from dataclasses import dataclass
from decimal import Decimal

from cases.choices import (
    CHANNEL_NAMES,
    NOT_LOGGED,
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
    {
        NegotiationOutcome.REFUSED,
        NegotiationOutcome.NO_ANSWER,
        NegotiationOutcome.PROMISED,
        NegotiationOutcome.PARTLY_REFUNDED,
        NegotiationOutcome.BLOCKED,
    }
)


@dataclass(frozen=True)
class Entrance:
    """One official way in to an outside channel: a sentence, and its website if it has one."""

    text: str
    site: str = ""  # the address as a buyer types it: www.12315.cn
    url: str = ""


# The official ways in, named where the buyer files (the escalation page, each channel's
# texts). Plain text and plain links the buyer follows: the site itself never sends a
# request to any of them.
OFFICIAL_ENTRANCES: dict[str, tuple[Entrance, ...]] = {
    C12315: (
        Entrance("全国12315平台网站：", "www.12315.cn", "https://www.12315.cn/"),
        Entrance("手机 App：在应用商店搜“全国12315平台”。"),
        Entrance("微信小程序：在微信里搜“全国12315平台”。"),
    ),
    HEIMAO: (
        Entrance(
            "黑猫投诉网站（投诉内容公开）：", "tousu.sina.com.cn", "https://tousu.sina.com.cn/"
        ),
    ),
    POLICE: (
        Entrance("到当地派出所报案。"),
        Entrance("正在被骗时，马上打 110。"),
        Entrance("96110 反诈专线：可以打过去咨询、求助。"),
    ),
}


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
class Situation:
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
    def deal(self) -> str:
        """这笔订单 on a platform; 这笔交易 for a private transfer, which has no order."""
        return "这笔交易" if self.private else "这笔订单"

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
SLOW_NOTE = "外部渠道处理慢，要等几周甚至更久，留好投诉编号，按时跟进。"
PRIVATE_NO_PLATFORM = "你是私下转账付的款，没有平台可以申诉，只能找平台以外的渠道。"
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
