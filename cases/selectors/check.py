"""Reads for the 核对信息 page: one owned case with every record its texts quote."""

import uuid

from django.db.models import Prefetch, prefetch_related_objects
from django.http import HttpRequest

from cases.models import Case, EvidenceItem
from cases.selectors.case import owned_case

# The page lists the case's first evidence items; the evidence page lists them all (issue 18).
FIRST_EVIDENCE = 5


def case_for_check(*, request: HttpRequest, case_id: uuid.UUID) -> tuple[Case, int]:
    """Return an owned case with stages, attempts, appeals, filings and its first evidence
    items, and how many items it has in all.

    Only the first FIRST_EVIDENCE items come whole (the keys of all are read to count and
    pick them), so the page costs the same with 5 items or 50. Facts built from this case
    hold those items only: right for this page, wrong for a text.
    """
    case = owned_case(
        request=request,
        case_id=case_id,
        listing=("negotiations", "appeals", "escalations"),
    )
    keys = list(case.evidence.order_by("created_at", "pk").values_list("pk", flat=True))
    first = EvidenceItem.objects.filter(pk__in=keys[:FIRST_EVIDENCE]).order_by("created_at", "pk")
    prefetch_related_objects([case], Prefetch("evidence", queryset=first))
    return case, len(keys)
