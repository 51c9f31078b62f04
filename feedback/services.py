"""Writes of 这一页有帮助吗？: an answer, and the sentence added to it."""

from django.db import transaction
from django.utils import timezone

from feedback.models import PageFeedback
from feedback.pages import FeedbackPage


@transaction.atomic
def feedback_answer(*, page: FeedbackPage, marker: str, helpful: bool) -> PageFeedback:
    """Record this browser's 有 / 没有 on the page; a second answer replaces the first."""
    where = {"part_id": page.part_id} if page.part_id is not None else {"stage": page.stage}
    answer, _ = PageFeedback.objects.update_or_create(
        **where,
        visitor_marker=marker,
        defaults={"helpful": helpful, "answered_at": timezone.now()},
    )
    return answer


@transaction.atomic
def feedback_comment(*, answer_id: int, comment: str) -> bool:
    """Put the reader's sentence on their answer; return False if the answer is gone."""
    return PageFeedback.objects.filter(pk=answer_id).update(comment=comment) == 1
