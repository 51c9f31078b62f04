"""Every code the wizard stores or decides on, with its one Chinese label.

Models, rules, texts and templates all take codes and labels from here; a code
written as a bare string elsewhere is a bug waiting for a typo.
"""

from django.db import models


class Stage(models.TextChoices):
    ELIGIBILITY = "eligibility", "退款资格"
    EVIDENCE = "evidence", "证据"
    NEGOTIATION = "negotiation", "协商"
    APPEAL = "appeal", "平台申诉"
    ESCALATION = "escalation", "外部维权"


class StageStatus(models.TextChoices):
    TODO = "todo", "未开始"
    IN_PROGRESS = "in_progress", "进行中"
    DONE = "done", "已完成"
    NOT_APPLICABLE = "na", "不适用"


class GoodsKind(models.TextChoices):
    GAME_CARD = "game_card", "游戏点卡 / 充值卡"
    LICENCE = "licence", "软件授权 / 激活码"
    ACCOUNT_SERVICE = "account_service", "账号服务 / 会员"
    SECOND_HAND_ACCOUNT = "second_hand_account", "二手账号"
    CUSTOM_SERVICE = "custom_service", "定制服务"
    OTHER = "other", "其他"


# Goods that come as a code (卡密 / 激活码): what a reply to 卡密已发放 is about.
CODE_GOODS = frozenset({GoodsKind.GAME_CARD, GoodsKind.LICENCE})


class Problem(models.TextChoices):
    LATE = "late", "没有在约定时间内发货"
    NOT_AS_DESCRIBED = "not_as_described", "货不对板，和描述严重不符"
    INVALID_CODE = "invalid_code", "卡密 / 激活码无效或显示“已被使用”"
    SOFTWARE_BROKEN = "software_broken", "软件无法运行"
    NOT_WORKING = "not_working", "账号、会员或服务用不了，或者没有开通"
    NOT_NEEDED = "not_needed", "发现自己不需要了"
    TOO_EXPENSIVE = "too_expensive", "觉得太贵了"
    OTHER = "other", "其他"


class PaymentMethod(models.TextChoices):
    PLATFORM = "platform", "在平台下单付款"
    PRIVATE = "private", "私下转账（如微信转账）"


class Resolution(models.TextChoices):
    REFUNDED = "refunded", "全额退款"
    PARTLY_REFUNDED = "partly_refunded", "部分退款"
    GAVE_UP = "gave_up", "放弃"


class EvidenceKind(models.TextChoices):
    TRANSACTION = "transaction", "交易记录（订单截图）"
    COMMUNICATION = "communication", "沟通记录"
    FAILURE = "failure", "商品失效证明"
    OTHER = "other", "其他（付款记录、商家的发货记录回复等）"


class NegotiationOutcome(models.TextChoices):
    PENDING = "pending", "等待商家回复"
    REFUNDED = "refunded", "已退款"
    PARTLY_REFUNDED = "partly_refunded", "部分退款"
    # The seller said yes (会退 / 马上补发) and then did not do it.
    PROMISED = "promised", "商家答应了，但没有做到"
    REFUSED = "refused", "商家拒绝"
    NO_ANSWER = "no_answer", "到期未回复"
    BLOCKED = "blocked", "商家把我拉黑了，联系不上"


class AppealOutcome(models.TextChoices):
    PENDING = "pending", "等待平台处理"
    REFUNDED = "refunded", "平台判退款"
    REJECTED = "rejected", "申诉被驳回"
    NO_ANSWER = "no_answer", "平台没有答复"


class Channel(models.TextChoices):
    C12315 = "12315", "12315 消费投诉"
    BLACK_CAT = "heimao", "黑猫投诉"
    POLICE = "police", "公安机关报案"


class EscalationOutcome(models.TextChoices):
    PENDING = "pending", "处理中"
    RESOLVED = "resolved", "已解决"
    REJECTED = "rejected", "不予受理 / 无结果"


class ReminderKind(models.TextChoices):
    """Which passed moment a reminder mail is about (cases/rules/reminders.py decides)."""

    NEGOTIATION_DEADLINE = "negotiation_deadline", "给商家的期限已过"
    APPEAL_ANSWER = "appeal_answer", "平台该答复了"


class Verdict(models.TextChoices):
    """Stage 1's answer to "can I get my money back?" (also CSS kr-verdict--<code>)."""

    YES = "yes", "可以申请退款"
    # A seller fault paid by private transfer: the claim stands, the platform cannot help.
    YES_UNPROTECTED = "yes_unprotected", "可以要求退款，但没有平台保障"
    NO = "no", "通常不支持退款"
    UNSURE = "unsure", "还不能判断"


class CodeSymptom(models.TextChoices):
    """What exactly happens with a code that does not work, in the buyer's words."""

    USED = "used", "提示“已被使用”"
    INVALID = "invalid", "提示卡密无效或错误"
    NOT_CREDITED = "not_credited", "充值显示成功，但没有到账"


class Remedy(models.TextChoices):
    """What the buyer asks the seller for; every text states it in these words."""

    REFUND = "refund", "全额退款"
    REPLACEMENT = "replacement", "补发可用的商品"
    PARTIAL = "partial", "部分退款"


class Advice(models.TextChoices):
    """How strongly an outside channel is advised, strongest first (CSS kr-channel--<code>)."""

    RECOMMENDED = "recommended", "建议"
    # A real option whose cost the buyer weighs (a small claim after a failed appeal).
    OPTIONAL = "optional", "可以考虑"
    NOT_YET = "not_yet", "先别急"
    NOT_ADVISED = "not_advised", "不建议"


class YesNo(models.TextChoices):
    """A question the buyer may not know the answer to; stored as True / False / None."""

    YES = "yes", "是"
    NO = "no", "否"
    UNKNOWN = "unknown", "不确定"


# "Stay with the platform" is advised beside the outside channels but never logged as one.
PLATFORM = "platform"
# Routes for a private transfer, advised beside the channels but not filed through the wizard.
ANTI_FRAUD = "anti_fraud"
PAYMENT_CHANNEL = "payment_channel"
CHANNEL_NAMES = {
    PLATFORM: "继续走平台流程",
    ANTI_FRAUD: "反诈求助：110、96110、国家反诈中心 App",
    PAYMENT_CHANNEL: "向付款渠道投诉：微信支付、支付宝或银行",
    **dict(Channel.choices),
}
# A stage whose records hold no outcome yet (no attempt, appeal or filing logged).
NOT_LOGGED = "none"
# A case still open has no resolution.
OPEN = ""
RESOLUTION_NAMES = {**dict(Resolution.choices), OPEN: "未结束"}

# Problems that are the buyer's own reasons, not a failing of the seller (FACTS part 1).
OWN_REASONS = frozenset({Problem.NOT_NEEDED, Problem.TOO_EXPENSIVE})
# Problems a claim can stand on: the seller's failings. "其他" says nothing to a reader.
SELLER_FAULTS = frozenset(Problem) - OWN_REASONS - {Problem.OTHER}
# Goods where a refund is harder to get and the buyer is warned.
SPECIAL_GOODS = frozenset({GoodsKind.SECOND_HAND_ACCOUNT, GoodsKind.CUSTOM_SERVICE})
