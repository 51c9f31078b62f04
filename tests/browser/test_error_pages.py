"""The error pages in a real Chromium, each reached the way a browser meets it.

400: the site opened under a host name it does not serve (Chromium resolves any
*.localhost name to this machine, so the request reaches the live server with a
Host header Django refuses). 403: a form submitted after the browser dropped its
cookies. 405: the log-out address typed into the address bar (log-out takes only
POST). 500: a test-only URLconf whose view raises, with DEBUG off, so Django's own
handler500 renders templates/500.html. Lockout: the configured number of wrong
passwords typed into the login form.

Each page: zero axe violations, no sideways scroll at 360 px, a screenshot, a
Chinese statement of what happened and a way on.
"""

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.urls import path
from playwright.sync_api import expect

from config import urls as site_urls
from tests.browser.conftest import PHONE
from tests.browser.helpers import assert_accessible, assert_no_horizontal_scroll

pytestmark = pytest.mark.browser

PASSWORD = "Kameng-refund-2026"
SERVER_ERROR_PATH = "/test-only/server-error/"


def _raise(request):
    raise RuntimeError("test-only failure, to show the 500 page")


# The site's own addresses plus one view that fails (ROOT_URLCONF for the 500 test only).
urlpatterns = [path(SERVER_ERROR_PATH.strip("/") + "/", _raise), *site_urls.urlpatterns]


def _bad_request(page, live_server, settings) -> int:
    assert "kameng.localhost" not in settings.ALLOWED_HOSTS
    url = live_server.url.replace("://localhost:", "://kameng.localhost:", 1)
    assert url != live_server.url, live_server.url
    return page.goto(url + "/cases/").status


def _csrf_failure(page, live_server, settings) -> int:
    assert page.goto("/accounts/login/").status == 200
    # The form is still on screen, but the browser no longer has the CSRF cookie
    # (site data cleared, or the cookie gone while the tab stayed open).
    page.context.clear_cookies()
    main = page.get_by_role("main")
    main.get_by_label("用户名").fill("buyer")
    main.get_by_label("密码", exact=True).fill(PASSWORD)
    with page.expect_navigation() as navigation:
        main.get_by_role("button", name="登录").click()
    return navigation.value.status


def _method_not_allowed(page, live_server, settings) -> int:
    # Log-out takes only POST (the header's 退出 button); the address typed or bookmarked is a GET.
    return page.goto("/accounts/logout/").status


def _server_error(page, live_server, settings) -> int:
    assert settings.DEBUG is False, "with DEBUG on Django shows its technical page instead"
    settings.ROOT_URLCONF = __name__
    return page.goto(SERVER_ERROR_PATH).status


def _lockout(page, live_server, settings) -> int:
    get_user_model().objects.create_user(username="buyer", password=PASSWORD)
    assert page.goto("/accounts/login/").status == 200
    status = None
    for attempt in range(1, settings.AXES_FAILURE_LIMIT + 1):
        main = page.get_by_role("main")
        main.get_by_label("用户名").fill("buyer")
        main.get_by_label("密码", exact=True).fill(f"wrong-password-{attempt}")
        with page.expect_navigation() as navigation:
            main.get_by_role("button", name="登录").click()
        status = navigation.value.status
        if attempt < settings.AXES_FAILURE_LIMIT:
            assert status == 200, (attempt, status)
    return status


@dataclass(frozen=True)
class ErrorPage:
    reach: Callable
    status: int
    heading: str
    # Chinese text in <main> that says what happened or what to do next.
    says: tuple[str, ...]
    # Accessible names of the links home or on, inside <main>.
    way_on: tuple[str, ...]


ERROR_PAGES = {
    "bad-request": ErrorPage(
        _bad_request,
        400,
        "请求有误",
        ("本站看不懂", "请返回上一页再试一次"),
        ("回到首页", "查看我的案件"),
    ),
    "csrf-failure": ErrorPage(
        _csrf_failure,
        403,
        "页面已过期，请重新提交",
        ("表单需要从本站重新打开", "再刷新页面、重新提交"),
        ("回到首页", "查看我的案件"),
    ),
    "method-not-allowed": ErrorPage(
        _method_not_allowed,
        405,
        "这个地址不能这样打开",
        ("只用来接收表单，不能直接打开",),
        ("回到首页", "查看我的案件"),
    ),
    "server-error": ErrorPage(
        _server_error,
        500,
        "出错了",
        ("服务器出了点问题", "请稍后刷新再试"),
        ("回到首页",),
    ),
    "lockout": ErrorPage(
        _lockout,
        429,
        "登录失败次数太多，暂时锁定",
        (f"连续输错密码 {django_settings.AXES_FAILURE_LIMIT} 次", "分钟后会自动解锁"),
        ("回到首页", "重设密码"),
    ),
}

HOME_HREFS = {"卡盟退款指南": "/", "回到首页": "/", "查看我的案件": "/cases/"}


def _reach(name: str, page, live_server, settings) -> ErrorPage:
    error = ERROR_PAGES[name]
    status = error.reach(page, live_server, settings)
    assert status == error.status, f"{name}: {status}, expected {error.status}"
    page.wait_for_load_state("load")
    return error


def _assert_says_what_happened_and_offers_a_way_on(page, error: ErrorPage) -> None:
    main = page.get_by_role("main")
    expect(main.get_by_role("heading", level=1)).to_have_text(error.heading)
    assert page.get_by_role("heading", level=1).count() == 1
    for text in error.says:
        expect(main).to_contain_text(text)

    for name in error.way_on:
        link = main.get_by_role("link", name=name, exact=True)
        expect(link).to_be_visible()
        href = link.get_attribute("href")
        assert href and href.startswith("/"), (name, href)
        if name in HOME_HREFS:
            assert href == HOME_HREFS[name], (name, href)


@pytest.mark.parametrize("name", list(ERROR_PAGES))
def test_error_page_says_what_happened_and_has_no_axe_violations(
    page, live_server, transactional_db, settings, screenshot, name
):
    error = _reach(name, page, live_server, settings)
    _assert_says_what_happened_and_offers_a_way_on(page, error)
    assert_accessible(page, name)
    screenshot(page, f"error-{name}")


@pytest.mark.parametrize("name", list(ERROR_PAGES))
def test_error_page_on_a_phone_never_scrolls_sideways(
    phone_page, live_server, transactional_db, settings, screenshot, name
):
    error = _reach(name, phone_page, live_server, settings)
    assert phone_page.viewport_size == PHONE
    _assert_says_what_happened_and_offers_a_way_on(phone_page, error)
    assert_no_horizontal_scroll(phone_page, PHONE["width"])
    assert_accessible(phone_page, f"{name} (phone)")
    screenshot(phone_page, f"error-{name}-phone")
