"""Reads for the wizard. Every case route finds its case through case_for_request."""

import dataclasses
import uuid
from datetime import datetime
from importlib import import_module

from django.conf import settings
from django.core.files.storage import Storage
from django.db.models import Count, Exists, Max, Model, OuterRef, Prefetch, QuerySet, Subquery
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone

from cases import complaints, statistics
from cases.channels import ChannelFacts
from cases.eligibility import OWN_REASONS, SELLER_FAULT_REASONS, EligibilityAnswers
from cases.guidance import DEFAULTS
from cases.models import (
    EVIDENCE_FOLDER,
    AppealOutcome,
    AppealRecord,
    Case,
    CaseEvent,
    Channel,
    EscalationOutcome,
    EscalationRecord,
    EvidenceItem,
    NegotiationAttempt,
    NegotiationOutcome,
    Problem,
    Stage,
    StageState,
    StageStatus,
    WizardText,
)
from cases.progress import NegotiationFacts, negotiation_facts


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


# Case record — export and delete walk every model that hangs off a case.


def cases_of_user(*, user) -> list[Case]:
    """Return every case an account owns, oldest first."""
    return list(Case.objects.filter(owner=user).order_by("created_at", "pk"))


def case_records(*, cases: list[Case]) -> dict[uuid.UUID, dict[str, list[Model]]]:
    """Return every row below the cases, by case id and model label: one query per model.

    The models are found by walking reverse foreign keys from Case (and on from
    those models), so a related model added later is included without a change here.
    """
    records: dict[uuid.UUID, dict[str, list[Model]]] = {case.pk: {} for case in cases}
    _collect_children(Case, [(case, case.pk) for case in cases], records, seen={Case})
    return records


def _collect_children(
    model: type[Model],
    parents: list[tuple[Model, uuid.UUID]],
    records: dict[uuid.UUID, dict[str, list[Model]]],
    *,
    seen: set[type[Model]],
) -> None:
    """Fetch the rows pointing at the parents (each paired with its case id), then theirs."""
    if not parents:
        return
    for relation in model._meta.related_objects:
        child = relation.related_model
        if not (relation.one_to_many or relation.one_to_one) or child in seen:
            continue
        field = relation.field
        target = field.target_field.attname
        case_of = {getattr(parent, target): case_id for parent, case_id in parents}
        queryset = child._base_manager.filter(**{f"{field.name}__in": list(case_of)})
        if not child._meta.ordering:
            queryset = queryset.order_by("pk")
        label = child._meta.label_lower
        for by_label in records.values():
            by_label.setdefault(label, [])
        rows = []
        for row in queryset:
            case_id = case_of[getattr(row, field.attname)]
            records[case_id].setdefault(label, []).append(row)
            rows.append((row, case_id))
        _collect_children(child, rows, records, seen=seen | {child})


def account_case_totals(*, user) -> dict[str, int]:
    """Return how many cases and uploaded files an account holds (2 queries)."""
    return {
        "case_count": Case.objects.filter(owner=user).count(),
        "file_count": EvidenceItem.objects.filter(case__owner=user).exclude(file="").count(),
    }


# Stage 5 — escalation


def case_for_escalation(*, request: HttpRequest, case_id: uuid.UUID) -> Case:
    """Return an owned case with everything the outside-channel texts quote, in fixed queries."""
    queryset = _owned_cases(request).prefetch_related(
        "stages",
        Prefetch("evidence", queryset=EvidenceItem.objects.order_by("created_at", "id")),
        Prefetch("negotiations", queryset=NegotiationAttempt.objects.order_by("sent_at", "id")),
        Prefetch("appeals", queryset=AppealRecord.objects.order_by("submitted_at", "id")),
        Prefetch("escalations", queryset=EscalationRecord.objects.order_by("filed_on", "id")),
    )
    return get_object_or_404(queryset, pk=case_id)


def escalation_for_case(*, case: Case, escalation_id: int) -> EscalationRecord:
    try:
        return case.escalations.get(pk=escalation_id)
    except EscalationRecord.DoesNotExist:
        raise Http404("没有这条外部投诉记录") from None


def _seller_fault(problems: list[str]) -> bool | None:
    """Return True for a seller's fault, False for the buyer's own reasons only, else None."""
    chosen = set(problems or ())
    if chosen & set(SELLER_FAULT_REASONS):
        return True
    if chosen and chosen <= OWN_REASONS:
        return False
    return None


def channel_facts(case: Case) -> ChannelFacts:
    """Return the facts the channel advice depends on (uses case_for_escalation's prefetch)."""
    negotiations = list(case.negotiations.all())
    appeals = list(case.appeals.all())
    return ChannelFacts(
        amount=case.amount,
        fraud_signs=case.fraud_signs,
        payment_method=case.payment_method,
        appeal_outcome=appeals[-1].outcome if appeals else "none",
        appeal_unreasonable=case.appeal_unreasonable,
        negotiation_outcome=negotiations[-1].outcome if negotiations else "none",
        seller_fault=_seller_fault(case.problems),
        resolved=bool(case.resolution),
    )


def _local(moment):
    return timezone.localtime(moment) if moment is not None else None


def complaint_facts(case: Case) -> complaints.ComplaintFacts:
    """Return the case as the plain data the complaint texts are built from, in local time."""
    problem_labels = dict(Problem.choices)
    return complaints.ComplaintFacts(
        product_name=case.product_name,
        platform_name=case.platform_name,
        order_number=case.order_number,
        seller_id=case.seller_id,
        amount=case.amount,
        ordered_at=_local(case.ordered_at),
        payment_method=case.payment_method,
        payment_label=case.get_payment_method_display() if case.payment_method else "",
        promised_delivery=case.promised_delivery,
        problems=tuple(
            problem_labels[code]
            for code in case.problems or ()
            # Only the seller's failings make the claim; "其他" says nothing to a reader.
            if code in problem_labels and code not in OWN_REASONS | {"other"}
        ),
        fraud_signs=case.fraud_signs,
        negotiations=tuple(
            complaints.Negotiation(
                sent_at=_local(attempt.sent_at),
                deadline=_local(attempt.deadline),
                seller_answer=attempt.seller_answer,
                outcome=attempt.outcome,
                outcome_label=attempt.get_outcome_display(),
            )
            for attempt in case.negotiations.all()
        ),
        appeals=tuple(
            complaints.Appeal(
                submitted_at=_local(appeal.submitted_at),
                ticket_number=appeal.ticket_number,
                outcome=appeal.outcome,
                outcome_label=appeal.get_outcome_display(),
            )
            for appeal in case.appeals.all()
        ),
        escalations=tuple(
            complaints.Escalation(
                channel=record.channel,
                filed_on=record.filed_on,
                reference=record.reference,
                outcome_label=record.get_outcome_display(),
            )
            for record in case.escalations.all()
        ),
        evidence=tuple(
            complaints.Evidence(
                kind_label=item.get_kind_display(),
                description=item.description,
                occurred_at=_local(item.occurred_at),
                original_name=item.original_name,
                sha256=item.sha256,
                received_at=_local(item.received_at),
            )
            for item in case.evidence.all()
        ),
        complainant_name=case.complainant_name,
        complainant_phone=case.complainant_phone,
        complainant_address=case.complainant_address,
        respondent_name=case.respondent_name,
        respondent_address=case.respondent_address,
        complaint_request=case.complaint_request,
    )


# Editors' statistics — grouped counts only, never a case's contents.


def case_statistics() -> statistics.CaseStatistics:
    """Return cases by stage status and by outcome, for the editors' admin page (2 queries)."""
    groups = [
        statistics.CaseGroup(row["resolution"], row["payment_method"], row["n"])
        for row in Case.objects.order_by()
        .values("resolution", "payment_method")
        .annotate(n=Count("pk"))
    ]
    stored = [
        statistics.StoredStatus(
            row["case__resolution"],
            row["case__payment_method"],
            row["stage"],
            row["status"],
            row["n"],
        )
        for row in StageState.objects.order_by()
        .values("case__resolution", "case__payment_method", "stage", "status")
        .annotate(n=Count("pk"))
    ]
    return dataclasses.replace(
        statistics.tally(groups, stored),
        reached=statistics.furthest_stages(_reached_groups()),
        channels=statistics.channel_outcomes(_outcome_groups(), _STATS_CHANNELS),
    )


# (code, name, outcomes) of every channel the editors' numbers count, in the wizard's order.
_STATS_CHANNELS = (
    ("negotiation", "和商家协商", NegotiationOutcome.choices),
    ("appeal", "平台申诉", AppealOutcome.choices),
    *((code, label, EscalationOutcome.choices) for code, label in Channel.choices),
)


def _reached_groups() -> list[statistics.ReachedGroup]:
    """Return cases grouped by which stages they started (1 query, at most 32 rows)."""
    started = {
        f"started_{stage}": Exists(
            StageState.objects.filter(
                case=OuterRef("pk"),
                stage=stage,
                status__in=[StageStatus.IN_PROGRESS, StageStatus.DONE],
            )
        )
        for stage in Stage.values
    }
    rows = Case.objects.order_by().annotate(**started).values(*started).annotate(n=Count("pk"))
    return [
        statistics.ReachedGroup(
            frozenset(name.removeprefix("started_") for name in started if row[name]), row["n"]
        )
        for row in rows
    ]


def _latest_outcome(model: type[Model], order: str, **filters) -> Subquery:
    latest = model.objects.filter(case=OuterRef("pk"), **filters).order_by(f"-{order}", "-id")
    return Subquery(latest.values("outcome")[:1])


def _outcome_groups() -> list[statistics.OutcomeGroup]:
    """Return cases grouped by their latest outcome in every channel (1 query)."""
    latest = {
        "latest_negotiation": _latest_outcome(NegotiationAttempt, "sent_at"),
        "latest_appeal": _latest_outcome(AppealRecord, "submitted_at"),
        **{
            f"latest_{code}": _latest_outcome(EscalationRecord, "filed_on", channel=code)
            for code in Channel.values
        },
    }
    rows = Case.objects.order_by().annotate(**latest).values(*latest).annotate(n=Count("pk"))
    return [
        statistics.OutcomeGroup(
            tuple((name.removeprefix("latest_"), row[name]) for name in latest), row["n"]
        )
        for row in rows
    ]


# Stage 4 — appeal


def appeal_case(*, request: HttpRequest, case_id: uuid.UUID) -> Case:
    """Return an owned case with stages, evidence, negotiations and appeals (fixed queries)."""
    queryset = _owned_cases(request).prefetch_related(
        "stages",
        Prefetch("evidence", queryset=EvidenceItem.objects.order_by("created_at", "pk")),
        Prefetch("negotiations", queryset=NegotiationAttempt.objects.order_by("sent_at", "id")),
        Prefetch("appeals", queryset=AppealRecord.objects.order_by("submitted_at", "id")),
    )
    return get_object_or_404(queryset, pk=case_id)


def appeal_record_for_case(*, case: Case, appeal_id: int) -> AppealRecord:
    try:
        return case.appeals.get(pk=appeal_id)
    except AppealRecord.DoesNotExist:
        raise Http404("没有这条申诉记录") from None


# Stage 3 — negotiation


def negotiation_attempts(*, case: Case) -> list[NegotiationAttempt]:
    """Return the case's logged attempts in the order they were sent (1 query)."""
    return list(case.negotiations.order_by("sent_at", "id"))


def negotiation_attempt_for_case(*, case: Case, attempt_id: int) -> NegotiationAttempt:
    try:
        return case.negotiations.get(pk=attempt_id)
    except NegotiationAttempt.DoesNotExist:
        raise Http404("没有这条协商记录") from None


def negotiation_facts_for(*, cases: list[Case]) -> dict[uuid.UUID, NegotiationFacts]:
    """Return each case's passed deadline and latest negotiation outcome (1 query for all)."""
    if not cases:
        return {}
    pairs: dict[uuid.UUID, list[tuple[str, object]]] = {case.pk: [] for case in cases}
    rows = (
        NegotiationAttempt.objects.filter(case__in=list(pairs))
        .order_by("case_id", "sent_at", "id")
        .values_list("case_id", "outcome", "deadline")
    )
    for case_id, outcome, deadline in rows:
        pairs[case_id].append((outcome, deadline))
    now = timezone.now()
    return {case_id: negotiation_facts(found, now=now) for case_id, found in pairs.items()}


# Housekeeping — files in the evidence store that no row points to.

_NAMES_PER_QUERY = 500


def _stored_evidence_names(storage: Storage) -> list[str]:
    """Return the name of every file under the evidence folder (one folder per case)."""
    try:
        folders, files = storage.listdir(EVIDENCE_FOLDER)
    except FileNotFoundError:
        return []  # nothing uploaded yet
    names = [f"{EVIDENCE_FOLDER}/{name}" for name in files]
    for folder in folders:
        _, inside = storage.listdir(f"{EVIDENCE_FOLDER}/{folder}")
        names.extend(f"{EVIDENCE_FOLDER}/{folder}/{name}" for name in inside)
    return names


def orphan_evidence_files(*, storage: Storage, modified_before: datetime) -> list[str]:
    """Return stored evidence files no evidence row points to, last changed before the time.

    They are left by a request that died after storing the file but before its
    transaction committed, or after committing a delete but before removing the file.
    The time keeps an upload whose row is about to be committed out of the list.
    """
    names = _stored_evidence_names(storage)
    referenced: set[str] = set()
    for start in range(0, len(names), _NAMES_PER_QUERY):
        batch = names[start : start + _NAMES_PER_QUERY]
        referenced.update(
            EvidenceItem.objects.filter(file__in=batch).values_list("file", flat=True)
        )
    return [
        name
        for name in names
        if name not in referenced and storage.get_modified_time(name) < modified_before
    ]


def _session_alive(store_class, session_key: str) -> bool:
    store = store_class(session_key=session_key)
    store.load()  # a missing or expired session comes back without a key
    return store.session_key is not None


def abandoned_anonymous_cases(*, inactive_before: datetime) -> list[Case]:
    """Return cases without an account whose browser session is gone (expired or cleared).

    Nobody can open such a case again: only that session could. The time spares a
    case whose session is being created by the request that created the case.
    """
    store_class = import_module(settings.SESSION_ENGINE).SessionStore
    candidates = Case.objects.filter(owner__isnull=True, updated_at__lt=inactive_before)
    alive: dict[str, bool] = {}
    abandoned = []
    for case in candidates:
        if case.session_key not in alive:
            alive[case.session_key] = _session_alive(store_class, case.session_key)
        if not alive[case.session_key]:
            abandoned.append(case)
    return abandoned
