"""The widgets written in Python (config/form_renderer.py) write exactly Django's HTML."""

from pathlib import Path

import django
import pytest
from django import forms
from django.template.backends.jinja2 import Jinja2
from django.utils.html import conditional_escape

from config.form_renderer import PYTHON_WIDGETS, FastWidgetRenderer

# Django's own widget templates, and nothing of ours.
DJANGO_TEMPLATES = Jinja2(
    {
        "NAME": "django-widgets",
        "APP_DIRS": False,
        "DIRS": [Path(django.__file__).parent / "forms" / "jinja2"],
        "OPTIONS": {},
    }
)

HOSTILE = "a \"quoted\" <b>bold</b> & 'single'"


class Everything(forms.Form):
    kind = forms.ChoiceField(
        choices=[("card", "游戏点卡"), ("key", HOSTILE), ("", "不选")],
        widget=forms.RadioSelect(attrs={"class": "kr-choices", "data-x": HOSTILE}),
        help_text="选一个",
    )
    grouped = forms.ChoiceField(
        choices=[("游戏", [("a", "点卡"), ("b", "账号")]), ("other", "其他")],
        widget=forms.RadioSelect,
    )
    problems = forms.MultipleChoiceField(
        choices=[("late", "没发货"), ("used", "已被使用"), (3, "数字值")],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    amount = forms.DecimalField(required=False)
    name = forms.CharField(max_length=20, widget=forms.TextInput(attrs={"autofocus": True}))
    email = forms.EmailField(required=False)
    when = forms.DateTimeField(widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), required=False)
    phone = forms.CharField(widget=forms.TextInput(attrs={"type": "tel"}), required=False)
    agree = forms.BooleanField(required=False)
    secret = forms.CharField(widget=forms.PasswordInput, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)
    site = forms.URLField(required=False)


BOUND = {
    "kind": "key",
    "grouped": "b",
    "problems": ["used", "3"],
    "amount": "12.50",
    "name": HOSTILE,
    "email": "x@example.com",
    "when": "2026-12-01T17:00",
    "day": "2026-12-01",
    "phone": "138 0000 0000",
    "agree": "on",
    "secret": "pw",
    "version": "3",
    "site": "https://example.com/?a=1&b=2",
}


@pytest.mark.parametrize("data", [None, {}, BOUND], ids=["unbound", "empty", "filled"])
@pytest.mark.parametrize("name", list(Everything.base_fields))
def test_every_python_widget_writes_what_djangos_template_writes(name, data):
    form = Everything(data, auto_id="id_%s")
    field = form[name]
    widget = field.field.widget
    template_name = widget.template_name
    assert template_name in PYTHON_WIDGETS, template_name
    context = widget.get_context(field.html_name, field.value(), field.build_widget_attrs({}))
    if "id" not in context["widget"]["attrs"]:
        context["widget"]["attrs"]["id"] = field.auto_id
    expected = DJANGO_TEMPLATES.get_template(template_name).render(context)
    written = FastWidgetRenderer().get_template(template_name).render(context)
    assert str(written) == expected
    # Still safe HTML after str(), as Django's own rendering is (the admin's lists call it).
    assert conditional_escape(str(written)) == expected


def test_a_field_renders_whole_through_the_site_renderer():
    form = Everything(BOUND)
    html = str(form["kind"].as_field_group())
    assert '<fieldset aria-describedby="id_kind_helptext">' in html
    assert (
        '<label for="id_kind_1"><input type="radio" name="kind" value="key" class="kr-choices" '
        'data-x="a &#34;quoted&#34; &lt;b&gt;bold&lt;/b&gt; &amp; &#39;single&#39;" required '
        'id="id_kind_1" checked> a &#34;quoted&#34; &lt;b&gt;bold&lt;/b&gt; &amp; '
        "&#39;single&#39;</label>"
    ) in html
