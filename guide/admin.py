from django import forms
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_POST
from simple_history.admin import SimpleHistoryAdmin

from guide.markdown import render_markdown
from guide.models import GuidePart

CONTENT_FIELDS = ("title", "summary", "body_markdown")


class GuidePartForm(forms.ModelForm):
    class Meta:
        model = GuidePart
        fields = (
            "title", "slug", "order", "summary", "body_markdown",
            "wizard_stage", "published", "change_note",
        )  # fmt: skip
        help_texts = {
            "change_note": (
                "读者会在页面上看到，例如“补充了12315的受理时限”。修改已发布的章节时必填。"
            ),
            "body_markdown": (
                "只用 ## 和 ### 做小标题（页面自带大标题）。脚本、内嵌样式和 iframe 会被自动去掉。"
            ),
        }

    def clean(self):
        cleaned = super().clean()
        instance = self.instance
        content_changed = any(name in self.changed_data for name in CONTENT_FIELDS)
        if instance.pk and instance.published and content_changed:
            note = (cleaned.get("change_note") or "").strip()
            if not note or "change_note" not in self.changed_data:
                self.add_error(
                    "change_note", "这一章已经发布。请写一句新的更新说明，告诉读者改了什么。"
                )
        return cleaned


@admin.register(GuidePart)
class GuidePartAdmin(SimpleHistoryAdmin):
    form = GuidePartForm
    list_display = ("order", "title", "published", "updated_on", "change_note")
    list_display_links = ("title",)
    prepopulated_fields = {"slug": ("title",)}
    readonly_fields = ("updated_on",)
    history_list_display = ("published", "change_note", "updated_on")
    change_form_template = "admin/guide/guidepart/change_form.html"

    def save_model(self, request, obj, form, change):
        if not change or any(name in form.changed_data for name in CONTENT_FIELDS):
            obj.updated_on = timezone.localdate()
        super().save_model(request, obj, form, change)

    def history_view(self, request, object_id, extra_context=None):
        # simple_history queries the raw id: a non-numeric one would be a 500, not a 404.
        try:
            self.model._meta.pk.to_python(unquote(object_id))
        except ValidationError:
            raise Http404("没有这一章") from None
        return super().history_view(request, object_id, extra_context)

    def get_urls(self):
        preview = self.admin_site.admin_view(preview_view)
        return [path("preview/", preview, name="guide_guidepart_preview"), *super().get_urls()]


@staff_member_required
@require_POST
def preview_view(request: HttpRequest) -> HttpResponse:
    """Show the submitted, unsaved Markdown exactly as readers would see it."""
    rendered = render_markdown(request.POST.get("body_markdown", ""))
    part = GuidePart(
        title=request.POST.get("title", ""),
        summary=request.POST.get("summary", ""),
        body_html=rendered.html,
        toc=rendered.toc,
        change_note=request.POST.get("change_note", ""),
        updated_on=timezone.localdate(),
    )
    response = render(request, "guide/part.html", {"part": part, "is_preview": True})
    add_never_cache_headers(response)
    return response
