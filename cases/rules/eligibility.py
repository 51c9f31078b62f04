"""Decide whether a refund is worth claiming, from the answers of stage 1 (DESIGN §3.1).

Pure: plain data in, a Verdict out. No ORM, no request, so a table of tests can
pin every rule.
"""

from dataclasses import dataclass
from decimal import Decimal

from cases import wording
from cases.choices import OWN_REASONS, SPECIAL_GOODS, CodeSymptom, PaymentMethod, Problem
from cases.choices import Verdict as VerdictLabel
from cases.rules.progress import own_reasons_only

SELLER_FAULT_REASONS = {
    Problem.LATE: (
        "商家没有按约定时间发货（例如承诺 1 小时内到账，24 小时后还没收到）。"
        "没按约定交付，属于商家违约，可以要求退款。"
    ),
    Problem.NOT_AS_DESCRIBED: (
        "商品和描述严重不符（例如写着“终身VIP”，实际只是短期试用）。"
        "货不对板是商家的责任，可以要求退款。"
    ),
    Problem.INVALID_CODE: (
        "卡密或激活码无效，或者一输入就显示“已被使用”。商品本身有缺陷，可以要求退款。"
    ),
    Problem.SOFTWARE_BROKEN: "软件无法运行。商品本身有缺陷，可以要求退款。",
    Problem.NOT_WORKING: (
        "账号、会员或服务用不了，或者付了钱一直没有开通。商家没有提供你买的服务，可以要求退款。"
    ),
}
# A code that does not work, said as the buyer told us it fails (the symptom question).
CODE_SYMPTOM_REASONS = {
    CodeSymptom.USED: "卡密一输入就显示“已被使用”。商品本身有缺陷，可以要求退款。",
    CodeSymptom.INVALID: "卡密或激活码输入后提示无效或错误。商品本身有缺陷，可以要求退款。",
    CodeSymptom.NOT_CREDITED: (
        "充值显示成功，却一直没有到账。你买的东西没有交付到手，可以要求退款。"
    ),
}
LATE_AS_PROMISED = "商家承诺{promise}，却没有按时发货。没按约定交付，属于商家违约，可以要求退款。"
FRAUD_REASON = (
    "你发现了商家欺诈的迹象（例如伪造发货记录）。商家有欺诈行为的，"
    "你可以依据《消费者权益保护法》要求退款。"
)
YES, NO, UNSURE = VerdictLabel.YES, VerdictLabel.NO, VerdictLabel.UNSURE
YES_UNPROTECTED = VerdictLabel.YES_UNPROTECTED
TITLES = dict(VerdictLabel.choices)

OWN_REASON_EXPLANATION = (
    "“发现自己不需要”“觉得太贵”是买家自己的原因。大多数卡盟平台不支持无理由退款："
    "虚拟商品一旦交付（卡密已发出、账号已绑定），就可以被无限复制，商家没法阻止它被转卖。"
    "这是行业惯例。"
)
GOODWILL_SUGGESTION = (
    "你最多可以礼貌地问商家能不能通融退款，但对方没有义务答应。"
    "下次购买前，先看清退款政策和发货时效。"
)
SPECIAL_GOODS_CAUTION = (
    "二手账号、定制服务这类商品，很多平台标注“特殊商品不退换”。先查看商品页和平台规则，"
    "弄清楚它是否适用于你的订单。"
)
NOTICE_CAUTION = (
    "商品页标注了“不支持退款”或“特殊商品不退换”。商家和平台可能拿这条拒绝你，"
    "所以更要把商家的过错讲清楚、证据留完整。"
)
# The same notice beside a failing of the seller's: what the buyer can say back (FACTS:
# notices that exclude the buyer's rights are void, 第二十六条).
NOTICE_RIGHTS = (
    "这类声明不能排除你因为商品有问题、没有交付而要求退款的权利（《消费者权益保护法》第二十六条）。"
)
NOTICE_VOID_REASON = (
    "商品页虽然写着不退款，但商家有欺诈行为（例如伪造发货记录）时，这种声明保护不了商家："
    "依据《消费者权益保护法》第二十六条，这类排除消费者权利的声明无效，你仍然可以要求退款。"
)
PRIVATE_TRANSFER_CAUTION = (
    "你是私下转账付的款，这笔交易没有平台的付款保障，平台通常不受理申诉。"
    "可以向付款渠道投诉（微信支付、支付宝或银行），也可以找平台以外的渠道。"
)
# Why the police are suggested, as the buyer's own answers put it.
POLICE_FRAUD_CAUTION = (
    "商家有诈骗迹象，可以向公安机关报案；正在被骗时，马上打 110，也可以打 96110 反诈专线求助。"
)
POLICE_AMOUNT_CAUTION = "这笔订单超过 {limit}，可以向公安机关报案。"
# A change of mind paid by private transfer: there is no claim to take anywhere, so no channel
# is named (a complaint or a police report for 不需要了 wastes the buyer's time and theirs).
PRIVATE_TRANSFER_OWN_REASON_CAUTION = (
    "你是私下转账付的款，这笔交易没有平台的付款保障："
    "商家不答应通融，也没有平台能帮你调解。下次买虚拟商品，在平台上下单付款。"
)
PRIVATE_FRAUD_UNSURE_CAUTION = (
    "有没有诈骗迹象，你还没有确定。私下转账是骗子常用的收钱方式："
    "对方收钱后不发货、拉黑你或不再回复，就很可能是诈骗。"
    "这时可以打 96110 反诈专线求助，或者向公安机关报案；正在被骗时，马上打 110。"
)
OTHER_PROBLEM_NOTE = (
    "你选了“其他问题”。如果问题出在商家（没交付、货不对板、商品或服务用不了），通常可以要求退款；"
    "如果是自己的原因，通常不行。在上面选一个最接近的问题，这里就能给出结论。"
)
UNANSWERED_NOTE = "选择商品类型和出了什么问题，这里就会显示结论和理由。"


@dataclass(frozen=True)
class EligibilityAnswers:
    """The stage-1 answers; every field may still be unanswered."""

    goods_kind: str = ""
    problems: frozenset[str] = frozenset()
    no_refund_notice: bool | None = None
    fraud_signs: bool | None = None
    payment_method: str = ""
    amount: Decimal | None = None
    promised_delivery: str = ""  # the buyer's own words, e.g. "1 小时内到账"
    code_symptom: str = ""  # a CodeSymptom: how a code that does not work fails


@dataclass(frozen=True)
class Verdict:
    label: str  # a choices.Verdict code; also the CSS modifier kr-verdict--<label>
    reasons: tuple[str, ...] = ()
    cautions: tuple[str, ...] = ()
    suggest_prevention: bool = False
    suggest_police: bool = False
    answered: bool = True

    @property
    def title(self) -> str:
        return TITLES[self.label]


def _fault_reason(code: str, answers: EligibilityAnswers) -> str:
    """Return the reason for one seller fault, in the buyer's own words where we have them."""
    if code == Problem.LATE and answers.promised_delivery.strip():
        return LATE_AS_PROMISED.format(promise=wording.quote(answers.promised_delivery))
    if code == Problem.INVALID_CODE and answers.code_symptom in CODE_SYMPTOM_REASONS:
        return CODE_SYMPTOM_REASONS[answers.code_symptom]
    return SELLER_FAULT_REASONS[code]


def eligibility_verdict(
    answers: EligibilityAnswers, *, police_threshold: Decimal = Decimal("500")
) -> Verdict:
    """Return whether the buyer can claim a refund, with the reasons and the cautions."""
    problems = set(answers.problems)
    seller_faults = [code for code in SELLER_FAULT_REASONS if code in problems]
    fraud = answers.fraud_signs is True
    own_reasons = problems & OWN_REASONS

    reasons: list[str] = [_fault_reason(code, answers) for code in seller_faults]
    cautions: list[str] = []
    if fraud:
        reasons.append(FRAUD_REASON)

    private = answers.payment_method == PaymentMethod.PRIVATE
    if seller_faults or fraud:
        # Without the platform's payment protection the claim stands but no one enforces it.
        label = YES_UNPROTECTED if private else YES
        if answers.no_refund_notice is True:
            if fraud:
                reasons.append(NOTICE_VOID_REASON)
            else:
                cautions.append(NOTICE_CAUTION + NOTICE_RIGHTS)
        if own_reasons:
            where = "投诉或报案时" if private else "申诉时"
            cautions.append(
                f"{where}只讲商家的问题。“不需要了”“觉得太贵”不算退款理由，"
                "写进去反而会削弱你的说法。"
            )
    elif own_reasons_only(problems, answers.fraud_signs):
        # Only a change of mind: beside 其他 it may not be all, the other may be the seller's.
        label = NO
        reasons.append(OWN_REASON_EXPLANATION)
        reasons.append(GOODWILL_SUGGESTION)
    else:
        label = UNSURE
        reasons.append(OTHER_PROBLEM_NOTE if Problem.OTHER in problems else UNANSWERED_NOTE)
        if answers.no_refund_notice is True:
            cautions.append(NOTICE_CAUTION)

    if answers.goods_kind in SPECIAL_GOODS:
        cautions.append(SPECIAL_GOODS_CAUTION)

    suggest_police = False
    if private and label == NO:
        cautions.append(PRIVATE_TRANSFER_OWN_REASON_CAUTION)
    elif private:
        cautions.append(PRIVATE_TRANSFER_CAUTION)
        large = answers.amount is not None and answers.amount > police_threshold
        if fraud:
            suggest_police = True
            cautions.append(POLICE_FRAUD_CAUTION)
        else:
            if large:
                suggest_police = True
                limit = wording.amount(police_threshold)
                cautions.append(POLICE_AMOUNT_CAUTION.format(limit=limit))
            if answers.fraud_signs is None:
                # A scam not ruled out: the anti-fraud line and 110 whatever the amount.
                suggest_police = True
                cautions.append(PRIVATE_FRAUD_UNSURE_CAUTION)

    return Verdict(
        label=label,
        reasons=tuple(reasons),
        cautions=tuple(cautions),
        suggest_prevention=label in (NO, YES_UNPROTECTED),
        suggest_police=suggest_police,
        answered=bool(problems),
    )
