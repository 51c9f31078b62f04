"""The house format in templates: {{ case.amount|yuan }}, {{ event.at|moment }}, {{ day|day }}.

Loaded for every template (TEMPLATES builtins), so a page never formats a value
differently from the texts the buyer copies.
"""

from django import template

from cases import wording

register = template.Library()
register.filter("yuan", wording.amount)
register.filter("moment", wording.moment)
register.filter("day", wording.day)
register.filter("file_kind", wording.file_kind)
register.filter("file_size", wording.file_size)
