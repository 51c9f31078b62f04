"""Fixtures for real-browser tests: a live server and Debian's Chromium via Playwright.

Playwright's sync API keeps an asyncio loop in the main thread, and Django then
refuses ORM calls from that thread (SynchronousOnlyOperation). The tests only
touch the database between browser steps, never concurrently, so that guard
is switched off while the browser runs (not in `pytest -m "not browser"`).
"""

import os
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.test import testcases

# Evidence files have no public URL (MEDIA_URL is None), so the live server must
# not publish MEDIA_ROOT the way Django's test server would; only the owner's
# download view serves them, as in production.
testcases._MediaFilesHandler._should_handle = lambda self, path: False

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
FAILED_SCREENSHOTS = SCREENSHOTS / "failed"  # emptied as a run starts (tests/conftest.py)
# Full-page screenshots of the pages the tests name cost a second or more each, so they are
# taken on request only (`SCREENSHOTS=1 make test`). A failing browser test always leaves
# screenshots of its open pages in test-artifacts/screenshots/failed/.
SCREENSHOTS_WANTED = os.environ.get("SCREENSHOTS", "").strip() not in {"", "0"}
OPEN_CONTEXTS = pytest.StashKey[list]()


# Debian's chromium-headless-shell first: the Blink and V8 of the chromium package (the same
# version: both come from one source package) without the desktop browser around them, as
# Playwright itself runs headless Chromium. Opening a page there costs about a third, and
# the browser tests take less than half the CPU (the wizard pages: 46 s against 108 s).
# CHROMIUM=/usr/bin/chromium runs them in the full browser (--headless=new) instead.
BROWSERS = ["chromium-headless-shell", "chromium"]


def _chromium_path() -> str | None:
    if os.environ.get("CHROMIUM"):
        return shutil.which(os.environ["CHROMIUM"])
    for name in BROWSERS:
        if Path("/usr/bin", name).exists():
            return f"/usr/bin/{name}"
    return next(filter(None, map(shutil.which, BROWSERS)), None)


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    """Keep evidence uploaded through the live server out of the real store."""
    settings.MEDIA_ROOT = tmp_path / "private-media"
    return settings.MEDIA_ROOT


@pytest.fixture(scope="session")
def browser():
    """Yield one headless Chromium for the whole session."""
    executable = _chromium_path()
    if executable is None:
        if not os.environ.get("CI"):
            pytest.skip(
                "Chromium is not installed (apt-get install chromium-headless-shell "
                "fonts-noto-cjk); browser tests run in CI"
            )
        pytest.fail("CI is set but Chromium is missing: browser tests may not skip in CI.")
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            args = CHROMIUM_ARGS
            if "headless-shell" not in executable:
                args = ["--headless=new", *args]
            chromium = playwright.chromium.launch(executable_path=executable, args=args)
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


# Stage pages fold their parts into sections that open one at a time (issue 14). Tests of
# other behaviour (journeys, keyboard order, forms) see every section open, as a buyer who
# has tapped each one would; tests marked sections_as_served see the page as it is served
# (tests/browser/test_page_heights.py, test_save_and_continue.py, test_result_in_view.py).
# Without JavaScript there is no init script: those tests tap the summaries themselves.
OPEN_SECTIONS = """
document.addEventListener("DOMContentLoaded", () => {
  for (const section of document.querySelectorAll("details.kr-section, details[name]")) {
    section.removeAttribute("name");
    section.open = true;
  }
});
"""


@pytest.fixture
def new_context(request, browser, live_server) -> Iterator[Callable]:
    """Return a factory of fresh browser contexts (own cookies) on the live server."""
    contexts = request.node.stash.setdefault(OPEN_CONTEXTS, [])

    folded = request.node.get_closest_marker("sections_as_served") is not None

    def make(**options):
        options.setdefault("viewport", DESKTOP)
        options.setdefault("locale", "zh-CN")
        options.setdefault("timezone_id", "Asia/Shanghai")
        context = browser.new_context(base_url=live_server.url, **options)
        context.set_default_timeout(10_000)
        if not folded:
            context.add_init_script(OPEN_SECTIONS)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_context):
    """Return a page in a fresh desktop context."""
    return new_context().new_page()


@pytest.fixture
def phone_page(new_context):
    """Return a page in a fresh 360×740 phone context."""
    return new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()


@pytest.fixture
def guide_parts(transactional_db, seeded_guide):
    """Return the published guide parts, re-seeded after the live server's flush."""
    return seeded_guide


@pytest.fixture
def screenshot() -> Callable:
    """Return a function saving a full-page screenshot as test-artifacts/screenshots/<name>.png.

    Only with SCREENSHOTS=1 in the environment; otherwise it takes none and returns None.
    """

    def take(page, name: str) -> Path | None:
        if not SCREENSHOTS_WANTED:
            return None
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


def _save_open_pages(item: pytest.Item) -> list[Path]:
    """Save a full-page screenshot of every page the test still has open."""
    contexts = item.stash.get(OPEN_CONTEXTS, [])
    pages = [page for context in contexts for page in context.pages if not page.is_closed()]
    if not pages:
        return []
    FAILED_SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    stem = re.sub(r"[^\w.-]+", "_", item.nodeid.removeprefix("tests/browser/"))
    saved = []
    for number, page in enumerate(pages, start=1):
        path = FAILED_SCREENSHOTS / f"{stem}-{number}.png"
        try:
            page.screenshot(path=str(path), full_page=True, timeout=5_000)
        except Exception:  # a crashed page must not hide the real failure
            continue
        saved.append(path)
    return saved


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    """When a browser test fails, screenshot its open pages before the contexts close."""
    report = yield
    if report.failed and report.when in {"setup", "call"}:
        saved = _save_open_pages(item)
        if saved:
            report.sections.append(("screenshots", "\n".join(map(str, saved))))
    return report


@pytest.fixture
def buyer_case(transactional_db):
    """Return a signed-up buyer and their new case, nothing answered yet."""
    from django.contrib.auth import get_user_model

    from cases.services.case import case_create

    user = get_user_model().objects.create_user(username="buyer", password="Kameng-refund-2026")
    case = case_create(owner=user, product_name="王者荣耀 100 元点卡", platform_name="某卡盟")
    return user, case
