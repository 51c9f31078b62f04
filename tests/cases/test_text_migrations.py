"""Migrations 0012–0014 and 0016–0018 rewrite built-in texts (order number spacing, the
platform's check, what follows the reply to 卡密已发放, the shop's voice and what the buyer asks
for, introductions that repeated their page, the buyer's rule in the appeal, the favour asked).

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
VOICE = importlib.import_module("cases.migrations.0014_texts_ask_in_the_shops_voice")
INTROS = importlib.import_module("cases.migrations.0016_texts_intros_leave_the_page_to_say_it")
RULE = importlib.import_module("cases.migrations.0017_statement_cites_the_buyers_rule")
FAVOUR = importlib.import_module("cases.migrations.0018_goodwill_asks_only_what_the_buyer_wants")
CHAIN = (SPACING, REPLY, VOICE, INTROS, RULE, FAVOUR)
pytestmark = pytest.mark.django_db


def test_each_rewrite_starts_where_the_last_left_off_and_ends_at_the_defaults():
    latest = {}
    for migration in CHAIN:
        for key, (old, new) in migration.CHANGES.items():
            # A text changed again later starts that migration from where this one left it.
            assert old == latest.get(key, old) and old != new
            latest[key] = new
    for key, body in latest.items():
        assert DEFAULTS[key].body == body


def test_the_order_number_is_spaced_in_the_rewritten_texts():
    for old, new in SPACING.CHANGES.values():
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


@pytest.mark.parametrize("migration", [REPLY, VOICE])
def test_the_reply_to_code_already_issued_ends_with_what_follows(migration):
    WizardText.objects.all().delete()
    old, new = migration.CHANGES["negotiation_reply_issued"]
    assert new.endswith("{next_step}。")
    WizardText.objects.create(key="negotiation_reply_issued", label="x", body=old)
    migration.forwards(django_apps, None)
    assert WizardText.objects.get(key="negotiation_reply_issued").body == new
    migration.backwards(django_apps, None)
    assert WizardText.objects.get(key="negotiation_reply_issued").body == old


def test_the_reply_asks_by_a_deadline_for_what_the_buyer_wants():
    reply = VOICE.CHANGES["negotiation_reply_issued"][1]
    assert "贵店说" in reply and "你说" not in reply
    assert "请在 {deadline} 前提供记录，或者{request}，否则{next_step}。" in reply
