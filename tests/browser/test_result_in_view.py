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


def test_a_new_piece_of_evidence_is_in_view_after_adding_it(new_context, live_server, buyer_case):
    user, case = buyer_case
    page = signed_in_page(new_context, live_server, user)
    page.goto(f"/cases/{case.pk}/evidence/")
    open_section(page, "添加一条证据")
    form = page.locator("form", has=page.get_by_label("简短说明"))
    form.get_by_label("证据类型").select_option(label="沟通记录")
    form.get_by_label("简短说明").fill("商家说卡密已发放，无法回收")
    form.get_by_role("button", name="保存这条证据").click()
    item = page.locator(".kr-evidence-item").filter(has_text="商家说卡密已发放")
    expect(item).to_be_in_viewport()
    expect(item).to_be_focused()


def test_a_logged_complaint_is_in_view_after_saving_it(new_context, live_server, buyer_case):
    from django.utils import timezone

    user, case = buyer_case
    page = signed_in_page(new_context, live_server, user)
    page.goto(f"/cases/{case.pk}/escalation/")
    open_section(page, "投诉和报案记录")
    form = page.locator("#escalation-record-form")
    form.get_by_label("12315 消费投诉").check()
    form.get_by_label("提交日期").fill(timezone.localdate().isoformat())
    form.get_by_role("button", name="保存这条记录").click()
    expect(page.locator(".kr-escalation-record")).to_be_in_viewport()
    expect(page.locator("#log-title")).to_be_focused()
