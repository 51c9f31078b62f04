"""Find a case for its owner only, with what its page shows prefetched in fixed queries."""

import uuid

from django.db.models import Max, Model, Prefetch, QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from cases.choices import Stage
from cases.models import (
    AppealRecord,
    Case,
    CaseEvent,
    EscalationRecord,
    EvidenceItem,
    NegotiationAttempt,
    StageState,
)

# The rows below a case in the order every page lists them; prefetched by name.
LISTED = {
    "evidence": lambda: EvidenceItem.objects.order_by("created_at", "pk"),
    "negotiations": lambda: NegotiationAttempt.objects.order_by("sent_at", "id"),
    "appeals": lambda: AppealRecord.objects.order_by("submitted_at", "id"),
    "escalations": lambda: EscalationRecord.objects.order_by("filed_on", "id"),
    "events": lambda: CaseEvent.objects.order_by("-at", "-id"),
}


def _owned_cases(request: HttpRequest) -> QuerySet[Case]:
    """Return the cases the requester owns: by account, or by this browser's session."""
    if request.user.is_authenticated:
        return Case.objects.filter(owner=request.user)
    session_key = request.session.session_key
    if not session_key:
        return Case.objects.none()
    return Case.objects.filter(owner__isnull=True, session_key=session_key)


# The evidence as plain values, for pages that only tell it (the appeal page, the outside
# channels' texts): no model instance per item, which with fifty items was most of what
# such a page cost over a case with one (issue 18). facts.case_facts reads them.
EVIDENCE_ROWS = "evidence_rows"
EVIDENCE_VALUES = (
    "id",
    "kind",
    "description",
    "occurred_at",
    "received_at",
    "created_at",
    "original_name",
    "content_type",
    "size",
    "sha256",
    "file",
)


def owned_case(*, request: HttpRequest, case_id: uuid.UUID, listing: tuple[str, ...] = ()) -> Case:
    """Return the case if the requester owns it, else raise Http404 (a 403 would leak it).

    Its stage states and the listed rows (names of LISTED) come prefetched; with
    EVIDENCE_ROWS in the listing, `case.evidence_rows` holds the evidence as value dicts.
    """
    prefetches = [Prefetch(name, queryset=LISTED[name]()) for name in listing if name in LISTED]
    case = get_object_or_404(
        _owned_cases(request).prefetch_related("stages", *prefetches), pk=case_id
    )
    if EVIDENCE_ROWS in listing:
        case.evidence_rows = list(
            LISTED["evidence"]().filter(case_id=case.pk).values(*EVIDENCE_VALUES)
        )
    return case


def case_for_request(*, request: HttpRequest, case_id: uuid.UUID) -> Case:
    """Return the case if the requester owns it, with its stage states."""
    return owned_case(request=request, case_id=case_id)


def case_with_records(*, request: HttpRequest, case_id: uuid.UUID) -> Case:
    """Return an owned case with stages, evidence and timeline in a fixed number of queries."""
    return owned_case(request=request, case_id=case_id, listing=("evidence", "events"))


def row_of_case(related: QuerySet, pk: object, missing: str) -> Model:
    """Return one row below a case by its key, else raise Http404 with the missing message."""
    try:
        return related.get(pk=pk)
    except related.model.DoesNotExist:
        raise Http404(missing) from None


def cases_for_dashboard(*, request: HttpRequest) -> list[Case]:
    """Return the requester's cases with their stage states and last activity, newest first."""
    return list(
        _owned_cases(request)
        .annotate(last_event_at=Max("events__at"))
        .prefetch_related("stages")
        .order_by("-updated_at")
    )


def stage_states(case: Case) -> dict[str, StageState]:
    """Return the case's StageState rows by stage (uses the prefetch when present)."""
    return {state.stage: state for state in case.stages.all()}


def stage_state(*, case: Case, stage: Stage | str) -> StageState:
    """Return the state of one stage, unsaved with version 0 if the stage was never touched."""
    state = stage_states(case).get(str(stage))
    return state if state is not None else StageState(case=case, stage=str(stage))
