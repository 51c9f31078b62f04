"""Real child records of every kind for a case, so tests reach every /cases/ route."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from cases.choices import Channel, EscalationOutcome, Stage
from cases.models import Case
from cases.selectors.case import stage_state
from cases.services import appeal as appeal_services
from cases.services import escalation as escalation_services
from cases.services import negotiation as negotiation_services
from cases.services.evidence import evidence_item_add
from cases.services.reminders import unsubscribe_token


def add_children(case: Case, png_bytes: bytes) -> dict[str, str]:
    """Give the case one real record of every child kind; return the URL values."""
    now = timezone.now()
    item = evidence_item_add(
        case=case,
        kind="transaction",
        description="订单截图",
        upload=SimpleUploadedFile("order.png", png_bytes),
    )
    attempt = negotiation_services.attempt_log(
        case=case,
        sent_at=now - datetime.timedelta(days=3),
        deadline=now - datetime.timedelta(days=1),
        message="您好，我在贵店购买的点卡无法使用，请在 48 小时内退款。",
    )
    appeal = appeal_services.appeal_record_add(
        case=case,
        submitted_at=now - datetime.timedelta(hours=20),
        ticket_number="GD20260315",
        statement="商家到期未处理，申请平台介入。",
        version=stage_state(case=case, stage=Stage.APPEAL).version,
    )
    escalation = escalation_services.escalation_record_add(
        case=case,
        channel=Channel.C12315,
        filed_on=timezone.localdate(),
        reference="1231500001",
        outcome=EscalationOutcome.PENDING,
    )
    return {
        "case_id": str(case.pk),
        "item_id": str(item.pk),
        "attempt_id": str(attempt.pk),
        "appeal_id": str(appeal.pk),
        "escalation_id": str(escalation.pk),
        # The reminder mail's one-click stop link (issue 17).
        "token": unsubscribe_token(case.pk),
    }
