"""What a case puts into each placeholder: the values every text is filled with.

Pure: CaseFacts in, strings out, every value in the house format (cases.wording) and
only what the buyer gave us: an empty value becomes a 待补充 mark, or, for an optional
placeholder (cases.texts.placeholders.OPTIONAL), drops its line.
"""

from collections.abc import Iterable
from decimal import Decimal

from cases import wording
from cases.choices import (
    SELLER_FAULTS,
    AppealOutcome,
    Channel,
    CodeSymptom,
    GoodsKind,
    NegotiationOutcome,
    PaymentMethod,
    Problem,
    Remedy,
)
from cases.facts import AttemptFacts, CaseFacts

# One plain clause per seller-fault problem, for every text that names the problem.
FAULT_CLAUSES = {
    # No "now": the clause also stands in a dated story and in a text sent days later.
    # What the buyer saw: nothing arrived. Whether the seller sent it, they cannot know.
    Problem.LATE: "过了约定的时间还没有收到商品",
    Problem.NOT_AS_DESCRIBED: "收到的商品和页面描述严重不符",
    # Which message the code gave is CodeSymptom (SYMPTOM_CLAUSES); without it, the fact alone.
    Problem.INVALID_CODE: "卡密无法正常使用",
    Problem.SOFTWARE_BROKEN: "软件无法正常运行",
    Problem.NOT_WORKING: "买到的账号或服务没法正常使用",
}

# The buyer's own reasons, told as they are when no failing of the seller's is given: the
# buyer answered the question, so no text may mark the problem as missing (【待补充】), and
# none may dress a change of mind up as the seller's fault.
OWN_CLAUSES = {
    # 后来, not 下单后: a private transfer has no order.
    Problem.NOT_NEEDED: "后来发现自己用不上这个商品",
    Problem.TOO_EXPENSIVE: "后来觉得价格太贵",
}

# The exact symptom of a code that does not work, when the buyer told us which.
SYMPTOM_CLAUSES = {
    CodeSymptom.USED: "输入卡密后提示“已被使用”",
    CodeSymptom.INVALID: "输入卡密后提示卡密无效或错误",
    CodeSymptom.NOT_CREDITED: "充值显示成功，但一直没有到账",
}


def problem_clause(
    problems: Iterable[str], *, promised_delivery: str = "", symptom: str = "", detail: str = ""
) -> str:
    """Return the seller's failings as one clause; without one, the buyer's own reasons;
    "" when neither was given. The buyer's own words on what exactly is wrong follow in
    brackets, or, for a problem the list has no words for (其他), are the clause."""
    told = _problem_told(problems, promised_delivery=promised_delivery, symptom=symptom)
    detail = wording.clauses([detail])
    if told and detail:
        return f"{told}（{detail}）"
    return told or detail


def _problem_told(problems: Iterable[str], *, promised_delivery: str, symptom: str) -> str:
    chosen = set(problems)
    clauses = []
    for code, clause in FAULT_CLAUSES.items():
        if code not in chosen:
            continue
        if code == Problem.LATE and promised_delivery.strip():
            # No subject: the same clause goes to the seller (贵店) and about them (商家).
            clause = f"约定{wording.quote(promised_delivery)}，但过了约定的时间还没有收到商品"
        if code == Problem.INVALID_CODE and symptom in SYMPTOM_CLAUSES:
            clause = SYMPTOM_CLAUSES[symptom]
        clauses.append(clause)
    if not clauses:
        own = [clause for code, clause in OWN_CLAUSES.items() if code in chosen]
        # Both reasons read as one: 后来发现自己用不上这个商品，也觉得价格太贵.
        return "，也".join([*own[:1], *(c.removeprefix("后来") for c in own[1:])])
    return wording.clauses(clauses)


def case_values(facts: CaseFacts) -> dict[str, str]:
    """Return the case placeholders' values; an empty value means not known yet."""
    return {
        "product_name": facts.product_name,
        "platform_name": facts.platform_name,
        "order_number": facts.order_number,
        # The same number, named for a private transfer's messages (…_private texts).
        "transfer_number": facts.order_number,
        "seller_id": facts.seller_id,
        "amount": wording.amount(facts.amount),
        "ordered_at": wording.moment(facts.ordered_at),
        "promised_delivery": facts.promised_delivery,
        "problem": problem_clause(
            facts.problems,
            promised_delivery=facts.promised_delivery,
            symptom=facts.code_symptom,
            detail=facts.problem_detail,
        ),
        "first_use": first_use(facts),
        "law": law(facts),
        "request": request_clause(facts),
        "favour": favour(facts),
        "seller_reply": seller_reply(facts),
        "next_step": next_step(facts),
        "platform_check": platform_check(facts.problems),
    }


# What the platform can check for each failing: the seller's delivery log shows whether a
# code or an order went out, and when; a code's own use record shows who used it and when
# (the answer to "你自己用掉了"); a mismatch or a fault shows in the goods themselves.
PLATFORM_CHECKS = {
    Problem.LATE: ("核实商家的发货记录",),
    Problem.INVALID_CODE: ("核实商家的发货记录", "查看这张卡密的使用记录"),
    Problem.NOT_AS_DESCRIBED: ("核实收到的商品和页面描述是否一致",),
    Problem.SOFTWARE_BROKEN: ("核实商家交付的商品能不能正常使用",),
    Problem.NOT_WORKING: ("核实商家交付的商品能不能正常使用",),
}


def platform_check(problems: Iterable[str]) -> str:
    """Return what the appeal asks the platform to check, for the problems the buyer chose."""
    chosen = set(problems)
    checks = [c for code, each in PLATFORM_CHECKS.items() if code in chosen for c in each]
    if not checks and chosen & set(OWN_CLAUSES):
        # A change of mind gives the platform nothing to check: it is asked to mediate.
        return "帮忙和商家协调"
    if not checks:
        return "核实情况"
    checks = list(dict.fromkeys(checks))
    return "，".join(checks[:-1]) + f"，并{checks[-1]}" if len(checks) > 1 else checks[0]


def next_step(facts: CaseFacts) -> str:
    """Return what the buyer will do if the seller does nothing: no platform to appeal to
    after a private transfer; once an appeal is on record, not the appeal again but what
    comes after it (12315), or, while the platform is still deciding, a reminder to it."""
    # A complaint already filed is not threatened again: the seller's answer goes into it.
    if any(record.channel == Channel.C12315 for record in facts.escalations):
        return "我会把贵店的处理情况补充到已经提交的 12315 投诉里"
    if facts.payment_method == PaymentMethod.PRIVATE:
        return "我将通过其他渠道维权"
    if facts.appeals:
        if facts.appeals[-1].outcome == AppealOutcome.PENDING:
            return "我将请平台尽快处理我的申诉"
        return "我将通过全国12315平台向市场监管部门投诉"
    return "我将向平台申诉"


# Goods that do not work as they must: 《消费者权益保护法》第二十四条 (退货、更换). Articles
# 24–26 as numbered since the 2013 revision; the wording follows the law's text, shortened.
DEFECTS = frozenset({Problem.INVALID_CODE, Problem.SOFTWARE_BROKEN, Problem.NOT_WORKING})


def law(facts: CaseFacts) -> str:
    """Return the articles of 《消费者权益保护法》 the facts support; "" when none does.

    第二十四条 only for defective goods; 第二十六条 only against a no-refund notice the buyer
    saw, and only beside a failing of the seller's (a notice cannot excuse a defect).
    """
    cited = []
    if DEFECTS & set(facts.problems):
        # The article's first sentence word for word: shortened, it dropped its condition
        # (依照国家规定、当事人约定) and claimed more than the law gives.
        cited.append(
            "依照《消费者权益保护法》第二十四条，经营者提供的商品或者服务不符合质量要求的，"
            "消费者可以依照国家规定、当事人约定退货，或者要求经营者履行更换、修理等义务"
        )
    if facts.no_refund_notice and facts.seller_fault:
        cited.append(
            "商品页上“不支持退款”一类的声明，依照同法第二十六条，不能排除消费者的这些权利"
            if cited
            else "商品页上“不支持退款”一类的声明，依照《消费者权益保护法》第二十六条，"
            "不能排除消费者的权利"
        )
    return f"{wording.clauses(cited)}。" if cited else ""


# Whose records show a code's use, by the kind of goods; unknown kinds say 官方 alone.
OPERATORS = {GoodsKind.GAME_CARD: "游戏官方", GoodsKind.LICENCE: "软件官方"}


def first_use(facts: CaseFacts) -> str:
    """Return what the operator's records say about the code's first use; "" if not given.
    A first use before the order was placed is said in so many words: it is the proof."""
    if facts.first_used_at is None and not facts.first_used_by.strip():
        return ""
    account = facts.first_used_by.strip()
    by = f"被账号{wording.quote(account)}" if account else "被"
    when = f"在 {wording.moment(facts.first_used_at)} 就" if facts.first_used_at else "已经"
    before = (
        "，比我下单的时间还早"
        if facts.first_used_at and facts.ordered_at and facts.first_used_at < facts.ordered_at
        else ""
    )
    operator = OPERATORS.get(facts.goods_kind, "官方")
    return f"{operator}的使用记录显示，这张卡密{when}{by}使用过{before}。"


# A replacement in the words of the goods: a card is 一张卡密, a licence 一个激活码.
REPLACEMENTS = {
    GoodsKind.GAME_CARD: "补发一张可以正常使用的卡密",
    GoodsKind.LICENCE: "补发一个可以正常使用的激活码",
}


def refunded(facts: CaseFacts) -> Decimal | None:
    """Return what the seller paid back in partial refunds, as logged; None if no sum is."""
    sums = [
        a.refunded_amount
        for a in facts.negotiations
        if a.outcome == NegotiationOutcome.PARTLY_REFUNDED and a.refunded_amount
    ]
    return sum(sums, Decimal(0)) if sums else None


def request_clause(facts: CaseFacts) -> str:
    """Return what the buyer asks for, as they chose it in step 1; "" when not chosen. Once
    the seller paid part back (a logged 部分退款 with its sum), the rest is asked for."""
    back = refunded(facts)
    if facts.remedy == Remedy.REFUND:
        if back and facts.amount and back < facts.amount:
            return (
                f"退回剩下的 {wording.amount(facts.amount - back)}"
                f"（订单 {wording.amount(facts.amount)}，已经退回 {wording.amount(back)}）"
            )
        return f"全额退款 {wording.amount(facts.amount)}".rstrip()
    if facts.remedy == Remedy.PARTIAL:
        # 共: the sum the buyer wants back in all, as step 1 asks it (一共), not on top of
        # what the seller already paid; said in so many words once part has come back.
        amount = wording.amount(facts.remedy_amount)
        if not amount:
            return "部分退款"
        if back and back < facts.remedy_amount:
            return (
                f"再退 {wording.amount(facts.remedy_amount - back)}"
                f"（一共要求退 {amount}，已经退回 {wording.amount(back)}）"
            )
        paid = any(a.outcome == NegotiationOutcome.PARTLY_REFUNDED for a in facts.negotiations)
        return f"部分退款，共 {amount}（含已经退回的部分）" if paid else f"部分退款，共 {amount}"
    if facts.remedy == Remedy.REPLACEMENT:
        # Goods that never came are not sent again: the seller is asked to send them at last.
        faults = set(facts.problems) & SELLER_FAULTS
        if faults == {Problem.LATE}:
            return "尽快发货"
        # Goods unlike their page are exchanged for what the page promised, not sent again.
        if faults == {Problem.NOT_AS_DESCRIBED}:
            return "换成和页面描述一致的商品"
        if faults == {Problem.INVALID_CODE}:  # a code, whatever the goods: 卡密 or 激活码
            return REPLACEMENTS.get(facts.goods_kind, REPLACEMENTS[GoodsKind.GAME_CARD])
        return REPLACEMENTS.get(facts.goods_kind, "补发一份可以正常使用的商品")
    return ""


# What a goodwill request asks, as the buyer chose it in step 1: only what they want, never
# an exchange they did not offer; both when they have not said.
FAVOURS = {
    Remedy.REFUND: "帮我退款",
    Remedy.REPLACEMENT: "帮我换成别的商品",
    Remedy.PARTIAL: "退一部分钱给我",
}
ANY_FAVOUR = "帮我退款或者换成别的商品"


def favour(facts: CaseFacts) -> str:
    """Return what the buyer asks the seller, as a favour, to do (the goodwill request)."""
    if facts.remedy == Remedy.PARTIAL and facts.remedy_amount:
        return f"退 {wording.amount(facts.remedy_amount)}给我"
    return FAVOURS.get(facts.remedy, ANY_FAVOUR)


def seller_reply(facts: CaseFacts) -> str:
    """Return what came of the messages to the seller, as on record; "" when none.

    The first contact and the latest are told (a promise made at the first and broken by
    the last is the buyer's strongest fact); past two, the later ones are counted and only
    the latest told, so the statement stays short however long the negotiation ran.
    """
    if not facts.negotiations:
        return ""
    first, *rest = facts.negotiations
    told = _contact(first, f"我在 {wording.moment(first.sent_at)} 联系了商家")
    if len(rest) == 1:
        told += _contact(rest[0], f"我在 {wording.moment(rest[0].sent_at)} 再次联系了商家")
    elif rest:
        when = wording.moment(rest[-1].sent_at)
        told += _contact(rest[-1], f"之后又联系过 {len(rest)} 次，最近一次在 {when}")
    return told


def _contact(attempt: AttemptFacts, contacted: str) -> str:
    """Return one contact with the seller and how it ended, as one sentence."""
    said = (
        f"，商家回复{wording.quote(attempt.seller_answer)}" if attempt.seller_answer.strip() else ""
    )
    asked = f"，请商家在 {wording.moment(attempt.deadline)} 前处理" if attempt.deadline else ""
    part = f" {wording.amount(attempt.refunded_amount)}" if attempt.refunded_amount else "一部分钱"
    endings = {
        NegotiationOutcome.PENDING: f"{asked}{said}，现在还在等商家处理。",
        NegotiationOutcome.REFUSED: f"{said}，拒绝处理。" if said else "，商家拒绝处理。",
        NegotiationOutcome.NO_ANSWER: (
            f"{asked}{said}，到期还是没有解决。" if said else f"{asked}，商家到期没有回复。"
        ),
        NegotiationOutcome.PROMISED: (
            f"{asked}{said}，答应会处理，但到现在还没有做到。"
            if said
            else f"{asked}，商家答应会处理，但到现在还没有做到。"
        ),
        NegotiationOutcome.PARTLY_REFUNDED: (
            f"{said}，只退了{part}。" if said else f"，商家只退了{part}。"
        ),
        NegotiationOutcome.REFUNDED: f"{said}，已经退款。" if said else "，商家已经退款。",
        NegotiationOutcome.BLOCKED: (
            f"{asked}{said}，之后把我拉黑了，无法再联系。"
            if said
            else f"{asked}，商家随后把我拉黑了，无法再联系。"
        ),
    }
    return contacted + endings.get(attempt.outcome, f"{said}。")


def last_contact(attempt: AttemptFacts, *, private: bool = False) -> str:
    """Return the message a follow-up refers to: when it went out and the deadline it set."""
    # 贵店, as in the first message: the follow-up goes to the same shop in the same voice.
    # Paid by private transfer, there is no shop and no order: 你, and this 交易.
    seller, deal = ("你", "交易") if private else ("贵店", "订单")
    sent = f"我在 {wording.moment(attempt.sent_at)} 联系过{seller}"
    when = f"在 {wording.moment(attempt.deadline)} 前" if attempt.deadline else ""
    promised = f"，{seller}也答应了" if attempt.outcome == NegotiationOutcome.PROMISED else ""
    return f"{sent}，当时请{seller}{when}处理这笔{deal}的问题{promised}"
