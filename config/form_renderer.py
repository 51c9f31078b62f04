"""The site's form renderer: every field and Django's own widgets through Jinja2.

Every field renders through templates/jinja2/components/field.html (field_template_name),
so a page writes {{ form.name.as_field_group }} instead of including a field template.

Radio and checkbox lists render one template per option, and each option included two
more (the input, its attributes); with the Django template engine that was most of a stage
page's time (about 10 ms of 13 ms on the eligibility page). Django ships the same widget
templates for Jinja2, which renders them several times faster; templates/jinja2 comes first
and replaces three of them with copies that write the included parts inline (the same HTML,
two or three template calls fewer per option), and holds the field component. Everything
else — form layouts, error lists, the admin's own widgets — keeps Django's form templates,
because those exist only for the Django engine.
"""

from pathlib import Path

import django
from django.conf import settings
from django.forms.renderers import BaseRenderer, DjangoTemplates, TemplatesSetting
from django.template.backends.jinja2 import Jinja2
from django.utils.functional import cached_property

JINJA2_PREFIX = "django/forms/widgets/"
# Django's radio.html and checkbox_select.html only include multiple_input.html: skip that
# include too.
SAME_AS = {
    "django/forms/widgets/radio.html": "django/forms/widgets/multiple_input.html",
    "django/forms/widgets/checkbox_select.html": "django/forms/widgets/multiple_input.html",
}
# The site's other widget templates (the admin's Markdown editor: components/editor.html)
# are Django templates of the project (TEMPLATES in settings).
COMPONENTS_PREFIX = "components/"


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
        if template_name.startswith(JINJA2_PREFIX) or template_name == self.field_template_name:
            return self.jinja2.get_template(SAME_AS.get(template_name, template_name))
        if template_name.startswith(COMPONENTS_PREFIX):
            return self.project.get_template(template_name)
        return self.django.get_template(template_name)
