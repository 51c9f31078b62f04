"""Render every part's HTML and contents again, so its heading ids carry the md- prefix.

The HTML is a cache of the Markdown (GuidePart.save), and guide.markdown now prefixes every
id so an editor's heading cannot take an id the page uses. Nothing an editor wrote changes,
so no history row is written: QuerySet.update() fires no signal, here or when the test
fixtures run this with the real app registry.
"""

from django.db import migrations


def rerender(apps, schema_editor):
    """Store each part's HTML and contents as the current renderer makes them."""
    from guide.markdown import render_markdown

    GuidePart = apps.get_model("guide", "GuidePart")
    for part in GuidePart.objects.only("pk", "body_markdown"):
        rendered = render_markdown(part.body_markdown)
        GuidePart.objects.filter(pk=part.pk).update(body_html=rendered.html, toc=rendered.toc)


class Migration(migrations.Migration):
    dependencies = [
        ("guide", "0003_correct_guide"),
    ]

    # Backwards there is nothing to restore: the unprefixed HTML was only a cache.
    operations = [
        migrations.RunPython(rerender, migrations.RunPython.noop),
    ]
