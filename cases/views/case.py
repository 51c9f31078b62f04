"""A case as a whole: the dashboard, starting a case, and its overview."""

import uuid
from typing import Any

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from cases.choices import AppealOutcome, EvidenceKind, NegotiationOutcome, PaymentMethod, Stage
from cases.forms.case import CaseStartForm
from cases.forms.record import CaseResolveForm
from cases.models import Case
from cases.quotas import case_start_refusal
from cases.rules.progress import (
    NegotiationFacts,
    evidence_completeness,
    missing_evidence,
    next_action,
    own_reasons_only,
)
from cases.selectors.case import case_for_request, cases_for_dashboard
from cases.selectors.evidence import evidence_counts, present_kinds
from cases.selectors.negotiation import negotiation_facts_for
from cases.selectors.overview import NEWEST_EVENTS, case_timeline
from cases.selectors.texts import wizard_texts
from cases.services.case import case_create
from cases.views.common import HtmxHttpRequest, case_statuses, stage_url, task_list
from cases.views.eligibility import stored_verdict


def next_action_for(
    case: Case, statuses: dict[str, str], negotiation: NegotiationFacts | None = None
) -> dict[str, Any]:
    own_reason = own_reasons_only(case.problems, case.fraud_signs)
    action = next_action(
        statuses, resolved=bool(case.resolution), negotiation=negotiation, own_reason=own_reason
    )
    url = stage_url(case.pk, action.stage) if action.stage else None
    if action.kind == "declined":  # the way on is to record how it ended, on the overview
        url = reverse("cases:overview", args=[case.pk]) + "#resolve-title"
    overdue = negotiation.overdue_deadline if negotiation and action.kind == "overdue" else None
    # A message is out and its deadline still ahead: the buyer waits, then logs the answer.
    waiting = (
        negotiation is not None
        and negotiation.latest_outcome == NegotiationOutcome.PENDING
        and action.stage == Stage.NEGOTIATION
        and action.kind == "continue"
    )
    return {
        "waiting": waiting,
        "label": action.label,
        "kind": action.kind,
        "goodwill": own_reason,
        "stage": action.stage,
        "url": url,
        "overdue_deadline": overdue,
    }


@never_cache
@require_safe
def case_list(request: HtmxHttpRequest) -> HttpResponse:
    rows = []
    cases = cases_for_dashboard(request=request)
    negotiations = negotiation_facts_for(cases=cases)
    for case in cases:
        statuses = case_statuses(case)
        rows.append(
            {
                "case": case,
                "tasks": task_list(case, statuses),
                "next": next_action_for(case, statuses, negotiations.get(case.pk)),
                "last_activity": case.last_event_at or case.updated_at,
            }
        )
    return render(request, "cases/case_list.html", {"rows": rows})


@never_cache
@require_http_methods(["GET", "POST"])
def case_new(request: HtmxHttpRequest) -> HttpResponse:
    if request.method == "GET":
        stage = request.GET.get("stage", "")
        form = CaseStartForm(initial={"stage": stage if stage in Stage.values else ""})
        return render(request, "cases/case_new.html", {"form": form})
    form = CaseStartForm(request.POST)
    if not form.is_valid():
        return render(request, "cases/case_new.html", {"form": form})
    refusal = case_start_refusal(request)
    if refusal:
        # The form comes back as typed; nothing is created.
        form.add_error(None, refusal)
        return render(request, "cases/case_new.html", {"form": form}, status=429)
    if request.user.is_authenticated:
        owner, session_key = request.user, ""
    else:
        if not request.session.session_key:
            request.session.create()
        owner, session_key = None, request.session.session_key
    case = case_create(
        owner=owner,
        session_key=session_key,
        product_name=form.cleaned_data["product_name"],
        platform_name=form.cleaned_data["platform_name"],
    )
    stage = form.cleaned_data["stage"] or Stage.ELIGIBILITY
    return redirect(stage_url(case.pk, stage) or reverse("cases:overview", args=[case.pk]))


def _next_hint(next_step: dict[str, Any], texts: dict[str, str], *, private: bool) -> str:
    """Return the hint of the stage the button leads to; none when the buyer is sent back to
    a negotiation under way (to log an answer, weigh a partial refund, send the ready reply):
    step 3's hint is about the first message and ends 就去平台申诉."""
    stage = next_step["stage"]
    back = ("overdue", "partly", "reply")
    if not stage or (next_step["kind"] in back and stage == Stage.NEGOTIATION):
        return ""
    if next_step["waiting"]:
        return texts.get("next_negotiation_waiting", "")
    if next_step.get("appeal_waiting"):
        # Filed and waiting on the platform: how to file would send them to do it again.
        return texts.get("next_appeal_waiting", "")
    if next_step["goodwill"] and stage == Stage.NEGOTIATION:
        return texts.get("next_negotiation_goodwill", "")
    # After a private transfer there is no platform to go to: its own words where they differ.
    if private and f"next_{stage}_private" in texts:
        return texts[f"next_{stage}_private"]
    return texts.get(f"next_{stage}", "")


@never_cache
@require_safe
def case_overview(request: HtmxHttpRequest, case_id: uuid.UUID) -> HttpResponse:
    case = case_for_request(request=request, case_id=case_id)
    statuses = case_statuses(case)
    # Counted, not listed, and only the newest of the timeline: the page costs the same
    # with 5 records or 500 (issue 18). ?all=1 shows the whole timeline.
    counts = evidence_counts(case=case)
    evidence_count = sum(counts.values())
    kinds = present_kinds(case=case, kinds=counts)
    have, total = evidence_completeness(kinds)
    show_all = request.GET.get("all") == "1"
    timeline = case_timeline(case=case, newest=None if show_all else NEWEST_EVENTS)
    texts = wizard_texts()
    next_step = next_action_for(case, statuses, negotiation_facts_for(cases=[case]).get(case.pk))
    if next_step["stage"] == Stage.APPEAL and next_step["kind"] == "continue":
        # One query, only here: is the latest appeal on record still with the platform?
        latest = case.appeals.order_by("-submitted_at", "-pk").values_list("outcome", flat=True)
        next_step["appeal_waiting"] = latest.first() == AppealOutcome.PENDING
    context = {
        "case": case,
        "tasks": task_list(case, statuses),
        "next": next_step,
        # One plain sentence under the button: what that stage will ask of the buyer.
        "next_hint": _next_hint(
            next_step, texts, private=case.payment_method == PaymentMethod.PRIVATE
        ),
        # Once something is uploaded, name what is still missing (the hint names all three).
        "missing_evidence": [EvidenceKind(kind).label for kind in missing_evidence(kinds)]
        if next_step["stage"] == Stage.EVIDENCE and evidence_count
        else [],
        "verdict": stored_verdict(case),
        "evidence_count": evidence_count,
        "evidence_have": have,
        "evidence_total": total,
        "timeline": timeline,
        "show_all": show_all,
        # Case record: the resolve form, and the closing checklist once the case is resolved.
        "resolve_form": CaseResolveForm(initial={"resolution": case.resolution}),
        "texts": texts,
    }
    return render(request, "cases/case_overview.html", context)
