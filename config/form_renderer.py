"""The site's form renderer: our field component, Django's own widgets through Jinja2.

Every field renders through templates/components/field.html (field_template_name), so a
page writes {{ form.name.as_field_group }} instead of including a field template. That
component lives with the site's templates, so it is loaded by the project's template engine
(TEMPLATES in settings), which finds templates/ and its builtins.

Radio and checkbox lists render one template per option; with the Django template
engine that was most of a stage page's time (about 10 ms of 13 ms on the eligibility
page). Django ships the same widget templates for Jinja2, which renders them several
times faster. Everything else — form layouts, error lists, the admin's own widgets — keeps
Django's form templates, because those exist only for the Django engine.
"""

from django.forms.renderers import BaseRenderer, DjangoTemplates, Jinja2, TemplatesSetting

JINJA2_PREFIX = "django/forms/widgets/"
COMPONENTS_PREFIX = "components/"


class FastWidgetRenderer(BaseRenderer):
    field_template_name = "components/field.html"

    def __init__(self) -> None:
        self.jinja2 = Jinja2()
        self.django = DjangoTemplates()
        self.project = TemplatesSetting()

    def get_template(self, template_name: str):
        if template_name.startswith(JINJA2_PREFIX):
            return self.jinja2.get_template(template_name)
        if template_name.startswith(COMPONENTS_PREFIX):
            return self.project.get_template(template_name)
        return self.django.get_template(template_name)
