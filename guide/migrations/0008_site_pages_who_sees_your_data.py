"""关于本站 said only the buyer can see what they typed, while 隐私说明 says the operator
technically can; both also wrote 和12315的文字 without the spaces every other page puts around
a number. Each sentence is replaced only where it still reads as seeded (an editor's own
wording stays); a page that changed is re-rendered and gets a dated change note and a history
entry, so every worker's page cache notices within a second. The sentences are copied here, not imported, so
this migration means the same thing forever; the Markdown is rendered by today's renderer, as
0007 did.
"""

import datetime

from django.db import migrations

UPDATED_ON = datetime.date(2026, 12, 7)
CHANGE_NOTE = "说清楚谁能看到你的数据"
HISTORY_REASON = "说清楚谁能看到你的数据（数据迁移）"

CHANGES = {
    "about": (
        (
            "你填的内容和上传的文件，只有你自己能看到，随时可以下载或删除。",
            "你填的内容和上传的文件，别的用户和编辑都看不到，你随时可以下载或删除；"
            "能直接读取服务器的运营者技术上能看到。",
        ),
        ("平台和12315的文字", "平台和 12315 的文字"),
    ),
    "privacy": (("平台和12315的文字", "平台和 12315 的文字"),),
}


def _move(apps, forwards: bool) -> None:
    from guide.markdown import render_markdown

    GuidePart = apps.get_model("guide", "GuidePart")
    HistoricalGuidePart = apps.get_model("guide", "HistoricalGuidePart")
    fields = [field.name for field in GuidePart._meta.concrete_fields]
    for key, replacements in CHANGES.items():
        page = GuidePart.objects.filter(kind="site_page", key=key).first()
        if page is None:
            continue
        body = page.body_markdown
        for old, new in replacements:
            before, after = (old, new) if forwards else (new, old)
            body = body.replace(before, after)
        if body == page.body_markdown:
            continue  # an editor's own wording: left as it is
        rendered = render_markdown(body)
        page.body_markdown, page.body_html, page.toc = body, rendered.html, rendered.toc
        if not forwards:
            # Back to the seed: the version this migration wrote goes with it.
            HistoricalGuidePart.objects.filter(
                id=page.pk, history_change_reason=HISTORY_REASON
            ).delete()
            page.save()
            continue
        page.updated_on, page.change_note = UPDATED_ON, CHANGE_NOTE
        page.save()
        HistoricalGuidePart.objects.create(
            history_date=datetime.datetime.now(datetime.UTC),
            history_type="~",
            history_change_reason=HISTORY_REASON,
            history_user=None,
            **{name: getattr(page, name) for name in fields},
        )


def forwards(apps, schema_editor):
    _move(apps, forwards=True)


def backwards(apps, schema_editor):
    _move(apps, forwards=False)


class Migration(migrations.Migration):
    dependencies = [("guide", "0007_site_pages")]

    operations = [migrations.RunPython(forwards, backwards)]
