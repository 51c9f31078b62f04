"""Migration 0012 rewrites the built-in texts (order number spacing, the platform's check).

A row still holding the old built-in text gets the new one; an editor's own wording stays
exactly as it was; the new texts are today's defaults, so a fresh site and an old one agree.
"""

import importlib

import pytest
from django.apps import apps as django_apps

from cases.models import WizardText
from cases.texts.defaults import DEFAULTS

SPACING = importlib.import_module("cases.migrations.0012_texts_order_number_platform_check")
pytestmark = pytest.mark.django_db


def test_the_new_texts_are_the_defaults_and_the_old_ones_are_not():
    for key, (old, new) in SPACING.CHANGES.items():
        assert DEFAULTS[key].body == new
        assert "订单号{order_number}" in old or "订单{order_number}" in old
        assert "订单号{order_number}" not in new and "订单{order_number}" not in new


def test_an_old_built_in_row_is_updated_and_an_edited_row_is_left_alone():
    WizardText.objects.all().delete()
    old_message = SPACING.CHANGES["negotiation_message"][0]
    edited = "订单号{order_number}，我自己写的。"
    WizardText.objects.create(key="negotiation_message", label="x", body=old_message)
    WizardText.objects.create(key="appeal_statement", label="x", body=edited)

    SPACING.forwards(django_apps, None)
    assert WizardText.objects.get(key="negotiation_message").body == (
        DEFAULTS["negotiation_message"].body
    )
    assert WizardText.objects.get(key="appeal_statement").body == edited

    SPACING.backwards(django_apps, None)
    assert WizardText.objects.get(key="negotiation_message").body == old_message
