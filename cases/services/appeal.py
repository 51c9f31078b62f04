"""Writes for stage 4, the platform appeal: log an appeal, record what the platform decided."""

from datetime import datetime

from django.db import transaction

from cases import wording
from cases.choices import AppealOutcome, Resolution, Stage, StageStatus
from cases.models import AppealRecord, Case, StageState
from cases.rules.progress import own_reasons_only
from cases.services import record as record_services
from cases.services.stage import stage_write

DRAFT_FORM = "appeal"


def appeal_status(case: Case, state: StageState) -> str:
    """Done once the latest appeal has an answer; in progress while one is pending or drafted."""
    latest = AppealRecord.objects.filter(case=case).order_by("-submitted_at", "-id").first()
    if latest is not None:
        pending = latest.outcome == AppealOutcome.PENDING
        return StageStatus.IN_PROGRESS if pending else StageStatus.DONE
    if state.draft:
        return StageStatus.IN_PROGRESS
    if state.status == StageStatus.NOT_APPLICABLE:
        return state.status
    return StageStatus.TODO


def appeal_record_add(
    *,
    case: Case,
    submitted_at: datetime,
    ticket_number: str = "",
    statement: str = "",
    version: int,
) -> AppealRecord:
    """Log an appeal the buyer submitted to the platform; raise StaleStageError."""
    with stage_write(
        case=case, stage=Stage.APPEAL, status=appeal_status, version=version, done_draft=DRAFT_FORM
    ) as write:
        record = AppealRecord(
            case=case,
            submitted_at=submitted_at,
            ticket_number=ticket_number,
            statement=statement,
        )
        record.full_clean()
        record.save()
        ticket = f"，工单号 {ticket_number}" if ticket_number else ""
        write.event = f"记录了平台申诉：{wording.moment(submitted_at)} 提交{ticket}"
    return record


@transaction.atomic
def appeal_outcome_update(*, record: AppealRecord, outcome: str, version: int) -> bool:
    """Record what the platform decided; a refund ends the case. Return False when the
    outcome is the one on record: nothing is written, not even a timeline line. Raise
    StaleStageError for a stale tab."""
    case = record.case
    if outcome == record.outcome:
        return False
    with stage_write(case=case, stage=Stage.APPEAL, status=appeal_status, version=version) as write:
        record.outcome = outcome
        record.full_clean()
        record.save(update_fields=["outcome"])
        ticket = wording.spaced(record.ticket_number, "诉", "的")
        write.event = f"更新了申诉{ticket}的结果：{AppealOutcome(outcome).label}"
        own_reason = own_reasons_only(case.problems, case.fraud_signs)
        if outcome in {AppealOutcome.REJECTED, AppealOutcome.NO_ANSWER} and not own_reason:
            write.event += "。下一步：外部维权"
    if outcome == AppealOutcome.REFUNDED and not case.resolution:
        # The case record owns "resolved": same event and fields as marking it by hand.
        record_services.case_resolve(
            case=case, resolution=Resolution.REFUNDED, note="平台申诉判了退款"
        )
    return True
