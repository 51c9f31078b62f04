"""Reads for stage 2: a case's evidence items."""

import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Sum

from cases.models import Case, EvidenceItem
from cases.rules.progress import ORDER_FACTS, evidence_kinds
from cases.selectors.case import row_of_case

# The evidence page lists the newest item of each kind; ?all=1 lists every one (issue 18).
NEWEST_PER_KIND = 1


@dataclass(frozen=True)
class EvidenceListing:
    """The items a page lists, oldest first, and what the case holds in all."""

    items: list[EvidenceItem]
    counts: dict[str, int]  # items of each kind, listed or not
    files: int  # items with an uploaded file, and their bytes together
    size: int

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def evidence_for_case(*, case: Case) -> list[EvidenceItem]:
    return list(case.evidence.order_by("created_at", "pk"))


def evidence_listing(*, case: Case, newest: int | None = NEWEST_PER_KIND) -> EvidenceListing:
    """Return the `newest` items of each kind (every item with None) and the case's totals.

    Listing every item costs one query. Listing the newest costs two, whatever the case
    holds: the totals from four small columns of every item, then the listed items whole.
    """
    if newest is None:
        items = evidence_for_case(case=case)
        rows = [(item.pk, item.kind, bool(item.file), item.size) for item in items]
    else:
        rows = list(
            case.evidence.order_by("created_at", "pk").values_list("pk", "kind", "file", "size")
        )
    counts: dict[str, int] = {}
    for _, kind, _, _ in rows:
        counts[kind] = counts.get(kind, 0) + 1
    if newest is not None:
        listed: dict[str, int] = {}
        keys = []
        for pk, kind, _, _ in reversed(rows):
            listed[kind] = listed.get(kind, 0) + 1
            if listed[kind] <= newest:
                keys.append(pk)
        items = list(case.evidence.filter(pk__in=keys).order_by("created_at", "pk")) if keys else []
    return EvidenceListing(
        items=items,
        counts=counts,
        files=sum(1 for _, _, file, _ in rows if file),
        size=sum(size or 0 for _, _, file, size in rows if file),
    )


def case_evidence_kinds(*, case: Case, items: Iterable[EvidenceItem]) -> list[str]:
    """Return the kinds of evidence the case has, its 交易记录 form counting as one."""
    return present_kinds(case=case, kinds=(item.kind for item in items))


def present_kinds(*, case: Case, kinds: Iterable[str]) -> list[str]:
    """Return the kinds of evidence the case has from its items' kinds and its 交易记录 form."""
    order = {name: getattr(case, name) for name in ORDER_FACTS}
    return evidence_kinds(kinds, order)


def evidence_counts(*, case: Case) -> dict[str, int]:
    """Return how many items the case has of each kind (1 query, however many)."""
    rows = case.evidence.order_by().values_list("kind").annotate(count=Count("pk"))
    return dict(rows)


def evidence_item_for_case(*, case: Case, item_id: uuid.UUID) -> EvidenceItem:
    return row_of_case(case.evidence, item_id, "没有这条证据")


def evidence_usage(*, case: Case) -> tuple[int, int]:
    """Return how many files a case's evidence holds and their bytes together."""
    totals = case.evidence.exclude(file="").aggregate(files=Count("pk"), size=Sum("size"))
    return totals["files"], totals["size"] or 0
