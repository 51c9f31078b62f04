"""Build the texts a buyer files outside the platform: 12315, 黑猫投诉 and a police report.

Pure: plain data in, texts out. Each text is split into the fields the channel's
form asks for, so the buyer copies one field at a time. Anything the case lacks
shows a 【待补充：…】 mark instead of a guess; above all the complainant's name,
phone and address come only from what the buyer typed.
"""

from collections.abc import Sequence
from functools import lru_cache

from cases import wording
from cases.choices import NegotiationOutcome, PaymentMethod, Remedy
from cases.facts import CaseFacts, EvidenceFacts
from cases.rules.escalation import APPEAL_FAILED, C12315, HEIMAO, POLICE
from cases.texts import story as told
from cases.texts.appeal_package import SECTION_TITLES, build_package
from cases.texts.story import Complaint, Lines
from cases.texts.values import problem_clause, refunded


def disputed(facts: CaseFacts, text: Lines) -> str:
    """Return the sum in dispute: what the buyer still claims once the seller paid part back
    (the partial refund they want, or the whole amount, less what came back)."""
    back = refunded(facts)
    wanted = facts.remedy_amount if facts.remedy == Remedy.PARTIAL else facts.amount
    if back and wanted and facts.amount and back < wanted:
        paid, left = wording.amount(facts.amount), wording.amount(wanted - back)
        return f"{left}（订单 {paid}，商家已经退回 {wording.amount(back)}）"
    return text.value(wording.amount(facts.amount), "金额")


def complaint_12315(facts: CaseFacts) -> Complaint:
    """Return the 12315 complaint in the fields of 《市场监督管理投诉举报处理暂行办法》第九条."""
    complainant = Lines()
    told.person(facts, complainant)

    respondent = Lines()
    respondent.add(f"名称：{respondent.value(facts.respondent_name, '被投诉人名称')}")
    respondent.add(f"地址：{respondent.value(facts.respondent_address, '被投诉人地址')}")
    for line in told.seller_ids(facts):
        respondent.add(line)

    request = Lines()
    request.add(told.request(facts, request))

    story = Lines()
    for line in told.timeline(facts, story, channel=C12315):
        story.add(line)

    tried = Lines()
    for line in told.tried(facts, tried, channel=C12315):
        tried.add(line)

    evidence = _evidence_list(facts, with_hash=False)
    return Complaint(
        C12315,
        (
            complainant.field("c12315-complainant", "投诉人（姓名、电话、通讯地址）"),
            respondent.field("c12315-respondent", "被投诉人（名称、地址）"),
            request.field("c12315-request", "具体投诉请求"),
            story.field("c12315-facts", "争议事实（按时间顺序）"),
            tried.field("c12315-tried", "已经做过的努力和平台的处理结果"),
            evidence.field("c12315-evidence", "证据材料"),
        ),
    )


def complaint_heimao(facts: CaseFacts) -> Complaint:
    """Return the 黑猫投诉 fields; never the buyer's own phone or address (posts are public)."""
    target = Lines()
    target.add(_heimao_target(facts, target))

    issue = Lines()
    problems = problem_clause(
        facts.problems, symptom=facts.code_symptom, detail=facts.problem_detail
    )
    issue.add(issue.value(problems, "遇到的问题") + _status_suffix(facts))

    request = Lines()
    request.add(told.request(facts, request))

    amount = Lines()
    amount.add(disputed(facts, amount))

    content = Lines()
    for line in told.timeline(facts, content, channel=HEIMAO):
        content.add(line)
    content.add(f"我的诉求：{told.request(facts, content)}")

    return Complaint(
        HEIMAO,
        (
            target.field("heimao-target", "投诉对象"),
            issue.field("heimao-issue", "投诉问题"),
            request.field("heimao-request", "投诉要求"),
            amount.field("heimao-amount", "涉诉金额"),
            content.field("heimao-content", "投诉内容"),
        ),
    )


def _heimao_target(facts: CaseFacts, text: Lines) -> str:
    """Return whom the 黑猫 post names: the seller by name, else the platform with the
    seller's ID (黑猫 lists sellers by their platform, and the post's demands are the
    seller's to meet); after a private transfer, the person paid, by their account."""
    seller = f"（{told.seller_label(facts)}：{facts.seller_id}）" if facts.seller_id else ""
    private = facts.payment_method == PaymentMethod.PRIVATE
    if facts.respondent_name:
        # The shop by name, and the platform it sells on: 黑猫 files a seller under it.
        if facts.platform_name and not private:
            ids = f"，{told.seller_label(facts)}：{facts.seller_id}" if facts.seller_id else ""
            return f"{facts.platform_name}（商家：{facts.respondent_name}{ids}）"
        return f"{facts.respondent_name}{seller}"
    # Paid outside the platform: the post names the person paid, not the platform.
    if facts.platform_name and not private:
        return f"{facts.platform_name}{seller}"
    if not private:
        return text.value("", "投诉对象（商家或平台）")
    if seller:
        return f"商家{seller}"
    return text.value("", "投诉对象（收款的商家）")


def _status_suffix(facts: CaseFacts) -> str:
    """Return where the dispute stands, as recorded; "" when nothing says it failed."""
    if facts.appeals and facts.appeals[-1].outcome in APPEAL_FAILED:
        return "，向平台申诉后仍未解决"
    if facts.negotiations:
        outcome = facts.negotiations[-1].outcome
        if outcome == NegotiationOutcome.REFUSED:
            return "，商家拒绝处理"
        if outcome == NegotiationOutcome.NO_ANSWER:
            return "，商家到期没有回复"
        if outcome == NegotiationOutcome.PROMISED:
            return "，商家答应处理后没有做到"
        if outcome == NegotiationOutcome.BLOCKED:
            return "，商家把我拉黑、联系不上"
    return ""


@lru_cache(maxsize=64)
def _file_names(evidence: tuple[EvidenceFacts, ...]) -> tuple[str, ...]:
    """Return each item's file name as the appeal package (ZIP, PDF, one file at a time)
    names it, "" for an item without a file, so a complaint's list matches the files the
    buyer attaches (01-订单截图-订单详情页截图.png, not IMG_2034.png). Worked out once for
    the page's two lists."""
    package = build_package(evidence, statement="", description="")
    named = {id(entry.item): entry.name for entry in package.entries if entry.item is not None}
    return tuple(named.get(id(item), "") for item in evidence)


def _evidence_list(facts: CaseFacts, *, with_hash: bool) -> Lines:
    text = Lines()
    if not facts.evidence:
        text.add(text.value("", "证据（在第 2 步添加）"))
        return text
    names = _file_names(facts.evidence)
    for number, item in enumerate(facts.evidence, start=1):
        # The short title the appeal package gives the kind: the form's label explains it
        # to the buyer (其他（付款记录、商家的发货记录回复等）), which no complaint should repeat.
        line = f"{number}. {SECTION_TITLES.get(item.kind, item.kind_label)}：{item.description}"
        if item.occurred_at:
            line += f"（{wording.moment(item.occurred_at)}）"
        name = names[number - 1] or item.original_name
        if with_hash and item.sha256:
            line += f"；文件 {name or '（无文件名）'}"
            line += f"；SHA-256 {item.sha256}"
            if item.received_at:
                line += f"；服务器接收时间 {wording.moment(item.received_at)}"
        elif name:
            line += f"；文件 {name}"
        text.add(line)
    return text


def _evidence_title(facts: CaseFacts) -> str:
    # The heading promises digests only when the list holds one: evidence told without a file
    # (a description, a time) has none, and the text must not claim what it does not show.
    if any(item.sha256 for item in facts.evidence):
        return "证据清单（附 SHA-256 存证摘要）"
    return "证据清单"


def police_report(facts: CaseFacts) -> Complaint:
    """Return the summary a buyer takes to the police (报案材料)."""
    reporter = Lines()
    told.person(facts, reporter, role="报案人")

    story = Lines()
    for line in told.timeline(facts, story, channel=POLICE):
        story.add(line)

    amount = Lines()
    amount.add(disputed(facts, amount))

    seller = Lines()
    # After a private transfer a platform is where the buyer met the seller, if anywhere.
    if facts.platform_name or facts.payment_method != PaymentMethod.PRIVATE:
        seller.add(f"平台：{seller.value(facts.platform_name, '平台名称')}")
    label = told.seller_label(facts)
    seller.add(f"{label}：{seller.value(facts.seller_id, label)}")
    seller.add(f"店铺或商家名称：{seller.value(facts.respondent_name, '店铺或商家名称')}")
    if facts.respondent_address:
        seller.add(f"商家地址：{facts.respondent_address}")

    payment = Lines()
    label = told.order_label(facts)
    payment.add(f"{label}：{payment.value(facts.order_number, label)}")
    payment.add(f"金额：{payment.value(wording.amount(facts.amount), '金额')}")
    when = facts.ordered_at and wording.moment(facts.ordered_at)
    paid_at = "转账时间" if facts.payment_method == PaymentMethod.PRIVATE else "下单时间"
    payment.add(f"{paid_at}：{payment.value(when, paid_at)}")
    payment.add(f"付款方式：{payment.value(facts.payment_label, '付款方式')}")

    evidence = _evidence_list(facts, with_hash=True)
    return Complaint(
        POLICE,
        (
            reporter.field("police-reporter", "报案人（姓名、电话、通讯地址）"),
            story.field("police-facts", "案情经过（按时间顺序）"),
            amount.field("police-amount", "涉案金额"),
            seller.field("police-seller", "对方信息"),
            payment.field("police-payment", "付款记录"),
            evidence.field("police-evidence", _evidence_title(facts)),
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
