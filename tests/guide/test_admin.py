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
    assert "旧的内容。" in old_view.content.decode()


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
