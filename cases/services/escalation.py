"""Writes for stage 5 (外部维权): the complaint details and the log of outside complaints."""

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.db import transaction

from cases.models import (
    Case,
    Channel,
    EscalationOutcome,
    EscalationRecord,
    Stage,
    StageState,
    StageStatus,
)
from cases.services import add_event, check_version, locked_state, update_case

DETAILS_FIELDS = frozenset(
    {
        "complainant_name",
        "complainant_phone",
        "complainant_address",
        "respondent_name",
        "respondent_address",
        "complaint_request",
        "appeal_unreasonable",
    }
)
RECORD_FIELDS = frozenset({"outcome", "reference"})


def _refresh_escalation_status(*, case: Case, state: StageState) -> None:
    """Done once every logged complaint has a result; in progress while anything is started."""
    outcomes = list(EscalationRecord.objects.filter(case=case).values_list("outcome", flat=True))
    details = any(getattr(case, name) for name in DETAILS_FIELDS)
    if outcomes and EscalationOutcome.PENDING not in outcomes:
        state.status = StageStatus.DONE
    elif outcomes or details or state.draft:
        state.status = StageStatus.IN_PROGRESS
    else:
        state.status = StageStatus.TODO


@transaction.atomic
def escalation_details_save(*, case: Case, fields: Mapping[str, Any], version: int) -> StageState:
    """Store the complainant, respondent and request as typed; raise StaleStageError."""
    state = locked_state(case=case, stage=Stage.ESCALATION)
    check_version(state, version)
    update_case(case=case, values=fields, allowed=DETAILS_FIELDS)
    state.draft.pop("details", None)
    _refresh_escalation_status(case=case, state=state)
    state.version += 1
    state.full_clean()
    state.save()
    add_event(
        case=case, stage=Stage.ESCALATION, message="保存了投诉信息（投诉人、被投诉人、投诉请求）"
    )
    return state


@transaction.atomic
def escalation_record_add(
    *, case: Case, channel: str, filed_on: date, reference: str = "", outcome: str
) -> EscalationRecord:
    """Log a complaint or police report filed outside the platform."""
    record = EscalationRecord(
        case=case, channel=channel, filed_on=filed_on, reference=reference, outcome=outcome
    )
    record.full_clean()
    record.save()
    state = locked_state(case=case, stage=Stage.ESCALATION)
    state.draft.pop("record", None)
    _refresh_escalation_status(case=case, state=state)
    state.full_clean()
    state.save()
    number = f"，编号 {reference}" if reference else ""
    add_event(
        case=case,
        stage=Stage.ESCALATION,
        message=(
            f"记录了外部投诉：{Channel(channel).label}，{filed_on:%Y-%m-%d} 提交{number}，"
            f"结果：{EscalationOutcome(outcome).label}"
        ),
    )
    return record


@transaction.atomic
def escalation_record_update(
    *, record: EscalationRecord, values: Mapping[str, Any]
) -> EscalationRecord:
    """Change the result (and, once it arrives, the number) of a logged complaint."""
    before = record.get_outcome_display()
    changed = [name for name in values if name in RECORD_FIELDS]
    for name in changed:
        setattr(record, name, values[name])
    record.full_clean()
    record.save(update_fields=changed or None)
    case = record.case
    state = locked_state(case=case, stage=Stage.ESCALATION)
    _refresh_escalation_status(case=case, state=state)
    state.full_clean()
    state.save()
    after = record.get_outcome_display()
    result = f"{before} → {after}" if before != after else after
    number = f"，编号 {record.reference}" if record.reference else ""
    add_event(
        case=case,
        stage=Stage.ESCALATION,
        message=(
            f"更新了外部投诉：{record.get_channel_display()}（{record.filed_on:%Y-%m-%d} 提交"
            f"{number}），结果：{result}"
        ),
    )
    return record
