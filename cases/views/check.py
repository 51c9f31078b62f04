"""核对信息 (check your answers): every fact the texts are built from, each with a way back.

The GOV.UK pattern: before the buyer copies a text, they see each fact once, as the
texts will state it, with a 修改 link to the field where it is asked. Values are
formatted by the house filters (|yuan, |moment), wording.quote or the label of their
code, so the page and the texts cannot word a fact differently. The rows are built in
cases/views/check_rows.py (the facts answered) and cases/views/check_records.py (the
records logged); here they are grouped as the buyer met them.
"""

import uuid

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from cases.choices import PaymentMethod, Stage
from cases.facts import CaseFacts, case_facts
from cases.models import Case
from cases.selectors.check import case_for_check
from cases.views.check_records import appeal_rows, negotiation_rows
from cases.views.check_rows import (
    Group,
    complainant_rows,
    field_url,
    order_rows,
    problem_rows,
    request_rows,
)
from cases.views.common import HtmxHttpRequest


def summary(case: Case, facts: CaseFacts, evidence_total: int) -> list[Group]:
    """Return every fact the texts use, grouped as the buyer met them."""
    private = facts.payment_method == PaymentMethod.PRIVATE
    return [
        Group("订单", "order", order_rows(case, facts)),
        Group("出了什么问题", "problem", problem_rows(case, facts, evidence_total)),
        Group("你的要求", "request", request_rows(case, facts)),
        Group(
            "和商家协商",
            "negotiation",
            negotiation_rows(case, facts),
            status="" if facts.negotiations else "还没有协商记录",
        ),
        Group(
            "平台申诉",
            "appeal",
            appeal_rows(case, facts),
            note="私下转账的订单没法向平台申诉，申诉说明不会生成。" if private else "",
            status="不适用（私下转账）" if private and not facts.appeals else "",
        ),
        Group(
            "投诉人信息",
            "complainant",
            complainant_rows(case, facts),
            note="只有 12315 投诉和报案材料用到这些信息，到第 5 步再填也可以。",
        ),
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
    return [
        {"label": label, "url": field_url(case, stage, anchor)} for label, stage, anchor in places
    ]


@never_cache
@require_safe
def check(request: HtmxHttpRequest, case_id: uuid.UUID) -> HttpResponse:
    case, evidence_total = case_for_check(request=request, case_id=case_id)
    facts = case_facts(case)  # holds the first evidence items only: for this page's rows
    groups = summary(case, facts, evidence_total)
    context = {
        "case": case,
        "groups": groups,
        "missing": sum(group.missing for group in groups),
        "destinations": destinations(case, facts),
    }
    return render(request, "cases/check.html", context)
