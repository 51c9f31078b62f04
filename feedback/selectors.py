"""Reads of 这一页有帮助吗？ for the editors: how each page is doing."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Max, Q

from cases.choices import Stage
from feedback.models import PageFeedback


@dataclass(frozen=True)
class PageTotals:
    """The answers one page got: 有, 没有, how many came with a sentence, the newest."""

    title: str
    helpful: int
    not_helpful: int
    comments: int
    newest: datetime
    part_id: int | None = None
    stage: str = ""


def feedback_totals() -> list[PageTotals]:
    """Return the answers per page, guide chapters in their order, then the wizard's stages."""
    rows = (
        PageFeedback.objects.values("part_id", "part__title", "part__order", "stage")
        .annotate(
            helpful_count=Count("id", filter=Q(helpful=True)),
            not_helpful_count=Count("id", filter=Q(helpful=False)),
            comment_count=Count("id", filter=~Q(comment="")),
            newest=Max("answered_at"),
        )
        .order_by()
    )
    stage_order = {stage: index for index, stage in enumerate(Stage.values)}
    totals = [
        PageTotals(
            title=row["part__title"] if row["part_id"] else f"向导：{Stage(row['stage']).label}",
            helpful=row["helpful_count"],
            not_helpful=row["not_helpful_count"],
            comments=row["comment_count"],
            newest=row["newest"],
            part_id=row["part_id"],
            stage=row["stage"],
        )
        for row in rows
    ]
    order = {row["part_id"]: row["part__order"] for row in rows if row["part_id"]}
    return sorted(
        totals,
        key=lambda t: (0, order[t.part_id]) if t.part_id else (1, stage_order[t.stage]),
    )
