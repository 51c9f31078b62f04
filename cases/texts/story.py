"""The case told as a dated story, in the pieces the outside-channel texts share.

Pure: plain data in, lines out. Every line states only what the buyer recorded;
a value the case lacks becomes a 【待补充：…】 mark (Lines.value), never a guess.
"""

from dataclasses import dataclass, replace
from datetime import date, time, tzinfo
from functools import lru_cache

from django.utils import timezone

from cases import wording
from cases.choices import AppealOutcome, EscalationOutcome, NegotiationOutcome, PaymentMethod
from cases.facts import AppealFacts, AttemptFacts, CaseFacts, FilingFacts
from cases.rules.escalation import C12315, CHANNEL_NAMES, HEIMAO, POLICE
from cases.texts.values import first_use, problem_clause, request_clause


@dataclass(frozen=True)
class Field:
    key: str  # unique within the page: used for element ids
    label: str
    text: str
    missing: tuple[str, ...] = ()


@dataclass(frozen=True)
class Complaint:
    channel: str
    fields: tuple[Field, ...]

    @property
    def name(self) -> str:
        return CHANNEL_NAMES[self.channel]

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(label for f in self.fields for label in f.missing))


class Lines:
    """Collect lines of one field and the labels of what it is missing."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.missing: list[str] = []

    def value(self, value: object, label: str) -> str:
        """Return the value as text, or the 待补充 mark (and remember it) when it is empty."""
        text = "" if value is None else str(value).strip()
        if not text:
            self.missing.append(label)
            return wording.missing(label)
        return text

    def add(self, line: str) -> None:
        self.lines.append(line)

    def field(self, key: str, label: str) -> Field:
        text = wording.close_up_marks("\n".join(self.lines))
        return Field(key, label, text, tuple(dict.fromkeys(self.missing)))


def request(facts: CaseFacts, text: Lines) -> str:
    """Return what the buyer asks for: their own words, else what they chose in step 1."""
    if facts.complaint_request.strip():
        return facts.complaint_request.strip()
    return f"要求商家{text.value(request_clause(facts), '你的要求')}。"


# No message to the seller logged: a text asks for the contact instead of telling the
# wizard's own record-keeping (还没有记录) to a platform or an official.
NEGOTIATION_UNTOLD = "什么时候联系的商家、商家怎么回复"

# How the money went, as a verb phrase before the amount; unknown: 付款 alone.
PAID = {PaymentMethod.PLATFORM: "通过平台付款", PaymentMethod.PRIVATE: "私下转账付款"}


# A private transfer has no order: the buyer's number is the transfer's (转账单号), and the
# seller is known by an account (微信号、QQ 号) rather than a platform's seller ID. The
# evidence form asks for them so (cases/forms/evidence.py).
ORDER_LABELS = {PaymentMethod.PRIVATE: "转账单号"}
SELLER_LABELS = {PaymentMethod.PRIVATE: "对方账号"}


def order_label(facts: CaseFacts) -> str:
    return ORDER_LABELS.get(facts.payment_method, "订单号")


def seller_label(facts: CaseFacts) -> str:
    return SELLER_LABELS.get(facts.payment_method, "商家ID")


def order_line(facts: CaseFacts, text: Lines) -> str:
    when = text.value(facts.ordered_at and wording.moment(facts.ordered_at), "下单时间")
    # A private transfer has no platform: ask for one only when the order went through one.
    # Names the buyer gave stand in 「」; a 【待补充】 mark needs no second pair of brackets.
    if facts.platform_name:
        where = f"在「{facts.platform_name}」"
    elif facts.payment_method == PaymentMethod.PRIVATE:
        where = ""
    else:
        where = f"在{text.value('', '平台名称')}"
    seller = f"（{seller_label(facts)}：{facts.seller_id}）" if facts.seller_id else ""
    product = f"「{facts.product_name}」" if facts.product_name else text.value("", "商品名称")
    order = text.value(facts.order_number, order_label(facts))
    amount = text.value(wording.amount(facts.amount), "金额")
    paid = PAID.get(facts.payment_method, "付款")
    numbered = f"{order_label(facts)} {order}"
    line = f"{when}，我{where}向商家{seller}购买{product}，{numbered}，{paid} {amount}。"
    if facts.promised_delivery:
        line += f"商家承诺{wording.quote(facts.promised_delivery)}。"
    return line


def problem_line(facts: CaseFacts, text: Lines, *, public: bool = False) -> str:
    problems = problem_clause(
        facts.problems, symptom=facts.code_symptom, detail=facts.problem_detail
    )
    found = text.value(problems, "遇到的问题")
    if facts.noticed_at:
        line = f"{wording.moment(facts.noticed_at)}，我发现问题：{found}。"
    else:
        line = f"出现的问题：{found}。"
    if facts.fraud_signs and not public:
        # Told to the police and 12315 as the buyer answered it; on a public site (黑猫投诉)
        # an accusation the buyer cannot yet back with details would expose them: left out.
        seen = facts.fraud_detail.strip().rstrip("。.")
        line += f"我发现商家有欺诈的迹象：{seen}。" if seen else "我发现商家有欺诈的迹象。"
    # The operator's record of the code's first use: the strongest proof (FACTS part 4).
    line += first_use(facts)
    return line


# The dated lines are pure functions of one frozen record (and of the time zone its times
# are written in), and each complaint text (12315, 黑猫投诉, police) tells the same records:
# each line is written once and reused.
def negotiation_line(attempt: AttemptFacts) -> str:
    return _negotiation_line(attempt, timezone.get_current_timezone())


def appeal_line(appeal: AppealFacts) -> str:
    return _appeal_line(appeal, timezone.get_current_timezone())


def escalation_line(record: FilingFacts) -> str:
    return _escalation_line(record, timezone.get_current_timezone())


# How a message to the seller ended, told as a clause of a dated story: after the seller's
# words (商家回复“…”，拒绝处理), and alone (商家拒绝处理). Still waiting: nothing to tell.
OUTCOMES_TOLD = {
    NegotiationOutcome.REFUSED: ("拒绝处理", "商家拒绝处理"),
    NegotiationOutcome.NO_ANSWER: ("到期没有解决", "商家到期没有回复"),
    # The seller's own words already say what they promised: only that it did not happen.
    NegotiationOutcome.PROMISED: ("但后来没有做到", "商家答应会处理，但没有做到"),
    NegotiationOutcome.PARTLY_REFUNDED: ("只退了一部分钱", "商家只退了一部分钱"),
    NegotiationOutcome.REFUNDED: ("已经退款", "商家已经退款"),
    NegotiationOutcome.BLOCKED: ("之后把我拉黑，无法再联系", "商家把我拉黑，无法再联系"),
}


def outcome_told(attempt: AttemptFacts) -> str:
    """Return what the seller said and how it ended, as one sentence; "" when neither."""
    after, alone = OUTCOMES_TOLD.get(attempt.outcome, ("", ""))
    if attempt.outcome == NegotiationOutcome.PARTLY_REFUNDED and attempt.refunded_amount:
        back = wording.amount(attempt.refunded_amount)
        after, alone = f"只退了 {back}", f"商家只退了 {back}"
    if attempt.seller_answer.strip():
        said = f"商家回复{wording.quote(attempt.seller_answer)}"
        return f"{said}，{after}。" if after else f"{said}。"
    return f"{alone}。" if alone else ""


@lru_cache(maxsize=4096)
def _negotiation_line(attempt: AttemptFacts, zone: tzinfo) -> str:
    line = f"{wording.moment(attempt.sent_at)}，我联系商家要求处理"
    if attempt.deadline:
        line += f"，请对方在 {wording.moment(attempt.deadline)} 前解决"
    return f"{line}。{outcome_told(attempt)}"


# How an appeal stands, told to an official: a result, or plainly that there is none yet.
APPEAL_TOLD = {
    AppealOutcome.PENDING: "平台还在处理，还没有结果",
    AppealOutcome.NO_ANSWER: "平台一直没有答复",
}


def appeal_told(appeal: AppealFacts) -> str:
    told = APPEAL_TOLD.get(appeal.outcome)
    return told or f"平台处理结果：{appeal.outcome_label or '没有记录'}"


@lru_cache(maxsize=1024)
def _appeal_line(appeal: AppealFacts, zone: tzinfo) -> str:
    ticket = f"（工单号 {appeal.ticket_number}）" if appeal.ticket_number else ""
    return f"{wording.moment(appeal.submitted_at)}，我向平台申诉{ticket}。{appeal_told(appeal)}。"


FILED = {
    C12315: "我通过 12315 提交了投诉",
    HEIMAO: "我在黑猫投诉发布了投诉",
    POLICE: "我向公安机关报了案",
}


# What each channel calls the number it gives: the form asks for 受理号 / 投诉编号 in one
# field, but a text names the one this channel gives.
REFERENCE_NAMES = {C12315: "投诉编号", HEIMAO: "投诉编号", POLICE: "报案回执编号"}
# The form's 不予受理 / 无结果 is one answer for two facts; a text says what both share.
FILING_OUTCOMES_TOLD = {EscalationOutcome.REJECTED: "没有解决"}


@lru_cache(maxsize=1024)
def _escalation_line(record: FilingFacts, zone: tzinfo) -> str:
    name = REFERENCE_NAMES.get(record.channel, "编号")
    reference = f"（{name} {record.reference}）" if record.reference else ""
    told = FILING_OUTCOMES_TOLD.get(record.outcome, record.outcome_label)
    if record.outcome == EscalationOutcome.PENDING:
        outcome = "，目前还在处理中"
    else:
        outcome = f"，结果：{told}" if told else ""
    action = FILED.get(record.channel, "提交了外部投诉")
    return f"{wording.day(record.filed_on)}，{action}{reference}{outcome}。"


def timeline(facts: CaseFacts, text: Lines, *, channel: str) -> list[str]:
    """Return the dated story of the dispute, numbered, oldest first."""
    # Sorted by (day, time); a complaint filed on a day sorts after that day's other steps.
    dated: list[tuple[tuple[date, time], str]] = [
        ((a.sent_at.date(), a.sent_at.time()), negotiation_line(a)) for a in facts.negotiations
    ]
    dated += [
        ((a.submitted_at.date(), a.submitted_at.time()), appeal_line(a)) for a in facts.appeals
    ]
    dated += [
        ((r.filed_on, time.max), escalation_line(r))
        for r in facts.escalations
        if r.channel != channel
    ]
    dated.sort(key=lambda pair: pair[0])
    public = channel == HEIMAO
    lines = [
        order_line(facts, text),
        problem_line(facts, text, public=public),
        *(line for _, line in dated),
    ]
    return [f"{number}. {line}" for number, line in enumerate(lines, start=1)]


def tried(facts: CaseFacts, text: Lines, *, channel: str) -> list[str]:
    """Return what the buyer already did and what the platform decided."""
    lines: list[str] = []
    if facts.negotiations:
        last = facts.negotiations[-1]
        outcome = outcome_told(replace(last, seller_answer="")).rstrip("。") or "还在等商家答复"
        when = wording.moment(last.sent_at)
        count = len(facts.negotiations)
        lines.append(
            f"和商家协商：{when} 联系过商家，{outcome}。"
            if count == 1
            else f"和商家协商：共 {count} 次，最近一次在 {when}，{outcome}。"
        )
    else:
        lines.append(f"和商家协商：{text.value('', NEGOTIATION_UNTOLD)}")
    if facts.payment_method == "private" and not facts.appeals:
        # What the buyer did, and why: not the site's view of what a platform would do.
        lines.append("平台申诉：没有向平台申诉，这笔交易是私下转账付款的，没有经过平台。")
    elif facts.appeals:
        last = facts.appeals[-1]
        ticket = f"，工单号 {last.ticket_number}" if last.ticket_number else ""
        lines.append(
            f"平台申诉：{wording.moment(last.submitted_at)} 提交{ticket}，{appeal_told(last)}。"
        )
    else:
        lines.append(f"平台申诉：{text.value('', '申诉时间、工单号和平台处理结果')}")
    for record in facts.escalations:
        if record.channel != channel:
            lines.append(escalation_line(record))
    return lines


def person(facts: CaseFacts, text: Lines, *, role: str = "投诉人") -> None:
    """Add who complains (投诉人) or reports (报案人): the buyer's own name, phone, address."""
    text.add(f"姓名：{text.value(facts.complainant_name, f'{role}姓名')}")
    text.add(f"电话：{text.value(facts.complainant_phone, f'{role}电话')}")
    text.add(f"通讯地址：{text.value(facts.complainant_address, f'{role}通讯地址')}")


def seller_ids(facts: CaseFacts) -> list[str]:
    lines = []
    if facts.platform_name:
        # After a private transfer the platform is only where the two met.
        where = "认识对方的平台" if facts.payment_method == PaymentMethod.PRIVATE else "所在平台"
        lines.append(f"{where}：{facts.platform_name}")
    if facts.seller_id:
        lines.append(f"{seller_label(facts)}：{facts.seller_id}")
    return lines
