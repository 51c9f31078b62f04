"""Writes for stage 3 (协商): the message settings, logged attempts and their outcomes."""

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from cases.drafting import deadline_text
from cases.models import (
    Case,
    NegotiationAttempt,
    NegotiationOutcome,
    Resolution,
    Stage,
    StageState,
)
from cases.progress import negotiation_status
from cases.services import add_event, check_version, locked_state
from cases.services import record as record_services

MESSAGE_DRAFT = "message"
OUTCOME_FIELDS = frozenset({"seller_answer", "outcome"})


def _when(moment: datetime) -> str:
    return deadline_text(timezone.localtime(moment))


def _refresh_status(*, case: Case, state: StageState) -> None:
    outcomes = NegotiationAttempt.objects.filter(case=case).values_list("outcome", flat=True)
    state.status = negotiation_status(outcomes, has_draft=bool(state.draft))


@transaction.atomic
def message_settings_save(
    *, case: Case, data: Mapping[str, list[str]], deadline: datetime, version: int
) -> StageState:
    """Keep the rule and deadline the message is built from; raise StaleStageError.

    The text itself is left empty so the page builds it afresh from the case,
    which picks up an order number filled in after this save.
    """
    state = locked_state(case=case, stage=Stage.NEGOTIATION)
    check_version(state, version)
    kept = {key: list(values) for key, values in data.items()}
    state.draft = {**state.draft, MESSAGE_DRAFT: {**kept, "message": [""]}}
    _refresh_status(case=case, state=state)
    state.version += 1
    state.full_clean()
    state.save()
    add_event(
        case=case,
        stage=Stage.NEGOTIATION,
        message=f"生成了协商消息，给商家的期限：{_when(deadline)}",
    )
    return state


@transaction.atomic
def attempt_log(
    *, case: Case, sent_at: datetime, deadline: datetime | None, message: str
) -> NegotiationAttempt:
    """Record that a message went to the seller; the stage is under way from now on."""
    attempt = NegotiationAttempt(case=case, sent_at=sent_at, deadline=deadline, message=message)
    attempt.full_clean()
    attempt.save()
    state = locked_state(case=case, stage=Stage.NEGOTIATION)
    _refresh_status(case=case, state=state)
    state.full_clean()
    state.save()
    until = f"，期限 {_when(deadline)}" if deadline else ""
    add_event(
        case=case,
        stage=Stage.NEGOTIATION,
        message=f"给商家发了协商消息（{_when(sent_at)} 发送{until}）",
    )
    return attempt


@transaction.atomic
def attempt_outcome_save(
    *, attempt: NegotiationAttempt, values: Mapping[str, Any], version: int
) -> NegotiationAttempt:
    """Store the seller's answer and the outcome; a full refund closes the case.

    Only the fields the form carried are set. Raise StaleStageError for a stale tab.
    """
    case = attempt.case
    state = locked_state(case=case, stage=Stage.NEGOTIATION)
    check_version(state, version)
    for name in OUTCOME_FIELDS & values.keys():
        setattr(attempt, name, values[name])
    attempt.full_clean()
    attempt.save(update_fields=sorted(OUTCOME_FIELDS & values.keys()) or None)
    _refresh_status(case=case, state=state)
    state.version += 1
    state.full_clean()
    state.save()
    label = NegotiationOutcome(attempt.outcome).label
    answer = f"。商家回复：{attempt.seller_answer}" if attempt.seller_answer else ""
    add_event(
        case=case,
        stage=Stage.NEGOTIATION,
        message=f"记录了协商结果（{_when(attempt.sent_at)} 那次）：{label}{answer}",
    )
    if attempt.outcome == NegotiationOutcome.REFUNDED and not case.resolution:
        record_services.case_resolve(
            case=case, resolution=Resolution.REFUNDED, note="和商家协商成功，商家已退款"
        )
    return attempt
