"""The footer of every page, and what the site pages fill in from the settings.

{% load site_pages %}
{% site_footer %}                      the footer (base.html)
{{ part.body_html|site_values }}       a site page's text with its numbers filled in
{% site_operator %}                    who runs the site and how to reach them (site pages)

Everything here comes from the settings, the same for every visitor, so the guide's page
cache may hold it; the settings are read when the server starts.
"""

import functools

from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString

from guide import site_pages

register = template.Library()


def _operator() -> dict:
    return {
        "operator": settings.SITE_OPERATOR,
        "icp_number": settings.SITE_ICP_NUMBER,
        "contact_email": settings.SITE_CONTACT_EMAIL,
    }


@functools.lru_cache(maxsize=8)
def _footer_html(operator: str, icp_number: str, contact_email: str) -> SafeString:
    pages = [(title, reverse(key)) for key, title in site_pages.SITE_PAGES.items()]
    context = {
        "operator": operator,
        "icp_number": icp_number,
        "contact_email": contact_email,
        "site_pages": pages,
    }
    return render_to_string("components/site_footer.html", context)  # already safe HTML


@register.simple_tag
def site_footer() -> SafeString:
    """The footer, rendered once per process (it depends on the settings alone)."""
    return _footer_html(**_operator())


@register.inclusion_tag("components/site_operator.html")
def site_operator() -> dict:
    return _operator()


@register.filter
def site_values(html: str) -> SafeString:
    """Fill a site page's placeholders ({anonymous_days} …) with the values the code enforces."""
    return site_pages.fill(html)
