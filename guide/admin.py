from django import forms
from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_POST

from config.admin import EditorsHistoryAdmin
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
class GuidePartAdmin(EditorsHistoryAdmin):
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

    def get_urls(self):
        preview = self.admin_site.admin_view(require_POST(self.preview_view))
        return [path("preview/", preview, name="guide_guidepart_preview"), *super().get_urls()]

    def preview_view(self, request: HttpRequest) -> HttpResponse:
        """Show the submitted, unsaved Markdown exactly as readers would see it."""
        self.check_preview_permission(request)
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
