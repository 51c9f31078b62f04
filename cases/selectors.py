"""Reads for the wizard. Every case route finds its case through case_for_request."""

import uuid

from django.db.models import Max, Prefetch, QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from cases.eligibility import EligibilityAnswers
from cases.guidance import DEFAULTS
from cases.models import Case, CaseEvent, EvidenceItem, Stage, StageState, WizardText


def _owned_cases(request: HttpRequest) -> QuerySet[Case]:
    """Return the cases the requester owns: by account, or by this browser's session."""
    if request.user.is_authenticated:
        return Case.objects.filter(owner=request.user)
    session_key = request.session.session_key
    if not session_key:
        return Case.objects.none()
    return Case.objects.filter(owner__isnull=True, session_key=session_key)


def case_for_request(*, request: HttpRequest, case_id: uuid.UUID) -> Case:
    """Return the case if the requester owns it, else raise Http404 (a 403 would leak it)."""
    return get_object_or_404(_owned_cases(request).prefetch_related("stages"), pk=case_id)


def cases_for_dashboard(*, request: HttpRequest) -> list[Case]:
    """Return the requester's cases with their stage states and last activity, newest first."""
    return list(
        _owned_cases(request)
        .annotate(last_event_at=Max("events__at"))
        .prefetch_related("stages")
        .order_by("-updated_at")
    )


def case_with_records(*, request: HttpRequest, case_id: uuid.UUID) -> Case:
    """Return an owned case with stages, evidence and timeline in a fixed number of queries."""
    queryset = _owned_cases(request).prefetch_related(
        "stages",
        Prefetch("evidence", queryset=EvidenceItem.objects.order_by("created_at")),
        Prefetch("events", queryset=CaseEvent.objects.order_by("-at", "-id")),
    )
    return get_object_or_404(queryset, pk=case_id)


def stage_states(case: Case) -> dict[str, StageState]:
    """Return the case's StageState rows by stage (uses the prefetch when present)."""
    return {state.stage: state for state in case.stages.all()}


def stage_state(*, case: Case, stage: Stage | str) -> StageState:
    """Return the state of one stage, unsaved with version 0 if the stage was never touched."""
    state = stage_states(case).get(str(stage))
    return state if state is not None else StageState(case=case, stage=str(stage))


def evidence_for_case(*, case: Case) -> list[EvidenceItem]:
    return list(case.evidence.order_by("created_at"))


def evidence_item_for_case(*, case: Case, item_id: uuid.UUID) -> EvidenceItem:
    try:
        return case.evidence.get(pk=item_id)
    except EvidenceItem.DoesNotExist:
        raise Http404("没有这条证据") from None


def eligibility_answers(case: Case) -> EligibilityAnswers:
    """Return the stored stage-1 answers as the plain data the verdict function takes."""
    return EligibilityAnswers(
        goods_kind=case.goods_kind,
        problems=frozenset(case.problems or ()),
        no_refund_notice=case.no_refund_notice,
        fraud_signs=case.fraud_signs,
        payment_method=case.payment_method,
        amount=case.amount,
    )


def wizard_texts() -> dict[str, str]:
    """Return every guidance text by key: the editors' version, else the default (1 query)."""
    texts = {key: entry.body for key, entry in DEFAULTS.items()}
    texts.update(WizardText.objects.values_list("key", "body"))
    return texts
