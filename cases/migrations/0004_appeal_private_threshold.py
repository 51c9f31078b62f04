"""The private-transfer note on the appeal page names the police threshold by placeholder.

It said "500 元" in so many words, so an operator who changed POLICE_AMOUNT_THRESHOLD
got advice that disagreed with the recommendation on the next page. A row still
holding the seeded wording gets {police_threshold} instead, with a history entry;
a row an editor has changed is left as the editor wrote it.
"""

from django.db import migrations
from django.utils import timezone

KEY = "appeal_private"
SEEDED = (
    "你是私下转账付款的（比如微信转账）。这笔钱没有经过平台，"
    "不受平台的付款保障，平台通常没法受理你的申诉。\n\n"
    "可以直接考虑平台以外的渠道。金额超过 500 元，或者有诈骗迹象的，可以向公安机关报案。"
)
REASON = "报警金额改用 {police_threshold}，跟随运营设置（数据迁移）"


def _record(apps, row, reason: str) -> None:
    HistoricalWizardText = apps.get_model("cases", "HistoricalWizardText")
    HistoricalWizardText.objects.create(
        id=row.pk,
        key=row.key,
        label=row.label,
        body=row.body,
        history_date=timezone.now(),
        history_type="~",
        history_change_reason=reason,
        history_user=None,
    )


def use_placeholder(apps, schema_editor):
    from cases.texts.defaults import DEFAULTS

    WizardText = apps.get_model("cases", "WizardText")
    for row in WizardText.objects.filter(key=KEY, body=SEEDED):
        row.body = DEFAULTS[KEY].body
        row.save(update_fields=["body"])
        _record(apps, row, REASON)


def use_number(apps, schema_editor):
    from cases.texts.defaults import DEFAULTS

    WizardText = apps.get_model("cases", "WizardText")
    for row in WizardText.objects.filter(key=KEY, body=DEFAULTS[KEY].body):
        row.body = SEEDED
        row.save(update_fields=["body"])
        _record(apps, row, "撤回：" + REASON)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0003_escalation"),
    ]

    operations = [migrations.RunPython(use_placeholder, use_number)]
