"""Seed the overview's next-step hints (next_<stage>) on a database seeded before they existed.

0002 seeds every key of cases.texts.defaults.DEFAULTS that has no row, so running it again
adds only the missing ones, with their history entry; an editor's row is never touched.
On a fresh database 0002 has already seeded them and this finds nothing to do.
"""

import importlib

from django.db import migrations

seeding = importlib.import_module("cases.migrations.0002_wizard_texts")
KEYS = [f"next_{stage}" for stage in ("eligibility", "evidence", "negotiation", "appeal", "escalation")]


def remove_hints(apps, schema_editor):
    WizardText = apps.get_model("cases", "WizardText")
    HistoricalWizardText = apps.get_model("cases", "HistoricalWizardText")
    WizardText.objects.filter(key__in=KEYS).delete()
    HistoricalWizardText.objects.filter(
        key__in=KEYS, history_type="+", history_change_reason=seeding.HISTORY_REASON
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0004_appeal_private_threshold"),
    ]

    operations = [migrations.RunPython(seeding.seed_wizard_texts, remove_hints)]
