"""Leaving step 1 by its way on keeps every answer, with JavaScript and without."""

import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from tests.browser.helpers import signed_in_page
from tests.browser.test_wizard_pages import PASSWORD

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_save_and_continue_keeps_the_answers(
    new_context, live_server, transactional_db, javascript
):
    from cases.services.case import case_create

    user = get_user_model().objects.create_user(username="buyer", password=PASSWORD)
    case = case_create(owner=user, product_name="王者荣耀 100 元点卡", platform_name="某卡盟")
    page = signed_in_page(new_context, live_server, user, java_script_enabled=javascript)
    page.goto(f"/cases/{case.pk}/eligibility/")
    page.get_by_role("group", name="你买的是什么？").get_by_label("游戏点卡 / 充值卡").check()
    page.get_by_label("没有在约定时间内发货").check()
    page.get_by_role("group", name=re.compile("不支持退款")).get_by_label("否").check()
    page.get_by_role("group", name="有没有商家欺诈的迹象？").get_by_label("否").check()
    page.get_by_label("在平台下单付款").check()
    wanted = page.get_by_role("group", name="你想要什么结果？").get_by_label("全额退款")
    wanted.check()
    page.get_by_label("金额（元）").fill("100")
    page.get_by_role("button", name="保存并继续：整理证据").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("第 2 步")
    page.goto(f"/cases/{case.pk}/eligibility/")
    expect(page.get_by_label("没有在约定时间内发货")).to_be_checked()
    expect(
        page.get_by_role("group", name="你想要什么结果？").get_by_label("全额退款")
    ).to_be_checked()
    expect(page.get_by_label("金额（元）")).to_have_value("100.00")
