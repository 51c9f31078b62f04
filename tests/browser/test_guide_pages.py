"""A reader's way through the public guide pages in a real Chromium."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE
from tests.browser.helpers import assert_accessible, assert_no_horizontal_scroll

pytestmark = pytest.mark.browser

# Page types of the public site; the part is the first seeded guide part.
PAGE_TYPES = {
    "home": "/",
    "guide-contents": "/guide/",
    "guide-part": "/guide/{slug}/",
    "not-found": "/guide/no-such-part/",
}


def _url(name: str, parts) -> str:
    return PAGE_TYPES[name].format(slug=parts[0].slug)


def test_reader_goes_from_home_to_contents_to_a_part_by_visible_links(
    page, guide_parts, screenshot
):
    page.goto("/")
    assert page.get_by_role("heading", level=1).count() == 1
    screenshot(page, "home")

    page.get_by_role("main").get_by_role("link", name="阅读指南").click()
    page.wait_for_url("**/guide/")
    assert page.get_by_role("heading", level=1, name="退款指南").is_visible()
    screenshot(page, "guide-contents")

    second = guide_parts[1]
    page.get_by_role("link", name=second.title).click()
    page.wait_for_url(f"**/guide/{second.slug}/")
    assert page.get_by_role("heading", level=1, name=second.title).is_visible()
    screenshot(page, "guide-part")

    # The pager leads on and back again.
    page.get_by_role("link", name=guide_parts[2].title).click()
    page.wait_for_url(f"**/guide/{guide_parts[2].slug}/")
    page.get_by_role("link", name=second.title).click()
    page.wait_for_url(f"**/guide/{second.slug}/")


@pytest.mark.parametrize("name", list(PAGE_TYPES))
def test_page_type_has_no_axe_violations(page, guide_parts, name):
    response = page.goto(_url(name, guide_parts))
    assert response.status == (404 if name == "not-found" else 200)
    assert_accessible(page, name)


@pytest.mark.parametrize("name", ["home", "guide-part"])
def test_dark_mode_has_no_axe_violations(new_context, guide_parts, screenshot, name):
    page = new_context(color_scheme="dark").new_page()
    page.goto(_url(name, guide_parts))
    # The dark palette really applies, so axe checks its contrast, not the light one.
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background != "rgb(255, 255, 255)"
    assert_accessible(page, f"{name} (dark)")
    screenshot(page, f"{name}-dark")


@pytest.mark.parametrize("name", list(PAGE_TYPES))
def test_phone_viewport_never_scrolls_sideways(phone_page, guide_parts, screenshot, name):
    phone_page.goto(_url(name, guide_parts))
    assert phone_page.viewport_size == PHONE
    assert_no_horizontal_scroll(phone_page, PHONE["width"])
    screenshot(phone_page, f"{name}-phone")


def test_first_tab_reaches_skip_link_and_enter_moves_to_main(page, guide_parts):
    page.goto(_url("guide-part", guide_parts))
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "({text: document.activeElement.textContent.trim(),"
        " href: document.activeElement.getAttribute('href')})"
    )
    assert focused == {"text": "跳到正文", "href": "#main"}
    box = page.get_by_role("link", name="跳到正文").bounding_box()
    assert box is not None and box["x"] >= 0 and box["y"] >= 0, "skip link is off-screen"

    page.keyboard.press("Enter")
    page.wait_for_url("**#main")
    assert page.evaluate("document.activeElement.id") == "main"
    # The next Tab continues inside main, not back in the header.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('main') !== null")


def test_a_part_prints_without_the_site_chrome(page, guide_parts):
    part = guide_parts[0]
    page.goto(_url("guide-part", guide_parts))
    assert page.locator(".kr-header").is_visible()
    page.emulate_media(media="print")
    assert not page.locator(".kr-header").is_visible()
    assert not page.locator(".kr-footer").is_visible()
    assert page.get_by_role("heading", level=1, name=part.title).is_visible()
    # The body text stays, in black on white.
    body = page.locator(".kr-prose").first
    assert body.is_visible()
    assert body.evaluate("el => getComputedStyle(el).color") == "rgb(0, 0, 0)"


def test_a_heading_link_shared_before_the_md_prefix_still_lands(
    phone_page, live_server, guide_parts
):
    part = guide_parts[-1]
    phone_page.goto(f"{live_server.url}/guide/{part.slug}/")
    headings = phone_page.locator("main [id^='md-']")
    last = headings.nth(headings.count() - 1)
    old_anchor = last.get_attribute("id").removeprefix("md-")
    phone_page.goto(f"{live_server.url}/guide/{part.slug}/#{old_anchor}")
    expect(last).to_be_in_viewport()
    expect(last).to_be_focused()
