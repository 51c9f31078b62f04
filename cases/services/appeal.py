"""Writes for stage 4, the platform appeal: log an appeal, record what the platform decided."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from cases.models import (
    AppealOutcome,
    AppealRecord,
    Case,
    Resolution,
    Stage,
    StageState,
    StageStatus,
)
from cases.services import add_event, check_version, locked_state
from cases.services import record as record_services

DRAFT_FORM = "appeal"


def _refresh_appeal_status(*, case: Case, state: StageState) -> None:
    """Done once the latest appeal has an answer; in progress while one is pending or drafted."""
    latest = AppealRecord.objects.filter(case=case).order_by("-submitted_at", "-id").first()
    if latest is not None:
        pending = latest.outcome == AppealOutcome.PENDING
        state.status = StageStatus.IN_PROGRESS if pending else StageStatus.DONE
    elif state.draft:
        state.status = StageStatus.IN_PROGRESS
    elif state.status != StageStatus.NOT_APPLICABLE:
        state.status = StageStatus.TODO


def _when(moment: datetime) -> str:
    local = timezone.localtime(moment)
    return f"{local:%Y年}{local.month}月{local.day}日 {local:%H:%M}"


@transaction.atomic
def appeal_record_add(
    *,
    case: Case,
    submitted_at: datetime,
    ticket_number: str = "",
    statement: str = "",
    version: int,
) -> AppealRecord:
    """Log an appeal the buyer submitted to the platform; raise StaleStageError."""
    state = locked_state(case=case, stage=Stage.APPEAL)
    check_version(state, version)
    record = AppealRecord(
        case=case,
        submitted_at=submitted_at,
        ticket_number=ticket_number,
        statement=statement,
    )
    record.full_clean()
    record.save()
    state.draft.pop(DRAFT_FORM, None)
    _refresh_appeal_status(case=case, state=state)
    state.version += 1
    state.full_clean()
    state.save()
    ticket = f"，工单号 {ticket_number}" if ticket_number else ""
    add_event(
        case=case,
        stage=Stage.APPEAL,
        message=f"记录了平台申诉：{_when(submitted_at)} 提交{ticket}",
    )
    return record


@transaction.atomic
def appeal_outcome_update(*, record: AppealRecord, outcome: str, version: int) -> AppealRecord:
    """Record what the platform decided; a refund ends the case. Raise StaleStageError."""
    case = record.case
    state = locked_state(case=case, stage=Stage.APPEAL)
    check_version(state, version)
    record.outcome = outcome
    record.full_clean()
    record.save(update_fields=["outcome"])
    _refresh_appeal_status(case=case, state=state)
    state.version += 1
    state.full_clean()
    state.save()
    label = f"申诉 {record.ticket_number}" if record.ticket_number else "申诉"
    message = f"更新了{label}的结果：{AppealOutcome(outcome).label}"
    if outcome in {AppealOutcome.REJECTED, AppealOutcome.NO_ANSWER}:
        message += "。下一步：外部维权"
    add_event(case=case, stage=Stage.APPEAL, message=message)
    if outcome == AppealOutcome.REFUNDED and not case.resolution:
        # The case record owns "resolved": same event and fields as marking it by hand.
        record_services.case_resolve(
            case=case, resolution=Resolution.REFUNDED, note="平台申诉判了退款"
        )
    return record
