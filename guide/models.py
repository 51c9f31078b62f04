from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from cases.choices import Stage
from guide.markdown import render_markdown


class GuidePartQuerySet(models.QuerySet):
    def published(self):
        """Return only the parts the public may read."""
        return self.filter(published=True)


class GuidePart(models.Model):
    """One part of the six-part guide: editor-owned Markdown, cached as safe HTML."""

    title = models.CharField("标题", max_length=80)
    slug = models.SlugField("网址名", max_length=60, unique=True)
    order = models.PositiveSmallIntegerField("顺序", unique=True)
    summary = models.CharField("一句话摘要", max_length=160)
    body_markdown = models.TextField("正文（Markdown）")
    body_html = models.TextField("正文 HTML（自动生成）", editable=False, default="")
    toc = models.JSONField("目录（自动生成）", editable=False, default=list)
    wizard_stage = models.CharField(
        "对应向导步骤", max_length=20, choices=Stage.choices, blank=True
    )
    published = models.BooleanField("已发布", default=False)
    updated_on = models.DateField("最后更新")
    change_note = models.CharField("更新说明", max_length=200, blank=True)
    history = HistoricalRecords()

    objects = GuidePartQuerySet.as_manager()

    class Meta:
        ordering = ["order"]
        verbose_name = "指南章节"
        verbose_name_plural = "指南章节"

    def __str__(self) -> str:
        return f"{self.order}. {self.title}"

    def save(self, *args, **kwargs):
        # The HTML is a cache of the Markdown: refresh it on every save so the
        # page never renders Markdown per request and never holds stale HTML.
        rendered = render_markdown(self.body_markdown)
        self.body_html = rendered.html
        self.toc = rendered.toc
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("guide:part", kwargs={"slug": self.slug})
