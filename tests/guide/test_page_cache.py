"""Public guide pages come from the page cache, and an editor's save shows at once."""

import pytest
from django.test import Client

from guide import page_cache
from tests.guide.test_admin import form_data

pytestmark = pytest.mark.django_db

PUBLIC_URLS = ["/", "/guide/", "/guide/cached/"]


@pytest.fixture
def part(make_part):
    return make_part(slug="cached", title="缓存章节", body_markdown="## 小标题\n\n第一版正文。")


@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_a_visitor_without_a_session_is_served_from_the_cache_with_one_query(
    part, url, django_assert_num_queries
):
    first = Client().get(url)
    assert first.status_code == 200
    with django_assert_num_queries(1):  # the guide's version, nothing else
        second = Client().get(url)
    assert second.content == first.content
    assert "Cookie" in second["Vary"]
    assert not second.cookies
    assert "default-src 'self'" in second["Content-Security-Policy"]


def test_public_pages_carry_no_csrf_token_so_one_rendering_fits_everyone(part):
    for url in PUBLIC_URLS:
        response = Client().get(url)
        assert "csrftoken" not in response.cookies
        assert b"X-CSRFToken" not in response.content


def test_an_editors_save_reaches_cached_visitors_at_the_next_request(part, admin_client):
    assert "第一版正文。" in Client().get("/guide/cached/").content.decode()
    response = admin_client.post(
        f"/admin/guide/guidepart/{part.pk}/change/",
        form_data(part, body_markdown="## 小标题\n\n第二版正文。", change_note="改了正文"),
    )
    assert response.status_code == 302

    html = Client().get("/guide/cached/").content.decode()
    assert "第二版正文。" in html and "第一版正文。" not in html
    assert "缓存章节" in Client().get("/guide/").content.decode()


def test_unpublishing_a_part_takes_it_off_the_cached_site_at_once(part, admin_client):
    assert Client().get("/guide/cached/").status_code == 200
    response = admin_client.post(
        f"/admin/guide/guidepart/{part.pk}/change/",
        form_data(part, published="", change_note="暂时下线"),
    )
    assert response.status_code == 302

    assert Client().get("/guide/cached/").status_code == 404
    assert "缓存章节" not in Client().get("/guide/").content.decode()


def test_staff_see_their_draft_banner_never_a_visitors_cached_page(
    make_part, admin_client, django_assert_num_queries
):
    make_part(slug="draft", published=False, change_note="")
    assert Client().get("/guide/draft/").status_code == 404
    response = admin_client.get("/guide/draft/")
    assert response.status_code == 200
    assert "草稿" in response.content.decode()
    assert "no-cache" in response["Cache-Control"]


def test_a_signed_in_reader_gets_a_fresh_page_with_their_own_header(part, user_client):
    Client().get("/guide/cached/")  # fills the cache for visitors without a session
    html = user_client.get("/guide/cached/").content.decode()
    assert "我的账号" in html and "退出" in html
    assert "我的账号" not in Client().get("/guide/cached/").content.decode()


def test_between_rechecks_a_worker_serves_from_memory_and_sees_an_edit_after_the_interval(
    part, settings, monkeypatch, django_assert_num_queries
):
    settings.GUIDE_VERSION_RECHECK_SECONDS = 1.0
    clock = [1000.0]
    monkeypatch.setattr(page_cache.time, "monotonic", lambda: clock[0])
    assert "第一版正文。" in Client().get("/guide/cached/").content.decode()
    with django_assert_num_queries(0):
        Client().get("/guide/cached/")

    # Another worker's editor publishes; this worker has not asked for the version yet.
    part.body_markdown = "## 小标题\n\n第二版正文。"
    part.save()
    clock[0] += 0.5
    assert "第一版正文。" in Client().get("/guide/cached/").content.decode()
    clock[0] += 0.5
    assert "第二版正文。" in Client().get("/guide/cached/").content.decode()
