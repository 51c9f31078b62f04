"""Writes for stage 5 (外部维权): the complaint details and the log of outside complaints."""

from collections.abc import Mapping
from datetime import date
from typing import Any

from cases import wording
from cases.choices import Channel, EscalationOutcome, Stage, StageStatus
from cases.models import Case, EscalationRecord, StageState
from cases.services.stage import stage_write, update_case

# The case fields of the complaint details, in the order the form shows them.
DETAILS_FIELDS = (
    "complainant_name",
    "complainant_phone",
    "complainant_address",
    "respondent_name",
    "respondent_address",
    "complaint_request",
    "appeal_unreasonable",
)
RECORD_FIELDS = frozenset({"outcome", "reference"})
DETAILS_DRAFT = "details"
RECORD_DRAFT = "record"


def escalation_status(case: Case, state: StageState) -> str:
    """Done once every logged complaint has a result; in progress while anything is started."""
    outcomes = list(EscalationRecord.objects.filter(case=case).values_list("outcome", flat=True))
    details = any(getattr(case, name) for name in DETAILS_FIELDS)
    if outcomes and EscalationOutcome.PENDING not in outcomes:
        return StageStatus.DONE
    if outcomes or details or state.draft:
        return StageStatus.IN_PROGRESS
    return StageStatus.TODO


def escalation_details_save(*, case: Case, fields: Mapping[str, Any], version: int) -> StageState:
    """Store the complainant, respondent and request as typed; raise StaleStageError."""
    with stage_write(
        case=case,
        stage=Stage.ESCALATION,
        status=escalation_status,
        version=version,
        done_draft=DETAILS_DRAFT,
    ) as write:
        update_case(case=case, values=fields, allowed=frozenset(DETAILS_FIELDS))
        write.event = "保存了投诉信息（投诉人、被投诉人、投诉请求）"
    return write.state


def escalation_record_add(
    *, case: Case, channel: str, filed_on: date, reference: str = "", outcome: str
) -> EscalationRecord:
    """Log a complaint or police report filed outside the platform."""
    with stage_write(
        case=case, stage=Stage.ESCALATION, status=escalation_status, done_draft=RECORD_DRAFT
    ) as write:
        record = EscalationRecord(
            case=case, channel=channel, filed_on=filed_on, reference=reference, outcome=outcome
        )
        record.full_clean()
        record.save()
        number = f"，编号 {reference}" if reference else ""
        write.event = (
            f"记录了外部投诉：{Channel(channel).label}，{wording.day(filed_on)}提交{number}，"
            f"结果：{EscalationOutcome(outcome).label}"
        )
    return record


def escalation_record_update(*, record: EscalationRecord, values: Mapping[str, Any]) -> bool:
    """Change the result (and, once it arrives, the number) of a logged complaint. Return
    False when nothing differs from the record: nothing is written, not even a timeline line."""
    if all(getattr(record, name) == values[name] for name in values if name in RECORD_FIELDS):
        return False
    with stage_write(case=record.case, stage=Stage.ESCALATION, status=escalation_status) as write:
        before = record.get_outcome_display()
        changed = [name for name in values if name in RECORD_FIELDS]
        for name in changed:
            setattr(record, name, values[name])
        record.full_clean()
        record.save(update_fields=changed or None)
        after = record.get_outcome_display()
        result = f"{before} → {after}" if before != after else after
        number = f"，编号 {record.reference}" if record.reference else ""
        write.event = (
            f"更新了外部投诉：{record.get_channel_display()}（{wording.day(record.filed_on)}提交"
            f"{number}），结果：{result}"
        )
    return True
