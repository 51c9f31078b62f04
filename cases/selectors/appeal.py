"""Reads for stage 4: the case with everything the appeal package quotes."""

import uuid

from django.http import HttpRequest

from cases.models import AppealRecord, Case
from cases.selectors.case import EVIDENCE_ROWS, owned_case, row_of_case


def appeal_case(*, request: HttpRequest, case_id: uuid.UUID) -> Case:
    """Return an owned case with stages, evidence, negotiations and appeals (fixed queries)."""
    listing = ("evidence", "negotiations", "appeals")
    return owned_case(request=request, case_id=case_id, listing=listing)


def appeal_page_case(*, request: HttpRequest, case_id: uuid.UUID) -> Case:
    """appeal_case for the stage page, which only names and counts the files: the evidence
    as values (case.evidence_rows), not as items."""
    listing = (EVIDENCE_ROWS, "negotiations", "appeals")
    return owned_case(request=request, case_id=case_id, listing=listing)


def appeal_record_for_case(*, case: Case, appeal_id: int) -> AppealRecord:
    return row_of_case(case.appeals, appeal_id, "没有这条申诉记录")
