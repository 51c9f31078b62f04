"""The rows of 核对信息 (check your answers): every fact the texts use, as they state it.

Each fact is a Row: its name, its value, how the template formats it and the link to the
field where it is asked; the Rows are grouped as the buyer met them (summary), and the
page ends with where each text is (destinations). Values are formatted by the house
filters (|yuan, |moment), wording.quote or the label of their code, so the page and the
texts cannot word a fact differently. The view is cases/views/check.py.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.urls import reverse

from cases import wording
from cases.choices import CodeSymptom, GoodsKind, PaymentMethod, Remedy, Stage, YesNo
from cases.facts import CaseFacts, EvidenceFacts
from cases.forms.negotiation import NegotiationMessageForm, parse_deadline
from cases.models import Case
from cases.selectors.case import stage_state
from cases.services.negotiation import MESSAGE_DRAFT
from cases.texts.negotiation import CUSTOM_RULE, RULE_CHOICES, rule_text
from cases.views.common import stage_url

RULE_LABELS = dict(RULE_CHOICES)
# The page costs the same with 1 record or 20 (issue 18): it lists the first evidence items
# and the latest attempts in full; the rest are one row with a link to where they all are.
LATEST_ATTEMPTS = 2


@dataclass(frozen=True)
class Row:
    """One fact: its name, its value as typed, how the template formats it, where to change it."""

    label: str
    value: Any
    url: str
    # text, amount (|yuan), moment (|moment) or evidence (a list of items).
    kind: str = "text"
    # The link's word: 修改, or 查看 for a row that stands for records listed elsewhere.
    action: str = "修改"
    # Evidence: how many items the list leaves out, and where they all are.
    more: int = 0
    more_url: str = ""

    @property
    def empty(self) -> bool:
        return self.value is None or self.value == "" or self.value == () or self.value == []


@dataclass(frozen=True)
class Group:
    title: str
    slug: str
    rows: tuple[Row, ...]
    note: str = ""

    @property
    def missing(self) -> int:
        return sum(row.empty for row in self.rows)


def _at(case: Case, stage: str, anchor: str) -> str:
    # stage_url is remembered per process: the page links thirty rows to five pages.
    return f"{stage_url(case.pk, stage)}#{anchor}"


def _yes_no(answer: bool | None, *, asked: bool) -> str:
    if not asked:
        return ""
    if answer is None:
        return YesNo.UNKNOWN.label
    return YesNo.YES.label if answer else YesNo.NO.label


def _label(choices: type, code: str) -> str:
    return choices(code).label if code in choices.values else code


def order_rows(case: Case, facts: CaseFacts) -> tuple[Row, ...]:
    def at(field: str) -> str:
        return _at(case, Stage.EVIDENCE, f"id_{field}")

    return (
        Row("商品名称", facts.product_name, at("product_name")),
        Row("平台", facts.platform_name, at("platform_name")),
        Row("订单号", facts.order_number, at("order_number")),
        Row("商家ID", facts.seller_id, at("seller_id")),
        Row("金额", facts.amount, at("amount"), "amount"),
        Row("下单时间", facts.ordered_at, at("ordered_at"), "moment"),
        Row(
            "商品类型",
            _label(GoodsKind, facts.goods_kind) if facts.goods_kind else "",
            _at(case, Stage.ELIGIBILITY, "id_goods_kind_0"),
        ),
        Row(
            "付款方式",
            facts.payment_label,
            _at(case, Stage.ELIGIBILITY, "id_payment_method_0"),
        ),
    )


def problem_rows(case: Case, facts: CaseFacts, evidence_total: int) -> tuple[Row, ...]:
    asked = bool(facts.goods_kind)  # stage 1 was answered: None then means 不确定

    def at(anchor: str) -> str:
        return _at(case, Stage.ELIGIBILITY, anchor)

    evidence: tuple[EvidenceFacts, ...] = facts.evidence
    return (
        Row("遇到的问题", "、".join(facts.problem_labels), at("id_problems_0")),
        Row("商家承诺的发货时间", facts.promised_delivery, at("id_promised_delivery")),
        Row("发现问题的时间", facts.noticed_at, at("id_noticed_at"), "moment"),
        Row(
            "卡密的具体情况",
            _label(CodeSymptom, facts.code_symptom) if facts.code_symptom else "",
            at("id_code_symptom_0"),
        ),
        Row("卡密最早被使用的时间", facts.first_used_at, at("id_first_used_at"), "moment"),
        Row("使用卡密的账号", facts.first_used_by, at("id_first_used_by")),
        Row(
            "商品页写着不支持退款",
            _yes_no(facts.no_refund_notice, asked=asked),
            at("id_no_refund_notice_0"),
        ),
        Row("商家欺诈的迹象", _yes_no(facts.fraud_signs, asked=asked), at("id_fraud_signs_0")),
        Row(
            "证据",
            evidence,  # the first FIRST_EVIDENCE items (selectors/check.py)
            _at(case, Stage.EVIDENCE, "id_kind"),
            "evidence",
            more=evidence_total - len(evidence),
            more_url=reverse("cases:evidence", args=[case.pk]) + "?all=1#meter-title",
        ),
    )


def request_rows(case: Case, facts: CaseFacts) -> tuple[Row, ...]:
    rows = [
        Row(
            "想要的结果",
            _label(Remedy, facts.remedy) if facts.remedy else "",
            _at(case, Stage.ELIGIBILITY, "id_remedy_0"),
        )
    ]
    if facts.remedy == Remedy.PARTIAL:
        rows.append(
            Row(
                "希望退回的金额",
                facts.remedy_amount,
                _at(case, Stage.ELIGIBILITY, "id_remedy_amount"),
                "amount",
            )
        )
    rows.append(
        Row(
            "投诉里写的请求",
            facts.complaint_request,
            _at(case, Stage.ESCALATION, "id_complaint_request"),
        )
    )
    return tuple(rows)


def negotiation_rows(case: Case, facts: CaseFacts) -> tuple[Row, ...]:
    draft = stage_state(case=case, stage=Stage.NEGOTIATION).draft.get(MESSAGE_DRAFT) or {}
    choices = NegotiationMessageForm.initial_from_raw(draft)
    rule = str(choices.get("rule") or "")
    name, promise = rule_text(
        rule,
        custom_name=str(choices.get("rule_name") or ""),
        custom_promise=str(choices.get("rule_promise") or ""),
    )
    if rule == CUSTOM_RULE:
        cited = f"《{name}》：{promise}" if name else ""
    else:
        cited = RULE_LABELS.get(rule, "") if draft else ""
    deadline: datetime | None = parse_deadline(choices.get("deadline")) if draft else None

    def at(anchor: str) -> str:
        return _at(case, Stage.NEGOTIATION, anchor)

    def editing(attempt: int, anchor: str) -> str:
        # Only the latest attempt carries its form; ?edit= brings out an earlier one's.
        page = reverse("cases:negotiation", args=[case.pk])
        return f"{page}?edit={attempt}#{anchor}"

    rows = [
        Row("引用的平台规则", cited, at("id_rule_0")),
        Row("消息里给商家的期限", deadline, at("id_deadline"), "moment"),
    ]
    attempts = list(case.negotiations.all())  # the same rows, in the same order, as facts
    numbered = list(enumerate(zip(attempts, facts.negotiations, strict=True), start=1))
    earlier = len(numbered) - LATEST_ATTEMPTS
    if earlier > 0:
        page = reverse("cases:negotiation", args=[case.pk])
        rows.append(
            Row(
                "更早的协商",
                f"第 1 至 {earlier} 次，每次的时间、回复和结果都在协商记录里"
                if earlier > 1
                else "第 1 次，时间、回复和结果都在协商记录里",
                f"{page}?all=1#log-title",
                action="查看",
            )
        )
    for number, (attempt, said) in numbered[-LATEST_ATTEMPTS:]:
        prefix = f"第 {number} 次协商"
        title = at(f"attempt-{attempt.pk}-title")
        rows += [
            Row(f"{prefix}：发送时间", said.sent_at, title, "moment"),
            Row(f"{prefix}：给商家的期限", said.deadline, title, "moment"),
            Row(
                f"{prefix}：商家的回复",
                wording.quote(said.seller_answer) if said.seller_answer.strip() else "",
                editing(attempt.pk, f"id_attempt-{attempt.pk}-seller_answer"),
            ),
            Row(
                f"{prefix}：结果",
                said.outcome_label,
                editing(attempt.pk, f"id_attempt-{attempt.pk}-outcome_0"),
            ),
        ]
    if not attempts:
        rows.append(Row("协商记录", "", at("id_sent-sent_at")))
    return tuple(rows)


def appeal_rows(case: Case, facts: CaseFacts) -> tuple[Row, ...]:
    rows = []
    records = list(case.appeals.all())
    for number, (record, filed) in enumerate(zip(records, facts.appeals, strict=True), start=1):
        prefix = f"第 {number} 次申诉"
        rows += [
            Row(
                f"{prefix}：提交时间",
                filed.submitted_at,
                _at(case, Stage.APPEAL, "records-title"),
                "moment",
            ),
            Row(f"{prefix}：工单号", filed.ticket_number, _at(case, Stage.APPEAL, "records-title")),
            Row(
                f"{prefix}：结果",
                filed.outcome_label,
                _at(case, Stage.APPEAL, f"id_appeal-{record.pk}-outcome_0"),
            ),
        ]
    if not records:
        rows.append(Row("申诉记录", "", _at(case, Stage.APPEAL, "id_submitted_at")))
    rows.append(
        Row(
            "认为平台的处理结果不合理",
            "是" if facts.appeal_unreasonable else "否",
            _at(case, Stage.ESCALATION, "id_appeal_unreasonable_0"),
        )
    )
    return tuple(rows)


def complainant_rows(case: Case, facts: CaseFacts) -> tuple[Row, ...]:
    def at(field: str) -> str:
        return _at(case, Stage.ESCALATION, f"id_{field}")

    return (
        Row("你的姓名", facts.complainant_name, at("complainant_name")),
        Row("你的电话", facts.complainant_phone, at("complainant_phone")),
        Row("你的通讯地址", facts.complainant_address, at("complainant_address")),
        Row("被投诉人名称", facts.respondent_name, at("respondent_name")),
        Row("被投诉人地址", facts.respondent_address, at("respondent_address")),
    )


def summary(case: Case, facts: CaseFacts, evidence_total: int) -> list[Group]:
    """Return every fact the texts use, grouped as the buyer met them."""
    private = facts.payment_method == PaymentMethod.PRIVATE
    return [
        Group("订单", "order", order_rows(case, facts)),
        Group("出了什么问题", "problem", problem_rows(case, facts, evidence_total)),
        Group("你的要求", "request", request_rows(case, facts)),
        Group("和商家协商", "negotiation", negotiation_rows(case, facts)),
        Group(
            "平台申诉",
            "appeal",
            appeal_rows(case, facts),
            note="私下转账的订单没法向平台申诉，申诉说明不会生成。" if private else "",
        ),
        Group("投诉人信息", "complainant", complainant_rows(case, facts)),
    ]


def destinations(case: Case, facts: CaseFacts) -> list[dict[str, str]]:
    """Return where each text is: the message, the appeal statement, the outside channels."""
    places = [
        ("去复制给商家的消息", Stage.NEGOTIATION, "message-title"),
        ("去复制申诉说明", Stage.APPEAL, "statement-title"),
        # A space between Chinese and a number, as everywhere on the site.
        ("去复制 12315、黑猫投诉和报案材料", Stage.ESCALATION, "texts-title"),
    ]
    if facts.payment_method == PaymentMethod.PRIVATE:
        places = [place for place in places if place[1] != Stage.APPEAL]
    return [{"label": label, "url": _at(case, stage, anchor)} for label, stage, anchor in places]
