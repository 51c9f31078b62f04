"""Migrations 0012 and 0013 rewrite built-in texts (order number spacing, the platform's check,
what follows the reply to 卡密已发放).

A row still holding the old built-in text gets the new one; an editor's own wording stays
exactly as it was; the new texts are today's defaults, so a fresh site and an old one agree.
"""

import importlib

import pytest
from django.apps import apps as django_apps

from cases.models import WizardText
from cases.texts.defaults import DEFAULTS

SPACING = importlib.import_module("cases.migrations.0012_texts_order_number_platform_check")
REPLY = importlib.import_module("cases.migrations.0013_reply_issued_says_what_follows")
pytestmark = pytest.mark.django_db


def test_the_new_texts_are_the_defaults_and_the_old_ones_are_not():
    for key, (old, new) in SPACING.CHANGES.items():
        # A text changed again later starts that migration from where this one left it.
        later = REPLY.CHANGES.get(key)
        assert DEFAULTS[key].body == (later[1] if later else new)
        if later:
            assert later[0] == new
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


def test_the_reply_to_code_already_issued_ends_with_what_follows():
    WizardText.objects.all().delete()
    old, new = REPLY.CHANGES["negotiation_reply_issued"]
    assert DEFAULTS["negotiation_reply_issued"].body == new and new.endswith("{next_step}。")
    WizardText.objects.create(key="negotiation_reply_issued", label="x", body=old)
    REPLY.forwards(django_apps, None)
    assert WizardText.objects.get(key="negotiation_reply_issued").body == new
    REPLY.backwards(django_apps, None)
    assert WizardText.objects.get(key="negotiation_reply_issued").body == old
