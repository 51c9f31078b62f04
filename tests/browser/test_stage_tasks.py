"""Where am I: every stage page names its step and holds the five steps (issue 14)."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP
from tests.browser.helpers import assert_accessible, signed_in

pytestmark = [pytest.mark.browser, pytest.mark.sections_as_served]

PHONE_SCREEN = {"width": 360, "height": 800}


@pytest.mark.parametrize(
    "stage", ["eligibility", "evidence", "negotiation", "appeal", "escalation"]
)
def test_the_five_steps_are_one_tap_away_on_a_phone(new_context, live_server, buyer_case, stage):
    user, case = buyer_case
    context = new_context(viewport=PHONE_SCREEN, is_mobile=True, has_touch=True)
    signed_in(context, user, live_server)
    page = context.new_page()
    page.goto(f"/cases/{case.pk}/{stage}/")
    number = ["eligibility", "evidence", "negotiation", "appeal", "escalation"].index(stage) + 1
    expect(page.locator(".kr-step-count")).to_have_text(f"第 {number} 步，共 5 步")
    steps = page.locator(".kr-stage-tasks li")
    expect(steps.first).to_be_hidden()
    page.get_by_text("全部五个步骤").click()
    expect(steps).to_have_count(5)
    expect(steps.nth(number - 1).locator("[aria-current=step]")).to_be_visible()
    assert_accessible(page, stage)


def test_the_five_steps_sit_beside_the_page_on_a_wide_screen(new_context, live_server, buyer_case):
    user, case = buyer_case
    context = new_context(viewport=DESKTOP)
    signed_in(context, user, live_server)
    page = context.new_page()
    page.goto(f"/cases/{case.pk}/negotiation/")
    steps = page.locator(".kr-stage-tasks ol")
    expect(steps).to_be_visible()
    beside = steps.bounding_box()
    heading = page.get_by_role("heading", level=1).bounding_box()
    assert beside["x"] + beside["width"] <= heading["x"], (beside, heading)
    page.locator(".kr-stage-tasks").get_by_role("link", name="2. 证据").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("第 2 步")
