"""The corrections guide/migrations/0003_correct_guide.py makes to the seeded guide."""

import datetime
import hashlib
import importlib
import re
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from guide.markdown import render_markdown
from guide.models import GuidePart

SEED = importlib.import_module("guide.migrations.0002_seed_guide")
CORRECTION = importlib.import_module("guide.migrations.0003_correct_guide")
SEED_TEXT = {part["slug"]: part["body_markdown"] for part in SEED.PARTS}
CORRECTED_ON = datetime.date(2026, 12, 2)

# One sentence per part that only the corrected text has, as a reader sees it.
CORRECTED_SENTENCE = {
    "refundable": "这三条里只要有一条符合你的情况，问题就出在商家，你通常可以申请退款。",
    "evidence": "截图时留着手机顶部状态栏的时间，不要裁掉。",
    "negotiate": "你的平台不一定有这条规定，不要照抄",
    "appeal": "卡密第一次被使用，是在你收到它之前；",
    "escalate": "提交以后，市场监督管理部门会在 7 个工作日内决定受理还是不受理。",
    "prevention": "已经私下转账被骗了，马上看第 5 章“外部维权”。",
}
# What a reader of the change note learns was changed.
NOTE_MENTIONS = {
    "refundable": "核对清单",
    "evidence": "状态栏",
    "negotiate": "只是举例",
    "appeal": "首次使用时间",
    "escalate": "12315 的受理规则和官方入口",
    "prevention": "私下转账被骗",
}
# The seed's slips, which no corrected part may say again.
SLIPS = [
    "首次使用时间晚于购买时间",
    "只要有一个答案是",
    "判你输",
    "败诉",
    "往外闹",
    "打开手机的时间水印",
    "‘",
    "’",
    '"',
]


def _run(function) -> None:
    # The real app registry stands in for the historical one, as in tests/conftest.py.
    function(apps, SimpleNamespace(connection=connection))


def _seed_only() -> None:
    """Leave the guide exactly as 0002 seeded it, before any correction."""
    GuidePart.history.all().delete()
    GuidePart.objects.all().delete()
    _run(SEED.seed_guide)


def _snapshot(slug: str) -> dict:
    part = GuidePart.objects.get(slug=slug)
    fields = ("body_markdown", "body_html", "toc", "updated_on", "change_note", "summary")
    return {field: getattr(part, field) for field in fields} | {
        "history": list(part.history.values_list("history_id", flat=True))
    }


def _edit(slug: str, addition: str) -> None:
    """Change a part the way an editor does: through save(), which records history."""
    part = GuidePart.objects.get(slug=slug)
    part.body_markdown += addition
    part.updated_on = datetime.date(2026, 11, 30)
    part.change_note = "编辑补充了一段"
    part.save()


def test_the_migration_recognises_exactly_the_text_0002_seeded():
    assert set(CORRECTION.CORRECTIONS) == set(SEED_TEXT)
    for slug, text in SEED_TEXT.items():
        assert (
            hashlib.sha256(text.encode()).hexdigest()
            == (CORRECTION.CORRECTIONS[slug]["seed_sha256"])
        ), slug


@pytest.mark.parametrize("slug", list(SEED_TEXT))
def test_an_unedited_part_gets_the_correction_the_note_and_the_new_date(db, slug):
    _seed_only()
    _run(CORRECTION.correct_guide)

    part = GuidePart.objects.get(slug=slug)
    assert part.body_markdown != SEED_TEXT[slug]
    assert CORRECTED_SENTENCE[slug] in part.body_markdown
    assert part.body_html == render_markdown(part.body_markdown).html
    assert part.toc == render_markdown(part.body_markdown).toc
    assert part.updated_on == CORRECTED_ON
    assert NOTE_MENTIONS[slug] in part.change_note
    correction, seed = part.history.all()  # newest first
    assert seed.history_type == "+"
    assert correction.history_type == "~"
    assert correction.body_markdown == part.body_markdown
    assert correction.change_note == part.change_note
    assert correction.history_change_reason


def test_corrected_parts_repeat_none_of_the_seed_slips(seeded_guide):
    for part in seeded_guide:
        for slip in SLIPS:
            assert slip not in part.body_markdown, (part.slug, slip)


def test_parts_name_each_other_by_chapter_number_and_title(seeded_guide):
    title_of = {part.order: part.title for part in seeded_guide}
    references = 0
    for part in seeded_guide:
        # No other scheme (第一部分, 第6章) alongside 第 N 章.
        for name in re.findall(r"第\s*\S{1,2}?\s*(?:章|部分)", part.body_markdown):
            assert re.fullmatch(r"第 \d 章", name), (part.slug, name)
        for number, title in re.findall(r"第 (\d) 章“([^”]+)”", part.body_markdown):
            assert title_of[int(number)].startswith(title), (part.slug, title)
            references += 1
    assert references >= 3


def test_a_part_an_editor_changed_is_left_exactly_as_the_editor_left_it(db):
    _seed_only()
    _edit("appeal", "\n## 编辑补充\n\n编辑自己写的一段。\n")
    edited = _snapshot("appeal")

    _run(CORRECTION.correct_guide)

    assert _snapshot("appeal") == edited
    assert CORRECTED_SENTENCE["negotiate"] in GuidePart.objects.get(slug="negotiate").body_markdown


def test_running_the_correction_again_changes_nothing(db):
    _seed_only()
    _run(CORRECTION.correct_guide)
    once = {slug: _snapshot(slug) for slug in SEED_TEXT}

    _run(CORRECTION.correct_guide)

    assert {slug: _snapshot(slug) for slug in SEED_TEXT} == once


def test_reverse_restores_the_seed_only_where_the_part_still_holds_the_correction(db):
    _seed_only()
    _run(CORRECTION.correct_guide)
    _edit("escalate", "\n编辑在更正之后又补了一段。\n")
    edited = _snapshot("escalate")

    _run(CORRECTION.restore_seed)

    assert _snapshot("escalate") == edited
    for slug, seed_text in SEED_TEXT.items():
        if slug == "escalate":
            continue
        part = GuidePart.objects.get(slug=slug)
        assert part.body_markdown == seed_text
        assert part.body_html == render_markdown(seed_text).html
        assert (part.updated_on, part.change_note) == (datetime.date(2026, 11, 25), "首次发布")
        assert [version.history_type for version in part.history.all()] == ["+"]


@pytest.mark.parametrize("slug", list(SEED_TEXT))
def test_the_public_page_shows_the_corrected_text_and_why_it_changed(client, seeded_guide, slug):
    html = client.get(f"/guide/{slug}/").content.decode()
    assert CORRECTED_SENTENCE[slug] in html
    assert '<time datetime="2026-12-02">2026年12月2日</time>' in html
    assert GuidePart.objects.get(slug=slug).change_note in html


def test_the_appeal_page_no_longer_offers_the_first_use_slip(client, seeded_guide):
    html = client.get("/guide/appeal/").content.decode()
    assert "首次使用时间晚于购买时间" not in html
    assert "用掉卡密的账号不是你的" in html


def _migrate(target) -> None:
    MigrationExecutor(connection).migrate([target])


def test_migrating_forward_corrects_and_back_restores_the_seed(transactional_db):
    try:
        _migrate(("guide", "0001_initial"))
        _migrate(("guide", "0002_seed_guide"))
        _migrate(("guide", "0003_correct_guide"))
        # The models as they were then: fields added by later migrations have no column yet.
        state = MigrationExecutor(connection).loader.project_state(("guide", "0003_correct_guide"))
        parts_then = state.apps.get_model("guide", "GuidePart").objects
        history_then = state.apps.get_model("guide", "HistoricalGuidePart").objects
        parts = list(parts_then.all())
        assert all(CORRECTED_SENTENCE[part.slug] in part.body_markdown for part in parts)
        assert history_then.filter(history_type="~").count() == 6

        _migrate(("guide", "0002_seed_guide"))
        assert {part.slug: part.body_markdown for part in parts_then.all()} == SEED_TEXT
        assert history_then.filter(history_type="~").count() == 0
    finally:
        # Leave the schema as every other test expects it: fully migrated.
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
