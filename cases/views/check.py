"""核对信息 (check your answers): every fact the texts are built from, each with a way back.

The GOV.UK pattern: before the buyer copies a text, they see each fact once, as the
texts will state it, with a 修改 link to the field where it is asked. Values are
formatted by the house filters (|yuan, |moment), wording.quote or the label of their
code, so the page and the texts cannot word a fact differently. The rows and their
groups are built in cases/views/check_rows.py.
"""

import uuid

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from cases.facts import case_facts
from cases.selectors.check import case_for_check
from cases.views.check_rows import destinations, summary
from cases.views.common import HtmxHttpRequest


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
