"""Show editor-owned wizard guidance (cases.texts.defaults) as sanitized HTML.

{% load guidance %}
{{ texts.intro_negotiation|guidance }}
"""

import functools

from django import template
from django.utils.safestring import SafeString, mark_safe

from cases.texts.placeholders import fill_site_values
from guide.markdown import render_markdown

register = template.Library()


@functools.lru_cache(maxsize=256)
def guidance_html(text: str) -> str:
    """Return the Markdown text as sanitized HTML.

    Pure in the text, so cached by it: stage pages don't re-render Markdown on
    every request, and an edited text is a new key, rendered once.
    """
    return render_markdown(text).html


@register.filter(name="guidance")
def guidance(text: object) -> SafeString:
    """Render a guidance text; nh3 has already removed anything unsafe."""
    if text is None or str(text).strip() == "":
        return mark_safe("")
    return mark_safe(guidance_html(fill_site_values(str(text))))
