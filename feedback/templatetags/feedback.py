"""{% page_feedback part=part %} / {% page_feedback stage="evidence" %}: 这一页有帮助吗？

The same markup for every visitor of a page (nothing of the visitor in it), so the guide's
page cache can hold it.
"""

from django import template

from feedback.pages import chapter_key, stage_key

register = template.Library()


@register.inclusion_tag("feedback/_widget.html", takes_context=True)
def page_feedback(context, *, part=None, stage: str = "") -> dict:
    key = chapter_key(part) if part is not None else stage_key(stage)
    return {"page_key": key, "next": context["request"].path}
