"""Editors' admin for the guide: a tall editor with a live preview, notes for readers,
a readable history with revert, and addresses that never break (guide/links.py)."""

import re
from collections.abc import Mapping

from django import forms
from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.safestring import SafeString
from django.views.decorators.http import require_POST

from config.editor import EditorWidget
from config.history_admin import EditorsHistoryAdmin
from guide.markdown import render_markdown
from guide.models import GuidePart
from guide.selectors import former_holder_of_slug

CONTENT_FIELDS = ("title", "summary", "body_markdown")
# A note that speaks of the editing, not of the chapter: readers cannot tell what changed.
GENERIC_NOTE = re.compile(
    r"(撤回|撤销|还原|恢复|回滚|回退|修改|更新|改动|调整)(了)?(一下)?"
    r"(上一次|上次|之前|以前|原来)?(的)?(修改|版本|改动|内容)?[。！.!]?"
)
# Where each field goes on the change form; a field not named here joins the first group.
FIELD_GROUPS = (
    (None, ("title", "summary")),
    ("正文", ("body_markdown",)),
    ("发布", ("published", "change_note", "updated_on")),
    ("网址和位置", ("slug", "order", "wizard_stage")),
)


class GuidePartForm(forms.ModelForm):
    class Meta:
        model = GuidePart
        fields = (
            "title", "slug", "order", "summary", "body_markdown",
            "wizard_stage", "published", "change_note",
        )  # fmt: skip
        help_texts = {
            "change_note": (
                "写给读者看的一句话，会显示在页面顶部“最后更新”后面，"
                "例如“补充了 12315 的受理时限”。修改已发布的章节时必填。"
            ),
            "body_markdown": (
                "只用 ## 和 ### 做小标题（页面自带大标题）。"
                "脚本、内嵌样式和嵌入的外部网页会被自动去掉。"
            ),
            "slug": (
                "网址最后的那一段，只能用小写英文字母、数字和连字符（-）。"
                "可以改：改了以后，旧网址会自动跳到新网址，向导里的链接也会跟着走。"
            ),
            "order": "数字小的排在前面。不能和别的章节相同。",
        }
        widgets = {
            "body_markdown": EditorWidget(tools_template="admin/guide/guidepart/_cheatsheet.html"),
        }
        error_messages = {
            "slug": {
                "invalid": "网址名只能用小写英文字母、数字、连字符（-）和下划线（_）。",
                "unique": "已经有一章用了这个网址名，请换一个。",
            },
            "order": {"unique": "已经有一章排在这个位置，请换一个数字。"},
        }

    def clean_change_note(self) -> str:
        note = (self.cleaned_data.get("change_note") or "").strip()
        if GENERIC_NOTE.fullmatch(note):
            # "撤回上一次修改" tells readers nothing about the chapter: say what it now says.
            raise forms.ValidationError(
                "读者看不出改了什么：请写清这一章的内容有什么变化，"
                "例如“恢复了 12315 受理时限的原来说法”。"
            )
        return note

    def clean_slug(self) -> str:
        slug = self.cleaned_data["slug"]
        holder = former_holder_of_slug(slug, exclude_pk=self.instance.pk)
        if holder is not None:
            # Its old links redirect to that part; taking the slug would hijack them.
            raise forms.ValidationError(
                f"这个网址名以前是《{holder.title}》用的，它的旧链接会跳到那一章。请换一个。"
            )
        return slug

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
    list_display = ("order", "title", "kind", "status", "updated_on", "change_note")
    # 指南章节 or 本站页面 (关于本站, 隐私说明, 联系我们): set by migrations, shown, never edited.
    list_filter = ("kind",)
    list_display_links = ("title",)
    prepopulated_fields = {"slug": ("title",)}
    readonly_fields = ("kind", "updated_on")
    change_form_template = "admin/guide/guidepart/change_form.html"
    # The history compares these; the change note is shown as the version's note instead.
    history_fields = (
        "title", "summary", "body_markdown", "published", "wizard_stage", "slug", "order",
    )  # fmt: skip
    revert_note_label = "给读者的更新说明"

    @admin.display(description="状态", ordering="published")
    def status(self, obj: GuidePart) -> str:
        return "已发布" if obj.published else "草稿（读者看不到）"

    def get_fieldsets(self, request: HttpRequest, obj=None):
        fields = list(self.get_fields(request, obj))
        placed = {name for _, names in FIELD_GROUPS for name in names}
        groups = []
        for title, names in FIELD_GROUPS:
            shown = [name for name in names if name in fields]
            if title is None:
                # Fields added later (by another feature) are never lost from the form.
                shown += [name for name in fields if name not in placed]
            if shown:
                groups.append((title, {"fields": shown}))
        return groups

    def history_notes(self, record, previous):
        notes = []
        if record.change_note and (previous is None or record.change_note != previous.change_note):
            notes.append(("给读者的更新说明", record.change_note))
        return notes + super().history_notes(record, previous)

    def revert_form(self, request, obj, record, note):
        form_class = self.get_form(request, obj, change=True)
        if note is None:
            return form_class(instance=obj, initial={"change_note": ""})
        data = {name: getattr(record, name) for name in form_class.base_fields}
        return form_class(data=data | {"change_note": note}, instance=obj)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        form = context["adminform"].form
        if "body_markdown" in form.fields:
            widget = form.fields["body_markdown"].widget
            widget.preview_url = reverse("admin:guide_guidepart_preview")
            values = {name: form[name].value() for name in form.fields}
            widget.preview_html = self.preview_article(request, values)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_model(self, request, obj, form, change):
        if not change or any(name in form.changed_data for name in CONTENT_FIELDS):
            obj.updated_on = timezone.localdate()
        super().save_model(request, obj, form, change)

    def get_urls(self):
        preview = self.admin_site.admin_view(require_POST(self.preview_view))
        return [path("preview/", preview, name="guide_guidepart_preview"), *super().get_urls()]

    def preview_view(self, request: HttpRequest) -> HttpResponse:
        """Show the submitted, unsaved Markdown exactly as readers would see it.

        htmx asks for the article alone, for the preview beside the editor; the full-page
        preview button gets the whole page.
        """
        self.check_preview_permission(request)
        if request.htmx:
            response = HttpResponse(self.preview_article(request, request.POST))
        else:
            part = self.preview_part(request.POST)
            response = render(request, "guide/part.html", {"part": part, "is_preview": True})
        add_never_cache_headers(response)
        return response

    def preview_article(self, request: HttpRequest, values: Mapping) -> SafeString:
        """Return the article as the public page renders it, from the form's values."""
        part = self.preview_part(values)
        context = {"part": part, "is_preview": True}
        return render_to_string("guide/part.html#article", context, request=request)

    def preview_part(self, values: Mapping) -> GuidePart:
        """Return an unsaved part holding the form's values, its Markdown rendered."""
        rendered = render_markdown(values.get("body_markdown") or "")
        return GuidePart(
            title=values.get("title") or "",
            # A site page previews as readers see it: numbers filled in, no pager.
            kind=GuidePart.objects.kind_of_slug(values.get("slug") or ""),
            summary=values.get("summary") or "",
            body_html=rendered.html,
            toc=rendered.toc,
            wizard_stage=values.get("wizard_stage") or "",
            change_note=values.get("change_note") or "",
            updated_on=timezone.localdate(),
        )
