"""Reads for stage 5: the case with everything the outside-channel texts quote."""

import uuid

from django.http import HttpRequest

from cases.models import Case, EscalationRecord
from cases.selectors.case import EVIDENCE_ROWS, owned_case, row_of_case


def case_for_escalation(*, request: HttpRequest, case_id: uuid.UUID) -> Case:
    """Return an owned case with everything the outside-channel texts quote, in fixed queries."""
    listing = (EVIDENCE_ROWS, "negotiations", "appeals", "escalations")
    return owned_case(request=request, case_id=case_id, listing=listing)


def escalation_for_case(*, case: Case, escalation_id: int) -> EscalationRecord:
    return row_of_case(case.escalations, escalation_id, "没有这条外部投诉记录")
