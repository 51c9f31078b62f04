"""Small template helpers for the wizard pages.

{% load case_tags %}
{% anonymous_keep_days %}
"""

from django import template
from django.conf import settings

from cases.choices import Stage

register = template.Library()


@register.simple_tag
def anonymous_keep_days() -> int:
    """Return after how many days without a visit a case started without an account is lost."""
    return max(1, settings.SESSION_COOKIE_AGE // (24 * 60 * 60))


@register.simple_tag
def stage_position(stage: str) -> str:
    """Return where a stage stands in the wizard: 第 3 步，共 5 步."""
    order = list(Stage.values)
    return f"第 {order.index(stage) + 1} 步，共 {len(order)} 步" if stage in order else ""
