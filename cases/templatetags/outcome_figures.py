"""The outcome figures readers see on the home page and guide part 5 (issue 17).

{% load outcome_figures %}
{% outcome_figures %}

A tag rather than view context, so every page showing the figures reads them the same way;
they are counted once a day (cases.selectors.statistics.reader_figures), so a page served
from the guide's page cache carries the figures of the day it shows.
"""

from django import template

from cases.rules.statistics import MIN_GROUP
from cases.selectors.statistics import reader_figures

register = template.Library()


@register.inclusion_tag("cases/_outcome_figures.html")
def outcome_figures() -> dict:
    """How many finished cases got money back at each step, for steps with enough cases."""
    return {"figures": reader_figures(), "min_group": MIN_GROUP}
