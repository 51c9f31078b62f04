import re

import pytest

from guide.models import GuidePart

pytestmark = pytest.mark.django_db


def form_data(part: GuidePart, **changes) -> dict:
    data = {
        "title": part.title,
        "slug": part.slug,
        "order": part.order,
        "summary": part.summary,
        "body_markdown": part.body_markdown,
        "wizard_stage": part.wizard_stage,
        "published": "on" if part.published else "",
        "change_note": part.change_note,
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value != ""}


def test_editor_change_with_note_appears_and_old_version_stays_in_history(
    admin_client, client, make_part
):
    part = make_part(slug="edit-me", body_markdown="## 旧标题\n\n旧的内容。")
    url = f"/admin/guide/guidepart/{part.pk}/change/"
    response = admin_client.post(
        url,
        form_data(part, body_markdown="## 新标题\n\n新的内容。", change_note="改写了第二段"),
    )
    assert response.status_code == 302, response.content.decode()[:2000]

    html = client.get("/guide/edit-me/").content.decode()
    assert "新的内容。" in html and "旧的内容。" not in html
    assert "改写了第二段" in html

    versions = list(part.history.order_by("history_date"))
    assert [v.body_markdown for v in versions] == [
        "## 旧标题\n\n旧的内容。",
        "## 新标题\n\n新的内容。",
    ]
    history_page = admin_client.get(f"/admin/guide/guidepart/{part.pk}/history/")
    assert history_page.status_code == 200
    old = versions[0]
    old_view = admin_client.get(f"/admin/guide/guidepart/{part.pk}/history/{old.history_id}/")
    assert old_view.status_code == 200
    # The revert page shows the old sentence whole, its differences marked inside it.
    assert "旧的内容。" in re.sub(r"<[^>]+>", "", old_view.content.decode())


def test_changing_a_published_part_requires_a_new_change_note(admin_client, make_part):
    part = make_part(slug="needs-note", change_note="首次发布")
    response = admin_client.post(
        f"/admin/guide/guidepart/{part.pk}/change/",
        form_data(part, body_markdown="## 改了\n\n内容"),
    )
    assert response.status_code == 200
    assert "请写一句新的更新说明" in response.content.decode()
    part.refresh_from_db()
    assert "改了" not in part.body_markdown


def test_hostile_markdown_saved_in_admin_never_reaches_the_page(admin_client, client, make_part):
    part = make_part(slug="hostile")
    hostile = (
        "## 标题\n\n<script>alert('x')</script>\n\n<img src=x onerror=alert(1)>\n\n"
        "[链接](javascript:alert(1))\n\n<iframe src=https://evil.example></iframe>\n\n"
        "<style>*{display:none}</style>\n\n安全的文字"
    )
    response = admin_client.post(
        f"/admin/guide/guidepart/{part.pk}/change/",
        form_data(part, body_markdown=hostile, change_note="测试"),
    )
    assert response.status_code == 302
    html = client.get("/guide/hostile/").content.decode().lower()
    body = html.split('class="kr-prose">', 1)[1].split("</div>", 1)[0]
    assert "安全的文字" in body
    for forbidden in ["<script", "onerror", "javascript:", "<iframe", "<style", "alert("]:
        assert forbidden not in body


def test_preview_renders_unsaved_markdown_sanitised_without_saving(admin_client, make_part):
    part = make_part(slug="preview-me", body_markdown="## 原文\n\n原来的。")
    response = admin_client.post(
        "/admin/guide/guidepart/preview/",
        {
            "title": "预览标题",
            "summary": "摘要",
            "body_markdown": "## 草稿\n\n<script>x()</script>新写的。",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "预览：这是尚未保存的内容" in html
    assert "新写的。" in html and "<script>x()" not in html
    assert "no-store" in response["Cache-Control"]
    part.refresh_from_db()
    assert part.body_markdown == "## 原文\n\n原来的。"


def test_preview_is_for_staff_only(client, user_client):
    for visitor in (client, user_client):
        response = visitor.post("/admin/guide/guidepart/preview/", {"body_markdown": "x"})
        assert response.status_code == 302
        assert "/admin/login/" in response["Location"]


def test_change_form_offers_the_preview_button(admin_client, make_part):
    part = make_part(slug="button")
    html = admin_client.get(f"/admin/guide/guidepart/{part.pk}/change/").content.decode()
    assert 'formaction="/admin/guide/guidepart/preview/"' in html


def _visible(response) -> str:
    """Return the page's text as an editor reads it: tags gone, marks inside sentences too."""
    return re.sub(r"<[^>]+>", "", response.content.decode())


def _edit(admin_client, part: GuidePart, **changes):
    response = admin_client.post(
        f"/admin/guide/guidepart/{part.pk}/change/", form_data(part, **changes)
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    part.refresh_from_db()
    return part


def test_change_form_puts_a_live_preview_and_a_cheat_sheet_beside_the_markdown(
    admin_client, make_part
):
    part = make_part(slug="live", body_markdown="## 小标题\n\n已经保存的正文。")
    html = admin_client.get(f"/admin/guide/guidepart/{part.pk}/change/").content.decode()
    # The pane holds the saved article as the public page renders it, before any typing.
    pane = html.split('id="id_body_markdown-preview"', 1)[1].split("</section>", 1)[0]
    assert 'hx-post="/admin/guide/guidepart/preview/"' in pane
    assert '<h2 id="md-小标题">小标题</h2>' in pane and "已经保存的正文。" in pane
    assert "Markdown 速查" in html and "<code>## 小标题</code>" in html
    assert "css/editor.css" in html and "js/editor.js" in html


def test_htmx_preview_answers_with_the_article_alone(admin_client):
    response = admin_client.post(
        "/admin/guide/guidepart/preview/",
        {
            "title": "标题",
            "summary": "摘要",
            "body_markdown": "## 新的\n\n<script>x()</script>正文。",
        },
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    assert html.lstrip().startswith('<article class="kr-article">')
    assert "<h1>标题</h1>" in html and "正文。" in html and "<script>x()" not in html
    assert "<html" not in html


def test_history_shows_each_change_as_whole_sentences_with_who_and_the_note(
    admin_client, staff_user, make_part
):
    part = make_part(slug="story", body_markdown="## 步骤\n\n先找商家。然后再找平台。")
    _edit(
        admin_client,
        part,
        body_markdown="## 步骤\n\n先找商家。三天后再找平台。",
        change_note="写清等几天",
    )
    response = admin_client.get(f"/admin/guide/guidepart/{part.pk}/history/")
    html = response.content.decode()
    newest = html.split('class="kr-history__entry"')[1]
    assert f"{staff_user.username}修改" in newest
    assert "给读者的更新说明：写清等几天" in newest
    assert '<span class="kr-diff__tag">改成</span><ins>三天</ins>后再找平台。' in newest
    assert '<span class="kr-diff__tag">原来</span><del>然</del>后再找平台。' in newest
    assert "先找商家。" not in newest  # an unchanged sentence is not repeated
    assert "no-store" in response["Cache-Control"]


def test_any_two_versions_can_be_compared(admin_client, make_part):
    part = make_part(slug="compare", title="第一版标题", body_markdown="甲。")
    _edit(admin_client, part, body_markdown="甲。乙。", change_note="加了乙")
    _edit(
        admin_client, part, title="第三版标题", body_markdown="甲。乙。丙。", change_note="加了丙"
    )
    first, _, third = part.history.order_by("history_date", "history_id")
    url = f"/admin/guide/guidepart/{part.pk}/history/compare/"
    # Either order: the older version is always the "before".
    for old, new in ((first, third), (third, first)):
        text = _visible(admin_client.get(f"{url}?old={old.pk}&new={new.pk}"))
        assert "原来第一版标题" in text and "改成第三版标题" in text
        assert "加上了乙。丙。" in text
    assert admin_client.get(f"{url}?old=abc&new={first.pk}").status_code == 404
    other = make_part(slug="other", order=91)
    foreign = other.history.first()
    assert admin_client.get(f"{url}?old={foreign.pk}&new={first.pk}").status_code == 404


def test_revert_shows_what_will_change_and_asks_readers_a_note(admin_client, client, make_part):
    part = make_part(slug="revert-me", body_markdown="原来的说法。", change_note="首次发布")
    _edit(admin_client, part, body_markdown="改过的说法。", change_note="改了说法")
    first = part.history.order_by("history_date").first()
    url = f"/admin/guide/guidepart/{part.pk}/history/{first.history_id}/"

    text = _visible(admin_client.get(url))
    assert "现在改过的说法。" in text and "恢复后原来的说法。" in text
    assert "现在的内容不会丢" in text and "给读者的更新说明" in text

    refused = admin_client.post(url, {"change_note": ""})
    assert refused.status_code == 200 and "请写一句新的更新说明" in refused.content.decode()
    part.refresh_from_db()
    assert part.body_markdown == "改过的说法。"

    response = admin_client.post(url, {"change_note": "恢复成原来的说法"})
    assert response["Location"] == f"/admin/guide/guidepart/{part.pk}/history/"
    page = client.get("/guide/revert-me/").content.decode()
    assert "原来的说法。" in page and "改过的说法。" not in page
    assert "恢复成原来的说法" in page and "撤回" not in page
    newest = part.history.first()
    assert newest.history_change_reason.startswith("恢复成 ")
    assert newest.change_note == "恢复成原来的说法"


def test_a_version_like_the_current_one_has_nothing_to_revert(admin_client, make_part):
    part = make_part(slug="same")
    current = part.history.first()
    html = admin_client.get(f"/admin/guide/guidepart/{part.pk}/history/{current.history_id}/")
    assert "这一版和现在的内容一样，不用恢复。" in html.content.decode()
    assert 'type="submit"' not in html.content.decode().split('id="content-main"')[1]


def test_an_editor_who_may_only_view_reads_the_history_but_cannot_revert(client, make_part):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission

    reader = get_user_model().objects.create_user("reader", password="a-Long-pass-2026")
    reader.is_staff = True
    reader.save()
    reader.user_permissions.add(Permission.objects.get(codename="view_guidepart"))
    client.force_login(reader)
    part = make_part(slug="view-only", body_markdown="第一版。", published=False)
    part.body_markdown = "第二版。"
    part.save()
    first = part.history.order_by("history_date").first()
    history = client.get(f"/admin/guide/guidepart/{part.pk}/history/").content.decode()
    assert "<ins>二</ins>" in history and "恢复成这一版" not in history
    url = f"/admin/guide/guidepart/{part.pk}/history/{first.history_id}/"
    assert client.post(url, {"change_note": "x"}).status_code == 403
    part.refresh_from_db()
    assert part.body_markdown == "第二版。"


@pytest.mark.parametrize("bad", ["abc", "999999"])
def test_history_pages_of_ids_that_cannot_exist_are_404(admin_client, make_part, bad):
    part = make_part(slug="ids")
    assert admin_client.get(f"/admin/guide/guidepart/{bad}/history/").status_code == 404
    assert admin_client.get(f"/admin/guide/guidepart/{part.pk}/history/{bad}/").status_code == 404
    compare = f"/admin/guide/guidepart/{bad}/history/compare/?old=1&new=1"
    assert admin_client.get(compare).status_code == 404


@pytest.mark.parametrize("note", ["撤回上一次修改", "还原", "恢复以前的版本", "修改。"])
def test_a_note_about_the_editing_instead_of_the_chapter_is_refused(admin_client, make_part, note):
    part = make_part(slug="note", body_markdown="旧。")
    response = admin_client.post(
        f"/admin/guide/guidepart/{part.pk}/change/",
        form_data(part, body_markdown="新。", change_note=note),
    )
    assert response.status_code == 200 and "读者看不出改了什么" in response.content.decode()


def test_a_note_saying_what_changed_is_taken(admin_client, make_part):
    part = make_part(slug="good-note", body_markdown="旧。")
    _edit(admin_client, part, body_markdown="新。", change_note="恢复了 12315 受理时限的原来说法")
    assert part.change_note == "恢复了 12315 受理时限的原来说法"


def test_the_history_costs_the_same_queries_however_many_versions(
    admin_client, make_part, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    part = make_part(slug="many", body_markdown="第 0 版。")
    url = f"/admin/guide/guidepart/{part.pk}/history/"
    part.body_markdown = "第 1 版。"
    part.save()
    with CaptureQueriesContext(connection) as few:
        admin_client.get(url)
    for number in range(2, 22):
        part.body_markdown = f"第 {number} 版。"
        part.save()
    with django_assert_num_queries(len(few.captured_queries)):
        html = admin_client.get(url).content.decode()
    assert "<ins>21</ins>" in html and html.count('class="kr-history__entry"') == 22


def test_a_part_without_any_history_has_an_empty_history(admin_client, make_part):
    part = make_part(slug="no-history")
    part.history.all().delete()
    response = admin_client.get(f"/admin/guide/guidepart/{part.pk}/history/")
    assert response.status_code == 200 and "还没有修改记录" in response.content.decode()


def test_a_new_chapter_is_written_in_the_same_editor_and_saved(admin_client, db):
    page = admin_client.get("/admin/guide/guidepart/add/").content.decode()
    assert 'id="id_body_markdown-preview"' in page
    response = admin_client.post(
        "/admin/guide/guidepart/add/",
        {
            "title": "新的一章",
            "slug": "new-chapter",
            "order": 95,
            "summary": "一句话。",
            "body_markdown": "## 开头\n\n正文。",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    part = GuidePart.objects.get(slug="new-chapter")
    assert not part.published and part.key is None
    assert part.history.first().history_user is not None
