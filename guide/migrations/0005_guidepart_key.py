"""Give the seeded parts the key the wizard's links use, so their slugs may change.

The keys are the slugs the parts were seeded with. A part an editor already renamed is
found by its wizard stage instead; the prevention part has none, so only its slug finds it.
"""

from django.db import migrations, models

KEYS = {
    # key (the seeded slug): wizard stage of the part
    "refundable": "eligibility",
    "evidence": "evidence",
    "negotiate": "negotiation",
    "appeal": "appeal",
    "escalate": "escalation",
    "prevention": "",
}


def set_keys(apps, schema_editor):
    """Set each seeded part's key, once: a key already set is left alone."""
    GuidePart = apps.get_model("guide", "GuidePart")
    taken = set(GuidePart.objects.exclude(key=None).values_list("key", flat=True))
    for key, stage in KEYS.items():
        if key in taken:
            continue
        part = GuidePart.objects.filter(slug=key, key=None).first()
        if part is None and stage:
            part = GuidePart.objects.filter(wizard_stage=stage, key=None).order_by("order").first()
        if part is not None:
            # update(): no signal, no history row; the key is not an editor's change.
            GuidePart.objects.filter(pk=part.pk).update(key=key)


class Migration(migrations.Migration):
    dependencies = [
        ("guide", "0004_prefix_heading_ids"),
    ]

    operations = [
        migrations.AddField(
            model_name="guidepart",
            name="key",
            field=models.SlugField(
                editable=False, max_length=40, null=True, unique=True, verbose_name="链接标识"
            ),
        ),
        migrations.AddField(
            model_name="historicalguidepart",
            name="key",
            field=models.SlugField(
                db_index=True, editable=False, max_length=40, null=True, verbose_name="链接标识"
            ),
        ),
        migrations.RunPython(set_keys, migrations.RunPython.noop),
    ]
