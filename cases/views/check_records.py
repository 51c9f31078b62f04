"""The records on 核对信息: each message to the seller and each appeal, as the texts tell them.

Rows of the same kind as cases/views/check_rows.py (the facts the buyer answered); the
view is cases/views/check.py.
"""

from datetime import datetime

from django.urls import reverse

from cases import wording
from cases.choices import PaymentMethod, Stage
from cases.facts import CaseFacts
from cases.forms.negotiation import NegotiationMessageForm, parse_deadline
from cases.models import Case
from cases.selectors.case import stage_state
from cases.services.negotiation import MESSAGE_DRAFT
from cases.texts.negotiation import CUSTOM_RULE, RULE_CHOICES, rule_text
from cases.views.check_rows import Row, field_url, optional

RULE_LABELS = dict(RULE_CHOICES)
# The page costs the same with 1 record or 20 (issue 18): it lists the first evidence items
# and the latest attempts in full; the rest are one row with a link to where they all are.
LATEST_ATTEMPTS = 2


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
        return field_url(case, Stage.NEGOTIATION, anchor)

    def editing(attempt: int, anchor: str) -> str:
        # Only the latest attempt carries its form; ?edit= brings out an earlier one's.
        page = reverse("cases:negotiation", args=[case.pk])
        return f"{page}?edit={attempt}#{anchor}"

    rows = [
        optional("引用的平台规则", cited, at("id_rule_0"), blank="不引用"),
        optional(
            "消息里给商家的期限",
            deadline,
            at("id_deadline"),
            "moment",
            blank="没有改，用消息里的默认期限",
        ),
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
            optional(
                f"{prefix}：商家的回复",
                wording.quote(said.seller_answer) if said.seller_answer.strip() else "",
                editing(attempt.pk, f"id_attempt-{attempt.pk}-seller_answer"),
                blank="没有记下",
            ),
            Row(
                f"{prefix}：结果",
                said.outcome_label,
                editing(attempt.pk, f"id_attempt-{attempt.pk}-outcome_0"),
            ),
        ]
    if not attempts:
        # The texts say 还没有记录 instead of a mark; the step is still worth taking.
        rows.append(optional("协商记录", "", at("id_sent-sent_at"), blank="还没有记录"))
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
                field_url(case, Stage.APPEAL, "records-title"),
                "moment",
            ),
            optional(
                f"{prefix}：工单号",
                filed.ticket_number,
                field_url(case, Stage.APPEAL, "records-title"),
                blank="没有记下",
            ),
            Row(
                f"{prefix}：结果",
                filed.outcome_label,
                field_url(case, Stage.APPEAL, f"id_appeal-{record.pk}-outcome_0"),
            ),
        ]
    if not records:
        # The 12315 text marks it 【待补充】; after a private transfer there is no appeal.
        private = facts.payment_method == PaymentMethod.PRIVATE
        rows.append(
            Row(
                "申诉记录",
                "",
                field_url(case, Stage.APPEAL, "id_submitted_at"),
                needed=not private,
                blank="不适用（私下转账）",
            )
        )
    # A yes/no stored as 否 until changed: before the platform decided, it was not asked.
    private = facts.payment_method == PaymentMethod.PRIVATE
    decided = "否" if facts.appeals else ""
    rows.append(
        optional(
            "认为平台的处理结果不合理",
            "是" if facts.appeal_unreasonable else decided,
            field_url(case, Stage.ESCALATION, "id_appeal_unreasonable_0"),
            blank="不适用（私下转账）" if private else "申诉有结果后再答",
        )
    )
    return tuple(rows)
