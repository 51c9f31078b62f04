"""Checks shared by the browser tests: axe-core, horizontal overflow, keyboard, sign-in."""

import re
from functools import cache
from pathlib import Path

import axe_playwright_python
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@cache
def _axe_source() -> str:
    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text()


def axe_violations(page) -> list[dict]:
    """Run axe-core (WCAG 2.2 A/AA rules) on the page and return its violations.

    page.evaluate runs through the DevTools protocol, which the page's CSP does
    not govern, so axe is injected without weakening the site's policy.
    """
    page.evaluate(_axe_source())
    results = page.evaluate(
        "options => axe.run(document, options)",
        {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]},
    )
    return results["violations"]


def format_violations(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        lines.append(f"  {violation['helpUrl']}")
        for node in violation["nodes"][:5]:
            lines.append(f"    target {node['target']}: {node.get('failureSummary', '')!r}")
    return "\n".join(lines)


def assert_accessible(page, label: str = "") -> None:
    """Fail with rule ids, targets and help if axe finds any WCAG 2.2 A/AA violation."""
    violations = axe_violations(page)
    where = f"{label} ({page.url})" if label else page.url
    assert not violations, f"axe violations on {where}:\n{format_violations(violations)}"


def assert_no_horizontal_scroll(page, width: int = 360) -> None:
    """Fail if the page is wider than the phone's viewport, naming the widest elements."""
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    if scroll_width <= width:
        return
    culprits = page.evaluate(
        """width => [...document.querySelectorAll('body *')]
            .filter(el => el.getBoundingClientRect().right > width)
            .slice(0, 8)
            .map(el => el.tagName.toLowerCase() + (el.className ? '.' + el.className : '')
                 + ' right=' + Math.round(el.getBoundingClientRect().right))""",
        width,
    )
    raise AssertionError(
        f"{page.url}: scrollWidth {scroll_width} > {width}; overflowing: {culprits}"
    )


def signed_in(context, user, live_server) -> None:
    """Give the browser context a session of this user, without going through the login page."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}]
    )


def signed_in_page(new_context, live_server, user, path: str | None = None, **options):
    """Return a page of a new browser context signed in as user, opened at path if given.

    Context options (viewport, java_script_enabled, permissions …) pass through;
    page.context is the context, for permissions or going offline later.
    """
    context = new_context(**options)
    signed_in(context, user, live_server)
    page = context.new_page()
    if path is not None:
        response = page.goto(path)
        assert response.status == 200, f"{path}: {response.status}"
    return page


def open_section(page, title: str) -> None:
    """Tap the summary of a folded stage section (issue 14) unless it is open already."""
    summary = page.locator("summary").filter(has_text=title).first
    if summary.locator("xpath=..").get_attribute("open") is None:
        summary.click()


def open_message_choices(page) -> None:
    """Tap 期限和平台规则, folded above the message to the seller, unless it is open already."""
    choices = page.locator("#message-choices")
    if choices.get_attribute("open") is None:
        choices.locator("summary").click()


def open_stage(page, name: str, step: int) -> None:
    """From any case page: the task list — on a stage page one tap away under the step count."""
    tasks = page.locator(".kr-stage-tasks")
    if tasks.count():
        if tasks.get_attribute("open") is None:
            tasks.locator("summary").click()
    else:
        tasks = page.locator(".kr-task-list")
    tasks.get_by_role("link", name=re.compile(name)).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"第 {step} 步")
