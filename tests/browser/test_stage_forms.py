"""Stage forms htmx enhances: with or without JavaScript, what was saved is on the page.

htmx posts these forms in place; on success the page must show the new record
without the buyer having to reload it.
"""

import re
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.helpers import open_section, signed_in_page
from tests.browser.test_wizard_pages import PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture
def answered_case(transactional_db):
    from cases.services.case import case_create
    from cases.services.eligibility import eligibility_save

    user = get_user_model().objects.create_user(username="buyer", password=PASSWORD)
    case = case_create(owner=user, product_name="Steam 激活码", platform_name="某卡盟")
    eligibility_save(
        case=case,
        answers={
            "goods_kind": "licence",
            "problems": ["invalid_code"],
            "no_refund_notice": False,
            "fraud_signs": False,
            "payment_method": "platform",
            "amount": Decimal("128.00"),
        },
        version=0,
    )
    return user, case


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_logged_negotiation_shows_at_once(new_context, live_server, answered_case, javascript):
    user, case = answered_case
    page = signed_in_page(new_context, live_server, user, java_script_enabled=javascript)
    page.goto(f"/cases/{case.pk}/negotiation/")
    open_section(page, "协商记录")
    expect(page.get_by_text("还没有记录协商。")).to_be_visible()
    open_section(page, "发出去了？记下来")
    page.locator("#negotiation-attempt-form").get_by_role("button", name="记下这次协商").click()
    logged = page.get_by_role("article").filter(has_text="第 1 次协商")
    expect(logged).to_be_visible()
    expect(logged).to_contain_text("等待商家回复")
    expect(page.get_by_text("已记下这次协商")).to_be_visible()
    assert case.negotiations.count() == 1


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_logged_complaint_shows_at_once(new_context, live_server, answered_case, javascript):
    user, case = answered_case
    page = signed_in_page(new_context, live_server, user, java_script_enabled=javascript)
    page.goto(f"/cases/{case.pk}/escalation/")
    open_section(page, "投诉和报案记录")
    form = page.locator("#escalation-record-form")
    form.get_by_label("12315 消费投诉").check()
    form.get_by_label("提交日期").fill(timezone.localdate().isoformat())
    form.get_by_label("受理号 / 投诉编号").fill("1231520260001")
    form.get_by_role("button", name="保存这条记录").click()
    logged = page.locator(".kr-escalation-record")
    expect(logged).to_have_count(1)
    expect(logged).to_contain_text("12315 消费投诉")
    expect(logged).to_contain_text("1231520260001")
    expect(page.locator("details", has=page.locator("#log-title"))).not_to_contain_text(
        "还没有记录。"
    )
    assert list(case.escalations.values_list("reference", flat=True)) == ["1231520260001"]


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_an_invalid_negotiation_log_keeps_what_was_typed(
    new_context, live_server, answered_case, javascript
):
    user, case = answered_case
    page = signed_in_page(new_context, live_server, user, java_script_enabled=javascript)
    page.goto(f"/cases/{case.pk}/negotiation/")
    open_section(page, "发出去了？记下来")
    form = page.locator("#negotiation-attempt-form")
    form.get_by_label("发送时间").fill("2099-01-01T10:00")
    form.get_by_label("发送的内容").fill("我自己改过的消息")
    form.get_by_role("button", name="记下这次协商").click()
    form = page.locator("#negotiation-attempt-form")
    expect(form.get_by_role("alert")).to_contain_text(re.compile("将来"))
    expect(form.get_by_label("发送的内容")).to_have_value("我自己改过的消息")
    assert case.negotiations.count() == 0


def test_the_verdict_says_a_private_transfer_has_no_platform_protection(
    new_context, live_server, answered_case
):
    user, case = answered_case
    page = signed_in_page(new_context, live_server, user)
    page.goto(f"/cases/{case.pk}/eligibility/")
    verdict = page.locator("#verdict-region")
    expect(verdict.get_by_role("heading", name="可以申请退款")).to_be_visible()
    page.get_by_label("私下转账（如微信转账）").check()
    expect(verdict.get_by_role("heading", name="可以要求退款，但没有平台保障")).to_be_visible()
    expect(verdict).to_contain_text("没有平台的付款保障")
    expect(verdict.locator(".kr-verdict--yes_unprotected")).to_be_visible()


def test_a_service_that_does_not_work_is_a_seller_fault(new_context, live_server, answered_case):
    user, case = answered_case
    page = signed_in_page(new_context, live_server, user)
    page.goto(f"/cases/{case.pk}/eligibility/")
    page.get_by_label("卡密 / 激活码无效或显示“已被使用”").uncheck()
    page.get_by_label("其他", exact=True).last.check()
    verdict = page.locator("#verdict-region")
    expect(verdict.get_by_role("heading", name="还不能判断")).to_be_visible()
    page.get_by_label("账号、会员或服务用不了，或者没有开通").check()
    expect(verdict.get_by_role("heading", name="可以申请退款")).to_be_visible()
    expect(verdict).to_contain_text("商家没有提供你买的服务")
