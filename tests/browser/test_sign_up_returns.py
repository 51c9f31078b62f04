"""A signed-out buyer signs up or logs in from a stage page and lands back on it, case and all.

On a phone (360 × 800): every page on the way has no sideways scroll and no axe violations.
"""

import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from tests.browser.helpers import assert_accessible, assert_no_horizontal_scroll

pytestmark = pytest.mark.browser

PASSWORD = "Kameng-refund-2026"
PRODUCT = "王者荣耀 100 元点卡"
PHONE = {"viewport": {"width": 360, "height": 800}, "is_mobile": True, "has_touch": True}


def check_page(page, label: str, screenshot=None) -> None:
    assert_no_horizontal_scroll(page)
    assert_accessible(page, label)
    if screenshot is not None:
        screenshot(page, label.replace(" ", "-") + "-phone")


def start_case_signed_out(page, screenshot=None):
    """Start a case from the start page as a signed-out buyer; return it."""
    from cases.models import Case

    page.goto("/cases/new/")
    expect(page.get_by_role("main")).to_contain_text("大约 10 分钟")
    check_page(page, "start page", screenshot)
    page.get_by_label("买的是什么商品？").fill(PRODUCT)
    page.get_by_role("button", name="开始").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("第 1 步")
    return Case.objects.get()


def test_sign_up_from_a_stage_page_lands_back_on_it_with_the_case(
    new_context, live_server, transactional_db, screenshot
):
    page = new_context(**PHONE).new_page()
    case = start_case_signed_out(page, screenshot)
    stage = f"/cases/{case.pk}/evidence/"
    page.goto(stage)
    expect(page.get_by_role("heading", level=1)).to_contain_text("第 2 步")

    # The one-line warning under the header of every stage page (cases/_sign_up_banner.html).
    page.get_by_role("link", name=re.compile("^注册账号")).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("注册账号")
    check_page(page, "sign-up page")

    # A mistyped confirmation: the error sits under 密码确认, and the way back survives it.
    page.get_by_label("用户名").fill("kameng-buyer")
    page.get_by_label("密码", exact=True).fill(PASSWORD)
    page.get_by_label("密码确认").fill(PASSWORD + "x")
    page.get_by_role("main").get_by_role("button", name="注册").click()
    expect(page.locator("#id_password2_error")).to_contain_text("两次输入的密码不一样")
    expect(page.locator("#id_password1_error")).to_have_count(0)
    check_page(page, "sign-up page with errors", screenshot)

    page.get_by_label("密码", exact=True).fill(PASSWORD)
    page.get_by_label("密码确认").fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name="注册").click()

    expect(page).to_have_url(live_server.url + stage)
    expect(page.get_by_role("heading", level=1)).to_contain_text("第 2 步")
    expect(page.get_by_text("1 个案件已转进你的账号")).to_be_visible()
    expect(page.get_by_role("button", name="退出")).to_be_visible()
    check_page(page, "stage page after sign-up")
    case.refresh_from_db()
    assert case.owner.username == "kameng-buyer"


def test_log_in_from_a_stage_page_lands_back_on_it_with_the_case(
    new_context, live_server, transactional_db
):
    user = get_user_model().objects.create_user(username="kameng-buyer", password=PASSWORD)
    page = new_context(**PHONE).new_page()
    case = start_case_signed_out(page)
    stage = f"/cases/{case.pk}/eligibility/"
    expect(page).to_have_url(live_server.url + stage)

    page.get_by_role("navigation", name="主导航").get_by_role("link", name="登录").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("登录")
    check_page(page, "log-in page")

    page.get_by_label("用户名").fill("kameng-buyer")
    page.get_by_label("密码", exact=True).fill("not-the-password")
    page.get_by_role("main").get_by_role("button", name="登录").click()
    expect(page.get_by_role("alert")).to_contain_text("用户名或密码不对")
    check_page(page, "log-in page with errors")

    page.get_by_label("密码", exact=True).fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name="登录").click()

    expect(page).to_have_url(live_server.url + stage)
    expect(page.get_by_role("heading", level=1)).to_contain_text("第 1 步")
    expect(page.get_by_text("1 个案件已转进你的账号")).to_be_visible()
    check_page(page, "stage page after log-in")
    case.refresh_from_db()
    assert case.owner == user
