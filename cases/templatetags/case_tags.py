"""Small template helpers for the wizard pages.

{% load case_tags %}
{% anonymous_keep_days %}
"""

import math

from django import template
from django.conf import settings
from django.utils.html import format_html

from cases.choices import Stage

register = template.Library()


@register.simple_tag
def anonymous_keep_days() -> int:
    """Return after how many days without a visit a case started without an account is lost."""
    return max(1, settings.SESSION_COOKIE_AGE // (24 * 60 * 60))


# A phone's copy box (360 px wide) holds about 17 Chinese characters a line; Latin letters
# and digits take about half as much room.
LINE_WIDTH = 17
MOST_ROWS = 80


@register.filter
def fit_rows(text: str) -> int:
    """Return how many rows show the whole text in a copy box on a phone, without scrolling.

    Browsers that size a box to its content (CSS field-sizing) ignore this; for the others,
    and without JavaScript, the box is tall enough to read the text in the page itself.
    """
    rows = 0
    for line in str(text).split("\n"):
        narrow = len(line.encode("ascii", "ignore"))  # the ASCII characters, counted in C
        width = len(line) - narrow / 2
        rows += max(1, math.ceil(width / LINE_WIDTH))
    return min(rows, MOST_ROWS)


@register.simple_tag
def stage_position(stage: str) -> str:
    """Return where a stage stands in the wizard: 第 3 步，共 5 步."""
    order = list(Stage.values)
    return f"第 {order.index(stage) + 1} 步，共 {len(order)} 步" if stage in order else ""


@register.inclusion_tag("cases/_stage_tasks.html")
def stage_tasks(case, stage: str) -> dict:
    """The five steps with their status, one tap away on a stage page (issue 14)."""
    from cases.views.common import case_statuses, task_list

    return {"tasks": task_list(case, case_statuses(case)), "current": stage, "case": case}


@register.simple_tag(takes_context=True)
def way_out(context, url: str, label: str, css: str = "") -> str:
    """A link out of the page; on a page that names its main form (leave_form), a button
    that saves that form as a draft first, so leaving by it loses nothing typed, with or
    without JavaScript (cases.views.common.way_out)."""
    form = context.get("leave_form")
    if not form:
        if css:
            return format_html('<a class="{}" href="{}">{}</a>', css, url, label)
        return format_html('<a href="{}">{}</a>', url, label)
    return format_html(
        '<button class="kr-link-button {}" type="submit" form="{}" name="leave" value="{}" '
        "formnovalidate>{}</button>",
        css,
        form,
        url,
        label,
    )
