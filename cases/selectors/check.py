"""Reads for the 核对信息 page: one owned case with every record its texts quote."""

import uuid

from django.http import HttpRequest

from cases.models import Case
from cases.selectors.case import owned_case


def case_for_check(*, request: HttpRequest, case_id: uuid.UUID) -> Case:
    """Return an owned case with stages, evidence, attempts and appeals in fixed queries."""
    return owned_case(
        request=request,
        case_id=case_id,
        listing=("evidence", "negotiations", "appeals", "escalations"),
    )
