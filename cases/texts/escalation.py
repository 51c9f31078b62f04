"""Build the texts a buyer files outside the platform: 12315, 黑猫投诉 and a police report.

Pure: plain data in, texts out. Each text is split into the fields the channel's
form asks for, so the buyer copies one field at a time. Anything the case lacks
shows a 【待补充：…】 mark instead of a guess; above all the complainant's name,
phone and address come only from what the buyer typed.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, time

from cases import wording
from cases.facts import AppealFacts, AttemptFacts, CaseFacts, FilingFacts
from cases.rules.escalation import C12315, CHANNEL_NAMES, HEIMAO, POLICE


@dataclass(frozen=True)
class Field:
    key: str  # unique within the page: used for element ids
    label: str
    text: str
    missing: tuple[str, ...] = ()
    rows: int = 3


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


class _Text:
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

    def field(self, key: str, label: str, *, rows: int = 3) -> Field:
        return Field(key, label, "\n".join(self.lines), tuple(dict.fromkeys(self.missing)), rows)


def _request(facts: CaseFacts, text: _Text) -> str:
    """Return what the buyer asks for: their own words, else a refund of the amount."""
    if facts.complaint_request.strip():
        return facts.complaint_request.strip()
    return f"要求商家退还货款 {text.value(wording.amount(facts.amount), '金额')}。"


def _order_line(facts: CaseFacts, text: _Text) -> str:
    when = text.value(facts.ordered_at and wording.moment(facts.ordered_at), "下单时间")
    platform = text.value(facts.platform_name, "平台名称")
    seller = f"（商家ID：{facts.seller_id}）" if facts.seller_id else ""
    product = text.value(facts.product_name, "商品名称")
    order = text.value(facts.order_number, "订单号")
    amount = text.value(wording.amount(facts.amount), "金额")
    payment = f"，付款方式：{facts.payment_label}" if facts.payment_label else ""
    line = f"{when}，我在「{platform}」向商家{seller}购买「{product}」，订单号 {order}，"
    line += f"付款 {amount}{payment}。"
    if facts.promised_delivery:
        line += f"商家承诺：{facts.promised_delivery}。"
    return line


def _problem_line(facts: CaseFacts, text: _Text) -> str:
    problems = "；".join(facts.fault_labels)
    line = f"收到后出现的问题：{text.value(problems, '遇到的问题')}。"
    if facts.fraud_signs:
        line += "商家有欺诈迹象（例如伪造发货记录）。"
    return line


def _negotiation_line(attempt: AttemptFacts) -> str:
    line = f"{wording.moment(attempt.sent_at)}，我联系商家要求处理"
    if attempt.deadline:
        line += f"，请对方在 {wording.moment(attempt.deadline)} 前解决"
    line += "。"
    if attempt.seller_answer.strip():
        line += f"商家回复：“{attempt.seller_answer.strip()}”。"
    if attempt.outcome_label:
        line += f"结果：{attempt.outcome_label}。"
    return line


def _appeal_line(appeal: AppealFacts) -> str:
    ticket = f"（工单号 {appeal.ticket_number}）" if appeal.ticket_number else ""
    decision = appeal.outcome_label or "等待平台处理"
    return (
        f"{wording.moment(appeal.submitted_at)}，我向平台申诉{ticket}。平台处理结果：{decision}。"
    )


FILED = {
    C12315: "我通过 12315 提交了投诉",
    HEIMAO: "我在黑猫投诉发布了投诉",
    POLICE: "我向公安机关报了案",
}


def _escalation_line(record: FilingFacts) -> str:
    reference = f"（受理号 / 投诉编号 {record.reference}）" if record.reference else ""
    outcome = f"，结果：{record.outcome_label}" if record.outcome_label else ""
    action = FILED.get(record.channel, "提交了外部投诉")
    return f"{wording.day(record.filed_on)}，{action}{reference}{outcome}。"


def _timeline(facts: CaseFacts, text: _Text, *, channel: str) -> list[str]:
    """Return the dated story of the dispute, numbered, oldest first."""
    # Sorted by (day, time); a complaint filed on a day sorts after that day's other steps.
    dated: list[tuple[tuple[date, time], str]] = [
        ((a.sent_at.date(), a.sent_at.time()), _negotiation_line(a)) for a in facts.negotiations
    ]
    dated += [
        ((a.submitted_at.date(), a.submitted_at.time()), _appeal_line(a)) for a in facts.appeals
    ]
    dated += [
        ((r.filed_on, time.max), _escalation_line(r))
        for r in facts.escalations
        if r.channel != channel
    ]
    dated.sort(key=lambda pair: pair[0])
    lines = [_order_line(facts, text), _problem_line(facts, text), *(line for _, line in dated)]
    return [f"{number}. {line}" for number, line in enumerate(lines, start=1)]


def _tried(facts: CaseFacts, text: _Text, *, channel: str) -> list[str]:
    """Return what the buyer already did and what the platform decided."""
    lines: list[str] = []
    if facts.negotiations:
        last = facts.negotiations[-1]
        outcome = last.outcome_label or "等待商家回复"
        lines.append(
            f"和商家协商：共 {len(facts.negotiations)} 次，最近一次在 "
            f"{wording.moment(last.sent_at)}，结果：{outcome}。"
        )
    else:
        lines.append("和商家协商：还没有记录。")
    if facts.payment_method == "private":
        lines.append("平台申诉：私下转账付款，没有平台可以申诉。")
    elif facts.appeals:
        last = facts.appeals[-1]
        ticket = f"，工单号 {last.ticket_number}" if last.ticket_number else ""
        lines.append(
            f"平台申诉：{wording.moment(last.submitted_at)} 提交{ticket}，"
            f"平台的处理结果：{last.outcome_label or '等待平台处理'}。"
        )
    else:
        lines.append(f"平台申诉：{text.value('', '平台申诉和平台的处理结果')}")
    for record in facts.escalations:
        if record.channel != channel:
            lines.append(_escalation_line(record))
    return lines


def _person(facts: CaseFacts, text: _Text) -> None:
    text.add(f"姓名：{text.value(facts.complainant_name, '投诉人姓名')}")
    text.add(f"电话：{text.value(facts.complainant_phone, '投诉人电话')}")
    text.add(f"通讯地址：{text.value(facts.complainant_address, '投诉人通讯地址')}")


def _seller_ids(facts: CaseFacts) -> list[str]:
    lines = []
    if facts.platform_name:
        lines.append(f"所在平台：{facts.platform_name}")
    if facts.seller_id:
        lines.append(f"商家ID：{facts.seller_id}")
    return lines


def complaint_12315(facts: CaseFacts) -> Complaint:
    """Return the 12315 complaint in the fields of 《市场监督管理投诉举报处理暂行办法》第九条."""
    complainant = _Text()
    _person(facts, complainant)

    respondent = _Text()
    respondent.add(f"名称：{respondent.value(facts.respondent_name, '被投诉人名称')}")
    respondent.add(f"地址：{respondent.value(facts.respondent_address, '被投诉人地址')}")
    for line in _seller_ids(facts):
        respondent.add(line)

    request = _Text()
    request.add(_request(facts, request))

    story = _Text()
    for line in _timeline(facts, story, channel=C12315):
        story.add(line)

    tried = _Text()
    for line in _tried(facts, tried, channel=C12315):
        tried.add(line)

    evidence = _evidence_list(facts, with_hash=False)
    return Complaint(
        C12315,
        (
            complainant.field("c12315-complainant", "投诉人（姓名、电话、通讯地址）"),
            respondent.field("c12315-respondent", "被投诉人（名称、地址）", rows=4),
            request.field("c12315-request", "具体投诉请求", rows=2),
            story.field("c12315-facts", "争议事实（按时间顺序）", rows=10),
            tried.field("c12315-tried", "已经做过的努力和平台的处理结果", rows=4),
            evidence.field("c12315-evidence", "证据材料", rows=6),
        ),
    )


def complaint_heimao(facts: CaseFacts) -> Complaint:
    """Return the 黑猫投诉 fields; never the buyer's own phone or address (posts are public)."""
    target = _Text()
    target.add(target.value(facts.respondent_name or facts.platform_name, "投诉对象（商家或平台）"))

    issue = _Text()
    problems = "；".join(facts.fault_labels)
    issue.add(issue.value(problems, "遇到的问题") + _status_suffix(facts))

    request = _Text()
    request.add(_request(facts, request))

    amount = _Text()
    amount.add(amount.value(wording.amount(facts.amount), "金额"))

    content = _Text()
    for line in _timeline(facts, content, channel=HEIMAO):
        content.add(line)
    content.add(f"我的诉求：{_request(facts, content)}")

    return Complaint(
        HEIMAO,
        (
            target.field("heimao-target", "投诉对象", rows=1),
            issue.field("heimao-issue", "投诉问题", rows=2),
            request.field("heimao-request", "投诉要求", rows=2),
            amount.field("heimao-amount", "涉诉金额", rows=1),
            content.field("heimao-content", "投诉内容", rows=10),
        ),
    )


def _status_suffix(facts: CaseFacts) -> str:
    if facts.appeals and facts.appeals[-1].outcome in {"rejected", "no_answer"}:
        return "，向平台申诉后仍未解决"
    if facts.negotiations and facts.negotiations[-1].outcome in {"refused", "no_answer"}:
        return "，商家不处理"
    return ""


def _evidence_list(facts: CaseFacts, *, with_hash: bool) -> _Text:
    text = _Text()
    if not facts.evidence:
        text.add(text.value("", "证据（在第 2 步添加）"))
        return text
    for number, item in enumerate(facts.evidence, start=1):
        line = f"{number}. {item.kind_label}：{item.description}"
        if item.occurred_at:
            line += f"；发生时间 {wording.moment(item.occurred_at)}"
        if with_hash and item.sha256:
            line += f"；文件 {item.original_name or '（无文件名）'}"
            line += f"；SHA-256 {item.sha256}"
            if item.received_at:
                line += f"；服务器接收时间 {wording.moment(item.received_at)}"
        elif item.original_name:
            line += f"；文件 {item.original_name}"
        text.add(line)
    return text


def police_report(facts: CaseFacts) -> Complaint:
    """Return the summary a buyer takes to the police (报案材料)."""
    reporter = _Text()
    _person(facts, reporter)

    story = _Text()
    for line in _timeline(facts, story, channel=POLICE):
        story.add(line)

    amount = _Text()
    amount.add(amount.value(wording.amount(facts.amount), "金额"))

    seller = _Text()
    seller.add(f"平台：{seller.value(facts.platform_name, '平台名称')}")
    seller.add(f"商家ID：{seller.value(facts.seller_id, '商家ID')}")
    seller.add(f"店铺 / 商家名称：{seller.value(facts.respondent_name, '店铺或商家名称')}")
    if facts.respondent_address:
        seller.add(f"商家地址：{facts.respondent_address}")

    payment = _Text()
    payment.add(f"订单号：{payment.value(facts.order_number, '订单号')}")
    payment.add(f"金额：{payment.value(wording.amount(facts.amount), '金额')}")
    when = facts.ordered_at and wording.moment(facts.ordered_at)
    payment.add(f"付款时间：{payment.value(when, '下单时间')}")
    payment.add(f"付款方式：{payment.value(facts.payment_label, '付款方式')}")

    evidence = _evidence_list(facts, with_hash=True)
    return Complaint(
        POLICE,
        (
            reporter.field("police-reporter", "报案人（姓名、电话、通讯地址）"),
            story.field("police-facts", "案情经过（按时间顺序）", rows=10),
            amount.field("police-amount", "涉案金额", rows=1),
            seller.field("police-seller", "对方信息", rows=4),
            payment.field("police-payment", "付款记录", rows=4),
            evidence.field("police-evidence", "证据清单（附 SHA-256 存证摘要）", rows=8),
        ),
    )


def all_complaints(facts: CaseFacts) -> dict[str, Complaint]:
    """Return the three texts by channel code."""
    return {
        C12315: complaint_12315(facts),
        HEIMAO: complaint_heimao(facts),
        POLICE: police_report(facts),
    }


def ordered(complaints: dict[str, Complaint], first: Sequence[str]) -> list[Complaint]:
    """Return the complaints with the given channels first, the others after, stable."""
    rank = {channel: index for index, channel in enumerate(first)}
    return sorted(complaints.values(), key=lambda c: rank.get(c.channel, len(rank)))
