"""The live preview of a wizard text in the editors' admin: the text as a buyer would get it.

What the editor typed (placeholders by their Chinese names) is built for the sample case
(cases/texts/sample.py) by the wizard's own code: a message template filled and kept as
plain text, a guidance text filled and rendered as Markdown. Beside it, each placeholder
the text uses with what the sample case puts there; in place of it, what is wrong with
the text. The pane sits beside the editor (htmx asks for it alone); the page is for
the button without JavaScript. The admin that serves both is cases/admin.py.
"""

from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from django.utils.html import linebreaks
from django.utils.safestring import SafeString, mark_safe

from cases import wording
from cases.editor_placeholders import EDITOR_NAMES, editor_errors, from_editor
from cases.templatetags.guidance import guidance_html
from cases.texts.defaults import DEFAULTS
from cases.texts.placeholders import (
    OPTIONAL,
    PLACEHOLDERS,
    fill,
    placeholders_in,
    site_values,
)
from cases.texts.sample import SAMPLE_SUMMARY, sample_values


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
        rows.append(("{" + EDITOR_NAMES.get(name, name) + "}", value))
    return rows


def _preview_context(key: str, typed: str) -> dict:
    """Return what the preview shows of a text as the editor typed it (Chinese placeholders)."""
    body = from_editor(typed)
    template = is_template(key, body)
    errors = editor_errors(typed, case_values=template)
    return {
        "key": key,
        "label": DEFAULTS[key].label if key in DEFAULTS else "",
        "errors": errors,
        "preview": "" if errors else preview_html(key, body),
        "rule_preview": (
            _shown(key, body, sample_values(key, with_rule=True))
            if not errors and template and _rule_line_differs(key, body)
            else ""
        ),
        "is_template": template,
        "sample_case": SAMPLE_SUMMARY,
        "samples": _sample_rows(key, body) if template and not errors else [],
    }


def preview_pane(request: HttpRequest, key: str, typed: str) -> SafeString:
    """Return the preview beside the editor: the text built for the sample case, or its errors."""
    return render_to_string(
        "admin/cases/wizardtext/preview.html#pane", _preview_context(key, typed), request=request
    )


def preview_page(request: HttpRequest) -> HttpResponse:
    """Return the preview page of the posted text: built for the sample case, or its errors."""
    key = request.POST.get("key") or request.GET.get("key", "")
    context = {
        **admin.site.each_context(request),
        "title": "预览（没有保存）",
        **_preview_context(key, request.POST.get("body", "")),
    }
    response = TemplateResponse(request, "admin/cases/wizardtext/preview.html", context)
    add_never_cache_headers(response)
    return response
