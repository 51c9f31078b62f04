"""Small template helpers for the wizard pages.

{% load case_tags %}
{% anonymous_keep_days %}
"""

from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def anonymous_keep_days() -> int:
    """Return after how many days without a visit a case started without an account is lost."""
    return max(1, settings.SESSION_COOKIE_AGE // (24 * 60 * 60))
