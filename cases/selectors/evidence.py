"""Reads for stage 2: a case's evidence items."""

import uuid
from collections.abc import Iterable

from django.db.models import Count, Sum

from cases.models import Case, EvidenceItem
from cases.rules.progress import ORDER_FACTS, evidence_kinds
from cases.selectors.case import row_of_case


def evidence_for_case(*, case: Case) -> list[EvidenceItem]:
    return list(case.evidence.order_by("created_at"))


def case_evidence_kinds(*, case: Case, items: Iterable[EvidenceItem]) -> list[str]:
    """Return the kinds of evidence the case has, its 交易记录 form counting as one."""
    order = {name: getattr(case, name) for name in ORDER_FACTS}
    return evidence_kinds((item.kind for item in items), order)


def evidence_item_for_case(*, case: Case, item_id: uuid.UUID) -> EvidenceItem:
    return row_of_case(case.evidence, item_id, "没有这条证据")


def evidence_usage(*, case: Case) -> tuple[int, int]:
    """Return how many files a case's evidence holds and their bytes together."""
    totals = case.evidence.exclude(file="").aggregate(files=Count("pk"), size=Sum("size"))
    return totals["files"], totals["size"] or 0
