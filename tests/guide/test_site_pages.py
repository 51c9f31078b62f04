"""关于本站, 隐私说明, 联系我们, and the footer on every page.

The privacy page promises things about the code; the tests here hold the code to them:
each number it states is the one the settings enforce, each cookie the site sets is named
on it, and what it says editors cannot see is not in the admin.
"""

import importlib
import re
from datetime import timedelta
from unittest import mock

import pytest
from django.conf import settings
from django.contrib import admin
from django.core.management import call_command
from django.template import loader
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cases.models import Case
from cases.rules.statistics import MIN_GROUP
from config.ratelimit import WINDOW_SECONDS
from feedback.markers import COOKIE_MAX_AGE
from feedback.models import COMMENT_MAX_LENGTH
from guide.models import GuidePart
from guide.site_pages import PLACEHOLDERS, SITE_PAGES, anonymous_days
from tests.test_settings import settings_read_with

pytestmark = pytest.mark.django_db

SEED = importlib.import_module("guide.migrations.0007_site_pages")
ADDRESSES = {"about": "/about/", "privacy": "/privacy/", "contact": "/contact/"}


def text_of(html: str) -> str:
    """Return what a reader reads: the page without its tags, in one line."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def prose(client: Client, url: str) -> str:
    html = client.get(url).content.decode()
    return text_of(html.split('class="kr-prose">', 1)[1].split("</div>", 1)[0])


# The pages


@pytest.mark.parametrize("key", SITE_PAGES)
def test_each_site_page_answers_at_its_fixed_address(client, seeded_guide, key):
    response = client.get(ADDRESSES[key])
    assert response.status_code == 200
    html = response.content.decode()
    assert f"<h1>{SITE_PAGES[key]}</h1>" in html
    assert f'<link rel="canonical" href="http://testserver{ADDRESSES[key]}">' in html
    # Not a guide chapter: no "指南" crumb, no wizard callout, no pager, no feedback.
    main = html.split("<main", 1)[1].split("</main>", 1)[0]
    for chapter_only in ('href="/guide/"', 'class="kr-pager"', "在向导里开始", 'id="feedback"'):
        assert chapter_only not in main
    assert "本站运营者" in html


@pytest.mark.parametrize("key", SITE_PAGES)
def test_the_address_holds_when_an_editor_renames_the_slug(client, seeded_guide, key):
    GuidePart.objects.filter(key=key).update(slug=f"{key}-renamed")
    assert client.get(ADDRESSES[key]).status_code == 200
    assert client.get(f"/guide/{key}-renamed/").status_code == 404


def test_site_pages_stay_out_of_the_guide(client, seeded_guide):
    contents = client.get("/guide/").content.decode()
    for title in SITE_PAGES.values():
        assert title not in contents.split("<main", 1)[1].split("</main>", 1)[0]
    for key in SITE_PAGES:
        assert client.get(f"/guide/{key}/").status_code == 404
    last = seeded_guide[-1]
    html = client.get(last.get_absolute_url()).content.decode()
    assert 'rel="next"' not in html
    sitemap = client.get("/sitemap.xml").content.decode()
    chapters = [sitemap.index(part.get_absolute_url()) for part in seeded_guide]
    pages = [sitemap.index(f"http://testserver{url}</loc>") for url in ADDRESSES.values()]
    assert max(chapters) < min(pages)


def test_an_unpublished_site_page_is_404_to_readers_and_a_draft_to_editors(
    client, admin_client, seeded_guide
):
    GuidePart.objects.filter(key="about").update(published=False)
    assert client.get("/about/").status_code == 404
    response = admin_client.get("/about/")
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]


def test_a_site_page_costs_a_reader_what_a_guide_page_costs(
    client, seeded_guide, django_assert_max_num_queries
):
    with django_assert_max_num_queries(2):  # the guide's version, then the page
        assert client.get("/privacy/").status_code == 200
    with django_assert_max_num_queries(1):  # from the page cache
        assert client.get("/privacy/").status_code == 200


# The privacy page holds to the code


def test_the_privacy_page_states_the_retention_the_session_enforces(client, seeded_guide):
    days = settings.SESSION_COOKIE_AGE // (24 * 60 * 60)
    assert days == anonymous_days() == 30
    text = prose(client, "/privacy/")
    assert f"没注册时建的案件，{days} 天不打开就会被删除" in text
    assert f"{days} 天内没有再打开，这个浏览器就再也打不开它了" in text
    assert "{" not in text and "}" not in text


def test_the_privacy_page_states_the_limits_the_code_enforces(client, seeded_guide):
    text = prose(client, "/privacy/")
    assert f"最多 {COMMENT_MAX_LENGTH} 个字" in text
    assert f"每小时最多提交 {settings.QUOTA_FEEDBACK_PER_HOUR_PER_IP} 次反馈" in text
    assert f"{COOKIE_MAX_AGE // (24 * 60 * 60)} 天后失效" in text
    assert f"每个数字背后至少有 {MIN_GROUP} 个案件" in text
    # "一小时后作废": the counters' window (config/ratelimit.py).
    assert "一小时后作废" in text and WINDOW_SECONDS == 60 * 60


def test_the_privacy_numbers_follow_the_settings_not_the_text(client, seeded_guide, settings):
    settings.SESSION_COOKIE_AGE = 10 * 24 * 60 * 60
    settings.QUOTA_FEEDBACK_PER_HOUR_PER_IP = 7
    text = prose(client, "/privacy/")
    assert "没注册时建的案件，10 天不打开就会被删除" in text
    assert "每小时最多提交 7 次反馈" in text


def test_the_seeded_privacy_text_types_no_count_of_its_own():
    """Every number of days, hours, characters or times is a placeholder, filled from code."""
    typed = re.findall(r"\d+\s*(?:天|小时|个|字|次|分钟|年|MB)", SEED.PRIVACY)
    assert typed == []
    # And it states every number the placeholders know.
    assert set(re.findall(r"\{([a-z_]+)\}", SEED.PRIVACY)) == set(PLACEHOLDERS)


def _at(moment):
    return mock.patch("django.utils.timezone.now", return_value=moment)


def test_the_privacy_pages_day_count_is_when_the_purge_deletes_the_case(client, seeded_guide):
    """N days after the last visit the case is gone, not before: N read from the page."""
    days = int(re.search(r"(\d+) 天内没有再打开", prose(client, "/privacy/")).group(1))
    start = timezone.now()
    browser = Client()
    with _at(start):
        browser.post("/cases/new/", {"product_name": "激活码"})
    case = Case.objects.get(session_key=browser.session.session_key)
    # Came back a day before the end: the days count again from this visit.
    last_visit = start + timedelta(days=days - 1)
    with _at(last_visit):
        assert browser.get(f"/cases/{case.pk}/").status_code == 200
    with _at(last_visit + timedelta(days=days) - timedelta(hours=1)):
        call_command("purge_abandoned_cases", stdout=mock.Mock())
    assert Case.objects.filter(pk=case.pk).exists()
    with _at(last_visit + timedelta(days=days) + timedelta(hours=1)):
        call_command("purge_abandoned_cases", stdout=mock.Mock())
    assert not Case.objects.filter(pk=case.pk).exists()


def test_every_cookie_the_site_sets_is_named_on_the_privacy_page(client, seeded_guide):
    browser = Client()
    set_cookies: set[str] = set()

    def remember(response):
        set_cookies.update(response.cookies.keys())
        return response

    remember(browser.get("/accounts/signup/"))
    remember(browser.post("/cases/new/", {"product_name": "激活码"}))
    case = Case.objects.get(session_key=browser.session.session_key)
    remember(browser.get(f"/cases/{case.pk}/"))
    chapter = seeded_guide[0]
    remember(browser.post("/feedback/", {"page": f"guide:{chapter.pk}", "helpful": "yes"}))
    # A message kept across a redirect: the messages cookie.
    remember(browser.post(f"/cases/{case.pk}/resolve/", {"resolution": "gave_up"}))
    assert {
        settings.SESSION_COOKIE_NAME,
        settings.CSRF_COOKIE_NAME,
        "kr_feedback",
        "messages",
    } <= set_cookies
    text = prose(client, "/privacy/")
    for name in set_cookies:
        assert re.search(rf"{name}\s*：", text), name


def test_the_admin_shows_editors_no_model_of_a_buyers_case():
    """隐私说明: 后台看不到任何案件的内容，也打不开证据文件."""
    registered = {model._meta.label for model in admin.site._registry}
    from django.apps import apps

    private = {model._meta.label for model in apps.get_app_config("cases").get_models()}
    assert registered & private <= {"cases.WizardText"}


# Editing a site page: the guide's own machinery


def form_data(part: GuidePart, **changes) -> dict:
    data = {
        "title": part.title,
        "slug": part.slug,
        "order": part.order,
        "summary": part.summary,
        "body_markdown": part.body_markdown,
        "published": "on",
        "change_note": part.change_note,
    } | changes
    return {key: value for key, value in data.items() if value != ""}


def test_an_editor_changes_a_site_page_with_a_note_and_history(admin_client, client, seeded_guide):
    page = GuidePart.objects.get(key="privacy")
    versions = page.history.count()
    body = page.body_markdown + "\n\n新加的一段：{anonymous_days} 天。\n"
    response = admin_client.post(
        f"/admin/guide/guidepart/{page.pk}/change/",
        form_data(page, body_markdown=body, change_note="补充一段"),
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    text = prose(client, "/privacy/")
    assert f"新加的一段：{anonymous_days()} 天。" in text
    assert "补充一段" in client.get("/privacy/").content.decode()
    assert page.history.count() == versions + 1
    page.refresh_from_db()
    assert page.is_site_page and page.key == "privacy"


def test_an_unknown_placeholder_on_a_site_page_is_refused_with_the_known_ones(
    admin_client, seeded_guide
):
    page = GuidePart.objects.get(key="privacy")
    response = admin_client.post(
        f"/admin/guide/guidepart/{page.pk}/change/",
        form_data(page, body_markdown="保留 {retention} 天，{ 单独的括号", change_note="改"),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "不认识的占位符 {retention}" in html and "{anonymous_days}" in html
    assert "有一个单独的 {" in html
    page.refresh_from_db()
    assert "{retention}" not in page.body_markdown


def test_braces_in_a_chapter_are_left_to_the_editor(admin_client, seeded_guide):
    chapter = seeded_guide[0]
    data = form_data(chapter, body_markdown="写成 {这样} 也可以。", change_note="改")
    data["wizard_stage"] = chapter.wizard_stage
    response = admin_client.post(f"/admin/guide/guidepart/{chapter.pk}/change/", data)
    assert response.status_code == 302


def test_the_preview_of_a_site_page_shows_it_as_readers_will(admin_client, seeded_guide):
    page = GuidePart.objects.get(key="privacy")
    response = admin_client.post(
        "/admin/guide/guidepart/preview/",
        form_data(page, body_markdown="保留 {anonymous_days} 天。"),
    )
    html = response.content.decode()
    assert f"保留 {anonymous_days()} 天。" in html
    assert "kr-pager" not in html and "在向导里开始" not in html


def test_the_admin_lists_site_pages_apart(admin_client, seeded_guide):
    html = admin_client.get("/admin/guide/guidepart/?kind__exact=site_page").content.decode()
    for title in SITE_PAGES.values():
        assert title in html
    assert seeded_guide[0].title not in html


# The footer


FOOTER_PAGES = ["/", "/guide/", "/guide/refundable/", "/privacy/", "/cases/", "/cases/new/",
                "/accounts/login/", "/no-such-page/"]  # fmt: skip


def footer_of(html: str) -> str:
    return html.split('<footer class="kr-footer">', 1)[1].split("</footer>", 1)[0]


@pytest.mark.parametrize("url", FOOTER_PAGES)
def test_every_page_says_free_unofficial_not_legal_advice_and_links_the_site_pages(
    client, seeded_guide, url
):
    footer = footer_of(client.get(url).content.decode())
    assert "免费、非官方、不是法律意见" in footer
    for key, title in SITE_PAGES.items():
        assert f'<a href="{ADDRESSES[key]}">{title}</a>' in footer
    assert "运营者" not in footer and "beian.miit.gov.cn" not in footer


def test_the_footer_names_the_operator_and_icp_number_when_set(client, seeded_guide, settings):
    settings.SITE_OPERATOR = "张三工作室"
    settings.SITE_ICP_NUMBER = "京ICP备12345678号"
    for url in ("/", "/guide/refundable/", "/cases/"):
        footer = footer_of(client.get(url).content.decode())
        assert "运营者：张三工作室" in footer
        icp = '<a href="https://beian.miit.gov.cn/" rel="noreferrer">京ICP备12345678号</a>'
        assert icp in footer
    # The second visit is served from the page cache, footer and all.
    assert "京ICP备12345678号" in footer_of(client.get("/guide/refundable/").content.decode())


def test_the_contact_page_gives_the_operators_address_or_says_there_is_none(
    client, seeded_guide, settings
):
    assert "运营者还没有在这里公布联系邮箱" in client.get("/contact/").content.decode()
    settings.SITE_CONTACT_EMAIL = "help@example.com"
    settings.SITE_OPERATOR = "张三工作室"
    from django.core.cache import caches

    from guide.page_cache import CACHE_ALIAS

    caches[CACHE_ALIAS].clear()  # a worker reads the settings when it starts
    html = client.get("/contact/").content.decode()
    assert '<a href="mailto:help@example.com">help@example.com</a>' in html
    assert "张三工作室" in html


def test_operator_variables_are_read_from_the_environment(monkeypatch):
    found = settings_read_with(
        monkeypatch,
        SITE_OPERATOR=" 张三工作室 ",
        SITE_ICP_NUMBER="京ICP备12345678号",
        SITE_CONTACT_EMAIL="help@example.com",
    )
    assert found["SITE_OPERATOR"] == "张三工作室"
    assert found["SITE_ICP_NUMBER"] == "京ICP备12345678号"
    assert found["SITE_CONTACT_EMAIL"] == "help@example.com"
    for name in ("SITE_OPERATOR", "SITE_ICP_NUMBER", "SITE_CONTACT_EMAIL"):
        monkeypatch.delenv(name)
    unset = settings_read_with(monkeypatch)
    assert unset["SITE_OPERATOR"] == unset["SITE_ICP_NUMBER"] == unset["SITE_CONTACT_EMAIL"] == ""


def test_a_contact_address_that_is_not_one_stops_the_server(monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured, match="SITE_CONTACT_EMAIL"):
        settings_read_with(monkeypatch, SITE_CONTACT_EMAIL="not an address")


def test_even_the_server_error_page_says_what_the_site_is():
    """templates/500.html renders without the database or tags: its links are typed out."""
    html = loader.get_template("500.html").render()
    assert "免费、非官方、不是法律意见" in html
    for key in SITE_PAGES:
        assert f'href="{reverse(key)}"' in html


WHO_SEES = importlib.import_module("guide.migrations.0008_site_pages_who_sees_your_data")


def test_the_about_page_agrees_with_the_privacy_page_on_who_can_see_the_data(client, seeded_guide):
    about = prose(client, "/about/")
    assert "只有你自己能看到" not in about
    assert "别的用户和编辑都看不到" in about and "运营者技术上能看到" in about
    assert "平台和 12315 的文字" in about


def test_the_correction_leaves_an_editors_own_wording_alone(seeded_guide):
    from django.apps import apps as django_apps

    WHO_SEES.backwards(django_apps, None)
    about = GuidePart.objects.get(key="about")
    assert "只有你自己能看到" in about.body_markdown
    about.body_markdown = about.body_markdown.replace("只有你自己能看到", "编辑改过的说法")
    about.save()
    WHO_SEES.forwards(django_apps, None)
    about.refresh_from_db()
    assert "编辑改过的说法" in about.body_markdown
    assert "别的用户和编辑都看不到" not in about.body_markdown
