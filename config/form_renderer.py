"""The site's form renderer: every field through Jinja2, the common widgets in Python.

Every field renders through templates/jinja2/components/field.html (field_template_name),
so a page writes {{ form.name.as_field_group }} instead of including a field template.

Radio and checkbox lists render one template per option, and each option included two
more (the input, its attributes); with the Django template engine that was most of a stage
page's time (about 10 ms of 13 ms on the eligibility page), and even through Jinja2 about a
hundred Python calls per option. The widgets stage pages are made of — radio and checkbox
lists and the plain <input> kinds — are therefore written as small Python functions that
write exactly the HTML of Django's templates (tests/test_form_renderer.py compares the two
for every kind, bound and unbound, with hostile values): the eligibility form's fields went
from 1.9 ms to 0.6 ms. Other Django widgets (select, textarea, file) render through Django's
Jinja2 templates (templates/jinja2 first: an input.html with its attrs inline). Form
layouts, error lists and the admin's own widgets keep Django's form templates, which exist
only for the Django engine.
"""

from pathlib import Path

import django
from django.conf import settings
from django.forms.renderers import BaseRenderer, DjangoTemplates, TemplatesSetting
from django.template.backends.jinja2 import Jinja2
from django.utils.functional import cached_property
from django.utils.safestring import SafeString, mark_safe
from markupsafe import escape

JINJA2_PREFIX = "django/forms/widgets/"
# The site's other widget templates (the admin's Markdown editor: components/editor.html)
# are Django templates of the project (TEMPLATES in settings).
COMPONENTS_PREFIX = "components/"


def _attrs(attrs: dict) -> str:
    """Django's attrs.html: ` name="value"`, a bare ` name` for True, nothing for False."""
    return "".join(
        f" {escape(name)}" if value is True else f' {escape(name)}="{escape(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def _input(widget: dict) -> str:
    """Django's input.html."""
    value = widget["value"]
    shown = "" if value is None else f' value="{escape(value)}"'
    return (
        f'<input type="{escape(widget["type"])}" name="{escape(widget["name"])}"{shown}'
        f"{_attrs(widget['attrs'])}>"
    )


def _option(option: dict) -> str:
    """Django's input_option.html: the input, wrapped in its label."""
    if not option["wrap_label"]:
        return _input(option)
    option_id = option["attrs"].get("id")
    target = f' for="{escape(option_id)}"' if option_id else ""
    return f"<label{target}>{_input(option)} {escape(option['label'])}</label>"


def _choices(widget: dict) -> str:
    """Django's multiple_input.html (radio buttons, checkboxes) with its options."""
    attrs = widget["attrs"]
    list_id, css = attrs.get("id"), attrs.get("class")
    parts = [
        "<div",
        f' id="{escape(list_id)}"' if list_id else "",
        f' class="{escape(css)}"' if css else "",
        ">",
    ]
    for group, options, _ in widget["optgroups"]:
        if group:
            parts.append(f"\n  <div><label>{escape(group)}</label>")
        parts.extend(f"<div>\n    {_option(option)}</div>" for option in options)
        if group:
            parts.append("\n  </div>")
    parts.append("\n</div>")
    return "".join(parts)


class PythonWidgetTemplate:
    """A widget template written as a Python function, with a template's render()."""

    def __init__(self, write) -> None:
        self.write = write

    def render(self, context=None, request=None) -> SafeString:
        # Django's SafeString, not markupsafe's Markup: str() of a Markup is a plain str,
        # which the admin's changelist then escapes; a SafeString stays safe.
        return mark_safe(self.write(context["widget"]))  # every value was escaped above


# The widgets a stage page has most of, written in Python: the same HTML as Django's
# templates (tests/test_form_renderer.py compares them), at a fraction of the cost — a
# radio button through three templates cost about a hundred Python calls, here about ten.
INPUT_KINDS = (
    "input", "text", "number", "email", "password", "hidden", "datetime", "date", "url",
    "checkbox", "tel", "search", "time", "color",
)  # fmt: skip
PYTHON_WIDGETS = {
    "django/forms/widgets/radio.html": PythonWidgetTemplate(_choices),
    "django/forms/widgets/checkbox_select.html": PythonWidgetTemplate(_choices),
    **{f"django/forms/widgets/{kind}.html": PythonWidgetTemplate(_input) for kind in INPUT_KINDS},
}


class FastWidgetRenderer(BaseRenderer):
    field_template_name = "components/field.html"

    def __init__(self) -> None:
        self.django = DjangoTemplates()
        self.project = TemplatesSetting()

    @cached_property
    def jinja2(self) -> Jinja2:
        return Jinja2(
            {
                "NAME": "forms",
                "APP_DIRS": False,
                "DIRS": [
                    Path(settings.BASE_DIR) / "templates" / "jinja2",
                    Path(django.__file__).parent / "forms" / "jinja2",
                ],
                "OPTIONS": {},
            }
        )

    def get_template(self, template_name: str):
        if template_name in PYTHON_WIDGETS:
            return PYTHON_WIDGETS[template_name]
        if template_name.startswith(JINJA2_PREFIX) or template_name == self.field_template_name:
            return self.jinja2.get_template(template_name)
        if template_name.startswith(COMPONENTS_PREFIX):
            return self.project.get_template(template_name)
        return self.django.get_template(template_name)
