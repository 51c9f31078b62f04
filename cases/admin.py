"""Editors' admin for the wizard: its guidance texts and aggregate numbers.

Cases, evidence and the rest are the buyers' private records: no ModelAdmin
here shows them. Editors see only counts, on the site's statistics page (config/admin.py).
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import OuterRef, Subquery
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.cache import add_never_cache_headers
from django.utils.html import linebreaks
from django.utils.http import urlencode
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_POST

from cases import wording
from cases.models import WizardText
from cases.selectors.texts import unsaved_wizard_texts
from cases.templatetags.guidance import guidance_html
from cases.texts.defaults import DEFAULTS
from cases.texts.placeholders import (
    OPTIONAL,
    PLACEHOLDERS,
    SITE_PLACEHOLDERS,
    fill,
    known_placeholders,
    placeholders_in,
    site_values,
    template_errors,
)
from cases.texts.sample import SAMPLE_SUMMARY, sample_values
from config.admin import EditorsHistoryAdmin

BODY_HELP = (
    "消息模板里可以用的占位符：{placeholders}。"
    "说明和小贴士不按案件填写，只能用 {site_placeholders}。"
    "要显示花括号本身，写成 {{{{ 或 }}}}。"
    "说明和小贴士支持 Markdown：- 开头是列表，**两边加星号**是加粗。"
    "消息模板是买家复制发送的纯文本，里面的占位符会换成案件里的信息。"
)


def is_template(key: str, body: str) -> bool:
    """Return True if the text is a message template filled with case values."""
    entry = DEFAULTS.get(key)
    return entry.is_template if entry else bool(placeholders_in(body))


def preview_html(key: str, body: str) -> SafeString:
    """Return the text as the sample case's buyer would get it, built as the wizard builds it."""
    return _shown(key, body, sample_values(key))


def _shown(key: str, body: str, values: dict[str, str]) -> SafeString:
    filled = fill(body, values)
    if is_template(key, body):
        # Templates are plain text for copying: escaped, line breaks kept, no Markdown.
        return mark_safe(linebreaks(filled, autoescape=True))
    # Sanitized by render_markdown, as on the stage pages.
    return mark_safe(guidance_html(filled))


class WizardTextForm(forms.ModelForm):
    class Meta:
        model = WizardText
        fields = ("key", "label", "body")
        widgets = {"body": forms.Textarea(attrs={"rows": 12})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "body" in self.fields:
            self.fields["body"].help_text = BODY_HELP.format(
                placeholders=known_placeholders(),
                site_placeholders=known_placeholders(SITE_PLACEHOLDERS),
            )
        if "key" in self.fields:
            # A new row can only be for a text the wizard shows and has no row yet.
            self.fields["key"] = forms.ChoiceField(
                label="标识",
                choices=[("", "请选择")]
                + [(e.key, f"{e.key}（{e.label}）") for e in unsaved_wizard_texts()],
                help_text="向导里用到这段文字的位置。保存后不能再改。",
            )

    def clean_body(self) -> str:
        body = self.cleaned_data["body"]
        key = self.instance.key or self.cleaned_data.get("key", "")
        errors = template_errors(body, case_values=is_template(key, body))
        if errors:
            raise ValidationError(errors)
        return body


@admin.register(WizardText)
class WizardTextAdmin(EditorsHistoryAdmin):
    form = WizardTextForm
    list_display = ("key", "label", "last_changed_at", "last_changed_by")
    list_display_links = ("key", "label")
    search_fields = ("key", "label", "body")
    readonly_fields = ("preview",)
    history_list_display = ("label", "body")
    change_list_template = "admin/cases/wizardtext/change_list.html"
    change_form_template = "admin/cases/wizardtext/change_form.html"

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
        # The key ties the text to its place in the wizard: fixed once the row exists.
        return ("key", "preview") if obj is not None else ()

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

    @admin.display(description="预览（已保存的版本，按示例案件填写）")
    def preview(self, obj: WizardText) -> SafeString:
        return preview_html(obj.key, obj.body)

    def get_urls(self):
        preview = self.admin_site.admin_view(require_POST(self.preview_view))
        return [
            path("preview/", preview, name="cases_wizardtext_preview"),
            *super().get_urls(),
        ]

    def preview_view(self, request: HttpRequest) -> HttpResponse:
        """Show the submitted, unsaved text built for the sample case, or what is wrong with it."""
        self.check_preview_permission(request)
        return preview_page(request)


def _rule_line_differs(key: str, body: str) -> bool:
    """Return True if the text has a rule line that a buyer who enters a rule would see."""
    uses_rule = {"rule_name", "rule_promise"} & set(placeholders_in(body))
    return bool(uses_rule) and sample_values(key, with_rule=True) != sample_values(key)


def _sample_rows(key: str, body: str) -> list[tuple[str, str]]:
    """Return (placeholder, what the sample case puts there) for each one the text uses."""
    values = sample_values(key) | site_values()
    rows = []
    for name in placeholders_in(body):
        value = values.get(name, "")
        if not value.strip() and name in OPTIONAL:
            value = "（空：这一行整行不出现）"
        elif not value.strip() and name in PLACEHOLDERS:
            value = f"（空：买家会看到{wording.missing(PLACEHOLDERS[name])}）"
        rows.append((f"{{{name}}}", value))
    return rows


def preview_page(request: HttpRequest) -> HttpResponse:
    """Return the preview page of the posted text: built for the sample case, or its errors."""
    key = request.POST.get("key") or request.GET.get("key", "")
    body = request.POST.get("body", "")
    template = is_template(key, body)
    errors = template_errors(body, case_values=template)
    context = {
        **admin.site.each_context(request),
        "title": "预览（没有保存）",
        "key": key,
        "label": DEFAULTS[key].label if key in DEFAULTS else key,
        "errors": errors,
        "preview": "" if errors else preview_html(key, body),
        "rule_preview": (
            _shown(key, body, sample_values(key, with_rule=True))
            if not errors and template and _rule_line_differs(key, body)
            else ""
        ),
        "is_template": template,
        "sample_case": SAMPLE_SUMMARY,
        "samples": _sample_rows(key, body) if template else [],
    }
    response = TemplateResponse(request, "admin/cases/wizardtext/preview.html", context)
    add_never_cache_headers(response)
    return response
