"""Reads for stage 2: a case's evidence items."""

import uuid

from cases.models import Case, EvidenceItem
from cases.selectors.case import row_of_case


def evidence_for_case(*, case: Case) -> list[EvidenceItem]:
    return list(case.evidence.order_by("created_at"))


def evidence_item_for_case(*, case: Case, item_id: uuid.UUID) -> EvidenceItem:
    return row_of_case(case.evidence, item_id, "没有这条证据")
