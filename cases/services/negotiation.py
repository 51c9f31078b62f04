"""Writes for stage 3 (协商): the message settings, logged attempts and their outcomes."""

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from django.db import transaction

from cases import wording
from cases.choices import NegotiationOutcome, Resolution, Stage
from cases.models import Case, NegotiationAttempt, StageState
from cases.rules.progress import negotiation_status
from cases.services import record as record_services
from cases.services.stage import stage_write

MESSAGE_DRAFT = "message"
OUTCOME_FIELDS = frozenset({"seller_answer", "outcome", "refunded_amount"})


def _status(case: Case, state: StageState) -> str:
    outcomes = NegotiationAttempt.objects.filter(case=case).values_list("outcome", flat=True)
    return negotiation_status(outcomes, has_draft=bool(state.draft))


def message_settings_save(
    *, case: Case, data: Mapping[str, list[str]], deadline: datetime, version: int
) -> StageState:
    """Keep the rule and deadline the message is built from; raise StaleStageError.

    The text itself is left empty so the page builds it afresh from the case,
    which picks up an order number filled in after this save.
    """
    with stage_write(case=case, stage=Stage.NEGOTIATION, status=_status, version=version) as write:
        kept = {key: list(values) for key, values in data.items()}
        write.state.draft = {**write.state.draft, MESSAGE_DRAFT: {**kept, "message": [""]}}
        write.event = f"生成了协商消息，给商家的期限：{wording.moment(deadline)}"
    return write.state


def attempt_log(
    *, case: Case, sent_at: datetime, deadline: datetime | None, message: str
) -> NegotiationAttempt:
    """Record that a message went to the seller; the stage is under way from now on."""
    with stage_write(case=case, stage=Stage.NEGOTIATION, status=_status) as write:
        attempt = NegotiationAttempt(case=case, sent_at=sent_at, deadline=deadline, message=message)
        attempt.full_clean()
        attempt.save()
        until = f"，期限 {wording.moment(deadline)}" if deadline else ""
        write.event = f"给商家发了协商消息（{wording.moment(sent_at)} 发送{until}）"
    return attempt


def _outcome_changes(*, attempt: NegotiationAttempt, values: Mapping[str, Any]) -> dict[str, Any]:
    """Return the outcome fields among values that differ from what the attempt holds."""
    return {
        name: values[name]
        for name in sorted(OUTCOME_FIELDS & values.keys())
        if values[name] != getattr(attempt, name)
    }


@transaction.atomic
def attempt_outcome_save(
    *, attempt: NegotiationAttempt, values: Mapping[str, Any], version: int
) -> bool:
    """Store the seller's answer and the outcome; a full refund closes the case.

    Only the fields the form carried, and of those only the changed ones, are set. Return
    False when nothing changed: then nothing is written, not even a timeline line or a new
    version. Raise StaleStageError for a stale tab.
    """
    case = attempt.case
    changes = _outcome_changes(attempt=attempt, values=values)
    if not changes:
        return False
    with stage_write(case=case, stage=Stage.NEGOTIATION, status=_status, version=version) as write:
        for name, value in changes.items():
            setattr(attempt, name, value)
        attempt.full_clean()
        attempt.save(update_fields=list(changes))
        label = NegotiationOutcome(attempt.outcome).label
        answer = f"。商家回复：{attempt.seller_answer}" if attempt.seller_answer else ""
        write.event = f"记录了协商结果（{wording.moment(attempt.sent_at)} 那次）：{label}{answer}"
    if attempt.outcome == NegotiationOutcome.REFUNDED and not case.resolution:
        record_services.case_resolve(
            case=case, resolution=Resolution.REFUNDED, note="和商家协商成功，商家已退款"
        )
    return True
