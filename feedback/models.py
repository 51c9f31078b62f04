"""这一页有帮助吗？ — one answer per browser and page, and nothing about who gave it."""

from django.db import models
from django.db.models import Q
from django.utils import timezone

from cases.choices import Stage

# The optional sentence: long enough for "第二段没讲清楚要去哪里点", short enough to read
# in the admin at a glance. The privacy page states it ({feedback_max_chars}).
COMMENT_MAX_LENGTH = 200


class PageFeedback(models.Model):
    """A reader's 有 / 没有 on one guide chapter or wizard stage, with an optional sentence.

    No address, no account, no case: the page, the answer, the sentence and when. The
    marker only tells two answers from the same browser on the same page apart
    (feedback/markers.py says how it is made and why it names no one).
    """

    part = models.ForeignKey(
        "guide.GuidePart",
        verbose_name="指南章节",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="feedback",
    )
    stage = models.CharField("向导步骤", max_length=20, choices=Stage.choices, blank=True)
    helpful = models.BooleanField("有帮助")
    comment = models.CharField("读者的话", max_length=COMMENT_MAX_LENGTH, blank=True)
    visitor_marker = models.CharField(max_length=64, editable=False)
    answered_at = models.DateTimeField("时间", default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-answered_at", "-id"]
        verbose_name = "页面反馈"
        verbose_name_plural = "页面反馈"
        constraints = [
            models.CheckConstraint(
                condition=(Q(part__isnull=False) & Q(stage=""))
                | (Q(part__isnull=True) & ~Q(stage="")),
                name="feedback_on_one_page",
            ),
            models.UniqueConstraint(
                fields=["part", "visitor_marker"],
                condition=Q(part__isnull=False),
                name="one_feedback_per_browser_and_part",
            ),
            models.UniqueConstraint(
                fields=["stage", "visitor_marker"],
                condition=Q(part__isnull=True),
                name="one_feedback_per_browser_and_stage",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.page_title}：{'有' if self.helpful else '没有'}"

    @property
    def page_title(self) -> str:
        if self.part_id is not None:
            return self.part.title
        return f"向导：{self.get_stage_display()}"
