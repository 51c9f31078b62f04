import pytest
from django.urls import reverse

from guide.models import GuidePart

pytestmark = pytest.mark.django_db


def test_home_offers_both_entry_points(client):
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<h1") == 1
    assert 'href="/cases/new/"' in html and "开始退款向导" in html
    assert 'href="/guide/"' in html and "阅读指南" in html


def test_contents_lists_published_parts_with_summaries(client, make_part):
    make_part(title="公开章节", slug="public", order=91, summary="公开的摘要")
    make_part(title="草稿章节", slug="draft", order=92, published=False)
    html = client.get("/guide/").content.decode()
    assert "公开章节" in html and "公开的摘要" in html
    assert "草稿章节" not in html


def test_part_page_shows_contents_neighbours_update_note_and_wizard_link(client, make_part):
    make_part(title="前一章", slug="before", order=91)
    make_part(
        title="这一章",
        slug="this",
        order=92,
        body_markdown="## 第一节\n\n文字\n\n### 小节\n\n更多",
        change_note="补充了例子",
        wizard_stage="negotiation",
    )
    make_part(title="后一章", slug="after", order=93)
    html = client.get("/guide/this/").content.decode()
    assert html.count("<h1") == 1
    assert "<title>这一章 · 卡盟退款指南</title>" in html
    assert 'href="#md-第一节"' in html and 'href="#md-小节"' in html
    assert 'rel="prev"' in html and "前一章" in html
    assert 'rel="next"' in html and "后一章" in html
    assert "最后更新" in html and "2026年1月2日" in html and "补充了例子" in html
    assert "/cases/new/?stage=negotiation" in html
    assert '<link rel="canonical" href="http://testserver/guide/this/">' in html
    assert 'aria-label="当前位置"' in html


def test_draft_part_is_404_for_public_and_bannered_for_staff(client, admin_client, make_part):
    make_part(slug="secret", published=False, title="未发布的章节")
    assert client.get("/guide/secret/").status_code == 404
    response = admin_client.get("/guide/secret/")
    assert response.status_code == 200
    assert "草稿：这一章还没发布" in response.content.decode()
    assert "no-store" in response["Cache-Control"]


def test_rendering_a_guide_page_needs_one_query_however_long_the_guide(
    user_client, make_part, django_assert_num_queries
):
    # A signed-in reader is never served from the page cache, so this is the real rendering.
    for order in range(10):
        make_part(slug=f"p{order}", order=order + 100)
    with django_assert_num_queries(1 + 2):  # the part and its neighbours; session and user
        response = user_client.get("/guide/p5/")
    assert response.status_code == 200


def test_an_anonymous_visitor_costs_at_most_two_queries_even_on_a_cold_cache(
    client, make_part, django_assert_max_num_queries
):
    from guide.page_cache import forget_version

    for order in range(10):
        make_part(slug=f"p{order}", order=order + 100)
    forget_version()  # as after a restart or an editor's change: the version is asked again
    with django_assert_max_num_queries(2):
        assert client.get("/guide/p5/").status_code == 200
    # A visitor without an account but with a case has a session: still at most two.
    client.post("/cases/new/", {"product_name": "某游戏点卡", "platform_name": "某卡盟"})
    with django_assert_max_num_queries(2):
        assert client.get("/guide/p5/").status_code == 200


def test_unknown_part_is_a_friendly_404(client):
    response = client.get("/guide/no-such-part/")
    assert response.status_code == 404
    assert "找不到这个页面" in response.content.decode()


def test_sitemap_lists_only_published_guide_pages(client, make_part):
    make_part(slug="shown", order=91)
    make_part(slug="hidden", order=92, published=False)
    xml = client.get("/sitemap.xml").content.decode()
    assert "/guide/shown/" in xml
    assert "/guide/hidden/" not in xml
    assert "/cases/" not in xml


def test_robots_keeps_crawlers_out_of_cases_and_points_to_sitemap(client):
    response = client.get("/robots.txt")
    body = response.content.decode()
    assert response["Content-Type"].startswith("text/plain")
    assert "Disallow: /cases/" in body
    assert "Sitemap: http://testserver/sitemap.xml" in body


def test_healthz_answers_without_queries(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200


def test_every_response_carries_a_strict_csp(client, make_part):
    make_part(slug="csp", order=91)
    for url in ["/", "/guide/", "/guide/csp/", "/healthz", "/robots.txt", "/nope/"]:
        csp = client.get(url)["Content-Security-Policy"]
        assert "default-src 'self'" in csp
        assert "unsafe-inline" not in csp
        assert "object-src 'none'" in csp
        assert "base-uri 'none'" in csp
        assert "frame-ancestors 'none'" in csp


def test_seeded_guide_has_six_published_parts_each_linked_from_contents(client, seeded_guide):
    parts = list(GuidePart.objects.chapters().published())
    assert len(parts) == 6
    html = client.get(reverse("guide:contents")).content.decode()
    for part in parts:
        assert part.get_absolute_url() in html
        assert part.summary in html
