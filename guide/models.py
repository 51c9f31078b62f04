from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from cases.choices import Stage
from guide.markdown import render_markdown
from guide.site_pages import placeholder_errors


class GuidePartQuerySet(models.QuerySet):
    def published(self):
        """Return only the parts the public may read."""
        return self.filter(published=True)

    def chapters(self):
        """Return the guide's chapters, without the site's own pages (关于本站 …)."""
        return self.filter(kind=GuidePart.Kind.CHAPTER)

    def site_pages(self):
        """Return the site's own pages: 关于本站, 隐私说明, 联系我们."""
        return self.filter(kind=GuidePart.Kind.SITE_PAGE)

    def kind_of_slug(self, slug: str) -> str:
        """Return the kind of the part with this slug; one not saved yet is a chapter."""
        kind = self.filter(slug=slug).values_list("kind", flat=True).first()
        return kind or GuidePart.Kind.CHAPTER


class GuidePart(models.Model):
    """One part of the six-part guide: editor-owned Markdown, cached as safe HTML.

    The site's own pages (关于本站, 隐私说明, 联系我们) are rows of the same kind, so
    editors get the same preview, history and change notes for them; they are left out
    of the guide's contents, pager and sitemap order, and served at their own fixed
    addresses (guide/site_pages.py).
    """

    class Kind(models.TextChoices):
        CHAPTER = "chapter", "指南章节"
        SITE_PAGE = "site_page", "本站页面"

    title = models.CharField("标题", max_length=80)
    slug = models.SlugField("网址名", max_length=60, unique=True)
    # The name the site's own templates link by ({% guide_url 'refundable' %}, guide/links.py):
    # set by migrations, never in the admin, so an editor renaming the slug moves every link.
    # NULL, not "", for a part without one: the key is unique.
    key = models.SlugField(  # noqa: DJ001
        "链接标识", max_length=40, unique=True, null=True, editable=False
    )
    order = models.PositiveSmallIntegerField("顺序", unique=True)
    # Set by the migration that seeds the site pages, never in the admin: a site page's
    # address is fixed (/privacy/ …), so it cannot become a chapter or the other way round.
    kind = models.CharField(
        "类型", max_length=10, choices=Kind.choices, default=Kind.CHAPTER, editable=False
    )
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
        if self.is_site_page:
            return self.title
        return f"{self.order}. {self.title}"

    def save(self, *args, **kwargs):
        # The HTML is a cache of the Markdown: refresh it on every save so the
        # page never renders Markdown per request and never holds stale HTML.
        rendered = render_markdown(self.body_markdown)
        self.body_html = rendered.html
        self.toc = rendered.toc
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        if self.is_site_page:
            # A fixed address named by the page's key: /about/, /privacy/, /contact/.
            return reverse(self.key)
        return reverse("guide:part", kwargs={"slug": self.slug})

    @property
    def is_site_page(self) -> bool:
        return self.kind == self.Kind.SITE_PAGE

    def clean(self):
        super().clean()
        # A site page states the settings' numbers through placeholders (guide/site_pages.py):
        # one it does not know would reach readers as raw braces.
        if self.is_site_page and (errors := placeholder_errors(self.body_markdown)):
            raise ValidationError({"body_markdown": errors})
