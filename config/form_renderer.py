"""The site's form renderer: Django's own widgets through Jinja2, the rest as usual.

Radio and checkbox lists render one template per option; with the Django template
engine that was most of a stage page's time (about 10 ms of 13 ms on the eligibility
page). Django ships the same widget templates for Jinja2, which renders them several
times faster. Everything else — form and field layouts, the admin's own widgets — keeps
the Django engine, because those templates exist only for it.
"""

from django.forms.renderers import BaseRenderer, DjangoTemplates, Jinja2

JINJA2_PREFIX = "django/forms/widgets/"


class FastWidgetRenderer(BaseRenderer):
    def __init__(self) -> None:
        self.jinja2 = Jinja2()
        self.django = DjangoTemplates()

    def get_template(self, template_name: str):
        if template_name.startswith(JINJA2_PREFIX):
            return self.jinja2.get_template(template_name)
        return self.django.get_template(template_name)
