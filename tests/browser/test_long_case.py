"""A case with 20 messages and 50 evidence items, on a phone: every record is one tap away.

Issue 18: the pages list the newest few records; each "show all" link leads to the full
list, opened where the buyer tapped, accessible and no wider than the phone.
"""

import pytest
from django.contrib.auth import get_user_model

from bench.filled import GROWN_ATTEMPTS, GROWN_ITEMS, filled_case
from tests.browser.helpers import assert_accessible, assert_no_horizontal_scroll, signed_in

pytestmark = [pytest.mark.browser, pytest.mark.sections_as_served]

SCREEN = {"width": 360, "height": 800}


@pytest.fixture
def long_case(transactional_db, guide_parts):
    user = get_user_model().objects.create_user(username="buyer", password="Kameng-2026-pw")
    return user, filled_case(user, attempts=GROWN_ATTEMPTS, items=GROWN_ITEMS)


def _full_list(page, label: str) -> None:
    assert "?all=1" in page.url
    assert_no_horizontal_scroll(page, SCREEN["width"])
    assert_accessible(page, label)


def test_every_record_of_a_long_case_is_one_tap_away(new_context, live_server, long_case):
    user, case = long_case
    context = new_context(viewport=SCREEN, is_mobile=True, has_touch=True)
    signed_in(context, user, live_server)
    page = context.new_page()

    # Evidence: the newest of each kind; 显示全部 on a kind's line lists all 50, at that kind.
    page.goto(f"/cases/{case.pk}/evidence/")
    assert page.locator(".kr-evidence-item").count() == 4
    page.locator("#kind-communication").get_by_role("link", name="显示全部").click()
    page.wait_for_url("**/evidence/?all=1#kind-communication")
    assert page.locator(".kr-evidence-item").count() == GROWN_ITEMS
    _full_list(page, "evidence ?all=1")

    # Negotiation: the latest three; the log's link lists all 20, the log open.
    page.goto(f"/cases/{case.pk}/negotiation/")
    page.locator("#log > summary").click()
    assert page.locator(".kr-negotiation-attempt").count() == 3
    page.get_by_role("link", name=f"显示全部 {GROWN_ATTEMPTS} 次协商").click()
    page.wait_for_url("**/negotiation/?all=1#log-title")
    assert page.locator(".kr-negotiation-attempt").count() == GROWN_ATTEMPTS
    assert page.locator(".kr-negotiation-attempt").first.is_visible()
    _full_list(page, "negotiation ?all=1")

    # Appeal: the package's first files; the rest listed one by one on request.
    page.goto(f"/cases/{case.pk}/appeal/")
    page.locator("#package > summary").click()
    page.get_by_role("link", name="逐个列出全部").click()
    page.wait_for_url("**/appeal/?all=1#package-title")
    assert page.locator(".kr-pack__file").count() == GROWN_ITEMS + 1  # and the description
    assert page.locator(".kr-pack__file").last.is_visible()
    _full_list(page, "appeal ?all=1")

    # Overview: the newest lines of the timeline; the whole timeline, open, on request.
    page.goto(f"/cases/{case.pk}/")
    page.locator("#timeline > summary").click()
    page.get_by_role("link", name="显示完整时间线").click()
    page.wait_for_url("**/?all=1#timeline")
    assert page.locator(".kr-timeline li").count() == case.events.count()
    assert page.locator(".kr-timeline li").last.is_visible()
    _full_list(page, "overview ?all=1")
