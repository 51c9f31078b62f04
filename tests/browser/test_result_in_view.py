"""After a save the buyer lands on what changed, with focus moved there (issue 14)."""

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import open_section, signed_in_page
from tests.browser.test_save_and_continue import answer_the_first_questions

pytestmark = [pytest.mark.browser, pytest.mark.sections_as_served]


def test_the_verdict_is_in_view_after_saving_step_1(new_context, live_server, buyer_case):
    user, case = buyer_case
    page = signed_in_page(new_context, live_server, user)
    page.goto(f"/cases/{case.pk}/eligibility/")
    answer_the_first_questions(page)
    open_section(page, "付款和时间")
    page.get_by_label("在平台下单付款").check()
    page.get_by_role("button", name="保存，先看结论").click()
    verdict = page.locator("#verdict-title")
    expect(verdict).to_be_in_viewport()
    expect(verdict).to_be_focused()


def test_a_logged_message_is_in_view_after_saving_it(new_context, live_server, buyer_case):
    user, case = buyer_case
    page = signed_in_page(new_context, live_server, user)
    page.goto(f"/cases/{case.pk}/negotiation/")
    open_section(page, "发出去了？记下来")
    page.get_by_role("button", name="记下这次协商").click()
    entry = page.get_by_role("heading", name="第 1 次协商")
    expect(entry).to_be_in_viewport()
    expect(page.locator("#log-title")).to_be_focused()
