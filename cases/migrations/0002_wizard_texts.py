"""Seed the wizard's guidance texts, each with its first history entry.

DEFAULTS is imported when the migration runs, not when this file was written,
so keys added to cases.texts.defaults later are seeded too on a fresh database. An
editor's existing row is never overwritten.
"""

from django.db import migrations
from django.utils import timezone

HISTORY_REASON = "首次载入（数据迁移）"


def seed_wizard_texts(apps, schema_editor):
    """Create a row for every default text that has none, and record it in history."""
    from cases.texts.defaults import DEFAULTS

    WizardText = apps.get_model("cases", "WizardText")
    HistoricalWizardText = apps.get_model("cases", "HistoricalWizardText")
    existing = set(WizardText.objects.values_list("key", flat=True))
    missing = [entry for key, entry in DEFAULTS.items() if key not in existing]
    # bulk_create sends no signals, so history is written once, here.
    WizardText.objects.bulk_create(
        [WizardText(key=entry.key, label=entry.label, body=entry.body) for entry in missing]
    )
    now = timezone.now()
    HistoricalWizardText.objects.bulk_create(
        [
            HistoricalWizardText(
                id=row.pk,
                key=row.key,
                label=row.label,
                body=row.body,
                history_date=now,
                history_type="+",
                history_change_reason=HISTORY_REASON,
                history_user=None,
            )
            for row in WizardText.objects.filter(key__in=[entry.key for entry in missing])
        ]
    )


def unseed_wizard_texts(apps, schema_editor):
    """Delete the rows of the default keys and the history entries this migration wrote."""
    from cases.texts.defaults import DEFAULTS

    WizardText = apps.get_model("cases", "WizardText")
    HistoricalWizardText = apps.get_model("cases", "HistoricalWizardText")
    WizardText.objects.filter(key__in=list(DEFAULTS)).delete()
    HistoricalWizardText.objects.filter(
        key__in=list(DEFAULTS), history_type="+", history_change_reason=HISTORY_REASON
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(seed_wizard_texts, unseed_wizard_texts),
    ]
