"""Editors' admin for the wizard: its guidance texts and aggregate numbers.

Cases, evidence and the rest are the buyers' private records: no ModelAdmin
here shows them. Editors see only counts, on the site's statistics page (config/admin.py).

A text is edited as a guide chapter is: a tall box with a live preview built for the sample
case, placeholders by their Chinese names with one-tap insert (cases/editor_placeholders.py),
a note on every change, a readable history with revert, and 恢复默认 in place of a delete.
The preview is built in cases/admin_preview.py.
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import OuterRef, Subquery
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.cache import add_never_cache_headers
from django.utils.http import urlencode
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_POST

from cases.admin_preview import is_template, preview_html, preview_page, preview_pane
from cases.editor_placeholders import chips, editor_errors, for_editor, from_editor
from cases.models import WizardText
from cases.selectors.texts import unsaved_wizard_texts
from cases.texts.defaults import DEFAULTS
from config.editor import EditorWidget
from config.history_admin import EditorsHistoryAdmin

TEMPLATE_HELP = (
    "买家复制发送的纯文本。花括号里的占位符会换成案件里的信息：点上面的占位符插入到光标处。"
    "要显示花括号本身，写成 {{ 或 }}。"
)
GUIDANCE_HELP = (
    "向导页面上的说明，支持 Markdown：- 开头是列表，**两边加星号**是加粗。"
    "说明不按案件填写，只能用上面列出的金额占位符。要显示花括号本身，写成 {{ 或 }}。"
)


class WizardTextForm(forms.ModelForm):
    """A text as editors write it: placeholders by their Chinese names, a note on every save."""

    change_note = forms.CharField(
        label="修改说明",
        # simple-history keeps it as the version's change reason, at most 100 characters.
        max_length=100,
        help_text="只有编辑能看到，记在修改记录里，例如“把处理期限的说法改软一些”。",
    )

    class Meta:
        model = WizardText
        fields = ("key", "label", "body")
        widgets = {"body": EditorWidget(tools_template="admin/cases/wizardtext/_placeholders.html")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "key" in self.fields:
            # A new row can only be for a text the wizard shows and has no row yet.
            self.fields["key"] = forms.ChoiceField(
                label="向导里的位置",
                choices=[("", "请选择")] + [(e.key, e.label) for e in unsaved_wizard_texts()],
                help_text="这段文字用在向导的哪里。保存后不能再改。",
            )
        if "body" in self.fields:
            key = self.instance.key or self.initial.get("key", "")
            template = is_template(key, self.initial.get("body", ""))
            self.fields["body"].help_text = TEMPLATE_HELP if template else GUIDANCE_HELP
            # The stored text names placeholders in code; the editor reads them in Chinese.
            self.initial["body"] = for_editor(self.initial.get("body") or "")

    def clean_body(self) -> str:
        body = self.cleaned_data["body"]
        key = self.instance.key or self.cleaned_data.get("key", "")
        errors = editor_errors(body, case_values=is_template(key, from_editor(body)))
        if errors:
            raise ValidationError(errors)
        return from_editor(body)


@admin.register(WizardText)
class WizardTextAdmin(EditorsHistoryAdmin):
    form = WizardTextForm
    list_display = ("label", "kind", "as_default", "last_changed_at", "last_changed_by")
    list_display_links = ("label",)
    search_fields = ("key", "label", "body")
    change_list_template = "admin/cases/wizardtext/change_list.html"
    change_form_template = "admin/cases/wizardtext/change_form.html"
    history_fields = ("label", "body")
    revert_note_label = "修改说明（只有编辑能看到）"

    def history_text(self, instance, name):
        text = super().history_text(instance, name)
        return for_editor(text) if name == "body" else text

    def history_notes(self, record, previous):
        # A migration's note may name a placeholder: in the editors' words, as the text is.
        return [
            (label, for_editor(text)) for label, text in super().history_notes(record, previous)
        ]

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        # A deleted text silently fell back to the default: 恢复默认 says so and keeps history.
        return False

    def get_fields(self, request: HttpRequest, obj=None):
        # The note is asked of who saves; a view-only editor has nothing to note.
        may_save = (
            self.has_change_permission(request, obj)
            if obj is not None
            else self.has_add_permission(request)
        )
        note = ("change_note",) if may_save else ()
        if obj is None:
            return ("key", "label", "body", *note)
        return ("kind", "label", "body", *note, "default_text")

    def save_model(self, request, obj, form, change):
        # The editor's note is the version's change reason in the history.
        obj._change_reason = form.cleaned_data.get("change_note", "")
        super().save_model(request, obj, form, change)

    def revert_form(self, request, obj, record, note):
        form_class = self.get_form(request, obj, change=True)
        if note is None:
            return form_class(instance=obj, initial={"change_note": self.revert_reason(record)})
        data = {"label": record.label, "body": for_editor(record.body), "change_note": note}
        return form_class(data=data, instance=obj)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        form = context["adminform"].form
        if "body" in form.fields:
            key = obj.key if obj is not None else str(form["key"].value() or "")
            widget = form.fields["body"].widget
            widget.preview_url = reverse("admin:cases_wizardtext_preview") + (
                f"?{urlencode({'key': key})}" if obj is not None else ""
            )
            body = str(form["body"].value() or "")
            widget.tools = {"chips": chips(case_values=is_template(key, from_editor(body)))}
            widget.preview_html = preview_pane(request, key, body)
        return super().render_change_form(request, context, add, change, form_url, obj)

    @admin.display(description="种类")
    def kind(self, obj: WizardText) -> str:
        if is_template(obj.key, obj.body):
            return "消息模板（买家复制发送，占位符换成案件里的信息）"
        return "说明（显示在向导页面上，支持 Markdown）"

    @admin.display(description="和默认文字比")
    def as_default(self, obj: WizardText) -> str:
        entry = DEFAULTS.get(obj.key)
        if entry is None:
            return "程序里已经没有这段文字"
        return "和默认一样" if obj.body == entry.body else "改过"

    @admin.display(description="默认文字（程序里自带的）")
    def default_text(self, obj: WizardText) -> SafeString:
        entry = DEFAULTS.get(obj.key)
        if entry is None:
            return mark_safe("程序里已经没有这段文字的默认版本。")
        return mark_safe(
            render_to_string(
                "admin/cases/wizardtext/_default.html",
                {
                    "text": for_editor(entry.body),
                    "same": obj.body == entry.body,
                    "url": reverse("admin:cases_wizardtext_default", args=[obj.pk]),
                },
            )
        )

    def get_queryset(self, request: HttpRequest):
        history = WizardText.history.model.objects.filter(id=OuterRef("pk")).order_by(
            "-history_date", "-history_id"
        )
        return (
            super()
            .get_queryset(request)
            .annotate(
                last_changed_at=Subquery(history.values("history_date")[:1]),
                last_changed_by=Subquery(history.values("history_user__username")[:1]),
            )
        )

    def get_readonly_fields(self, request: HttpRequest, obj=None):
        # The key ties the text to its place in the wizard: fixed once the row exists, and
        # not shown (it is a name in code); its kind and default are.
        return ("kind", "default_text") if obj is not None else ()

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Every text is seeded; a row can only be re-added after it was deleted.
        return super().has_add_permission(request) and bool(unsaved_wizard_texts())

    def get_changeform_initial_data(self, request: HttpRequest) -> dict:
        # "Add" from the list of texts without a row (?key=…) starts from the default text.
        initial = super().get_changeform_initial_data(request)
        entry = DEFAULTS.get(str(initial.get("key", "")))
        if entry is not None:
            initial.setdefault("label", entry.label)
            initial.setdefault("body", entry.body)
        return initial

    def changelist_view(self, request: HttpRequest, extra_context=None):
        # Keys added to DEFAULTS after the seed migration ran have no row yet: the
        # wizard shows their default; list them here so an editor can take them over.
        add_url = reverse("admin:cases_wizardtext_add")
        extra_context = {
            **(extra_context or {}),
            "unsaved_texts": [
                (entry.label, f"{add_url}?{urlencode({'key': entry.key})}")
                for entry in unsaved_wizard_texts()
            ],
        }
        return super().changelist_view(request, extra_context)

    @admin.display(description="最后修改", ordering="last_changed_at")
    def last_changed_at(self, obj: WizardText):
        return getattr(obj, "last_changed_at", None)

    @admin.display(description="修改人")
    def last_changed_by(self, obj: WizardText) -> str:
        return getattr(obj, "last_changed_by", None) or "—"

    def get_urls(self):
        preview = self.admin_site.admin_view(require_POST(self.preview_view))
        default = self.admin_site.admin_view(self.default_view)
        return [
            path("preview/", preview, name="cases_wizardtext_preview"),
            path("<path:object_id>/default/", default, name="cases_wizardtext_default"),
            *super().get_urls(),
        ]

    def preview_view(self, request: HttpRequest) -> HttpResponse:
        """Show the submitted, unsaved text built for the sample case, or what is wrong with it.

        htmx asks for the pane beside the editor alone; the button gets the whole page.
        """
        self.check_preview_permission(request)
        if request.htmx:
            key = request.POST.get("key") or request.GET.get("key", "")
            response = HttpResponse(preview_pane(request, key, request.POST.get("body", "")))
            add_never_cache_headers(response)
            return response
        return preview_page(request)

    def default_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """Show what 恢复默认 would change; put the built-in text back when the editor confirms."""
        obj = self.get_object(request, object_id)
        if obj is None or obj.key not in DEFAULTS:
            raise Http404
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        entry = DEFAULTS[obj.key]
        default = WizardText(key=obj.key, label=entry.label, body=entry.body)
        # Before the form: validating it writes the default into the instance.
        changes = self.changes_between(obj, default)
        form_class = self.get_form(request, obj, change=True)
        if request.method == "POST":
            data = {
                "label": entry.label,
                "body": for_editor(entry.body),
                "change_note": request.POST.get("change_note", ""),
            }
            form = form_class(data=data, instance=obj)
            if form.is_valid():
                saved = self.save_form(request, form, change=True)
                self.save_model(request, saved, form, change=True)
                self.log_change(request, saved, "恢复默认文字")
                self.message_user(request, f"“{saved.label}”已经恢复成默认文字。")
                return HttpResponseRedirect(self._history_url(saved.pk))
        else:
            form = form_class(instance=obj, initial={"change_note": "恢复默认文字"})
        context = {
            **self.admin_site.each_context(request),
            "title": f"恢复默认文字：{obj.label}",
            "subtitle": None,
            "opts": self.opts,
            "object": obj,
            "exists": True,
            "changes": changes,
            "default_preview": preview_html(obj.key, entry.body),
            "form": form,
            "note_field": form["change_note"],
            "history_url": self._history_url(obj.pk),
            "change_url": reverse("admin:cases_wizardtext_change", args=[obj.pk]),
        }
        response = TemplateResponse(request, "admin/cases/wizardtext/default.html", context)
        add_never_cache_headers(response)
        return response
