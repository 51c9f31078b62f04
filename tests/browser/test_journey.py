"""The newcomer's journey, as a buyer would make it, with and without JavaScript.

Home → a guide part → start the wizard without an account → eligibility →
sign up (the case moves into the account) → evidence with a real PNG upload →
log out → log in from a new browser → everything is still there.
"""

import hashlib
import io
import re

import pytest
from PIL import Image
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PASSWORD = "Kameng-refund-2026"
PRODUCT = "王者荣耀 100 元点卡"
ORDER_NUMBER = "KM20260315001"


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 40), (30, 120, 200)).save(buffer, "PNG")
    return buffer.getvalue()


def read_guide_and_start_wizard(page, parts) -> None:
    page.goto("/")
    page.get_by_role("main").get_by_role("link", name="阅读指南").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("退款指南")
    page.get_by_role("link", name=parts[0].title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(parts[0].title)
    page.get_by_role("main").get_by_role(
        "link", name=re.compile("在向导里开始|开始退款向导")
    ).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("开始一个案件")


def start_case(page) -> None:
    page.get_by_label("买的是什么商品？").fill(PRODUCT)
    page.get_by_label("在哪个平台买的？").fill("某卡盟")
    page.get_by_role("button", name="开始").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("第 1 步")


def answer_eligibility(page) -> None:
    page.get_by_role("group", name="你买的是什么？").get_by_label("游戏点卡 / 充值卡").check()
    page.get_by_label("没有在约定时间内发货").check()
    page.get_by_role("group", name=re.compile("不支持退款")).get_by_label("否").check()
    page.get_by_role("group", name="有没有商家欺诈的迹象？").get_by_label("否").check()
    page.get_by_label("在平台下单付款").check()
    page.get_by_label("金额（元）").fill("68.00")
    page.get_by_role("button", name="保存答案").click()
    expect(page.get_by_role("status").first).to_contain_text("已保存")
    expect(page.get_by_role("heading", name="可以申请退款")).to_be_visible()


def sign_up(page, username: str) -> None:
    page.get_by_role("link", name=PRODUCT).first.click()  # breadcrumb to the overview
    page.get_by_role("complementary").get_by_role("link", name="注册账号").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("注册账号")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码", exact=True).fill(PASSWORD)
    page.get_by_label("密码确认").fill(PASSWORD)
    page.get_by_role("button", name="注册").click()
    expect(page.get_by_text("1 个案件已转进你的账号")).to_be_visible()
    expect(page.get_by_role("button", name="退出")).to_be_visible()


def add_evidence(page, png: bytes) -> None:
    page.goto(page.url)  # the overview, whatever the sign-up redirected to
    page.get_by_role("main").get_by_role("link", name=re.compile("证据")).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("第 2 步")
    form = page.locator("#evidence-item-form")
    form.get_by_label("证据类型").select_option(label="交易记录（订单截图）")
    form.get_by_label("简短说明").fill("订单详情页截图")
    form.get_by_label("文件（可选）").set_input_files(
        {"name": "订单截图.png", "mimeType": "image/png", "buffer": png}
    )
    form.get_by_role("button", name="保存这条证据").click()
    expect(page.get_by_text(hashlib.sha256(png).hexdigest(), exact=True)).to_be_visible()

    record = page.get_by_role("form", name="交易记录")
    record.get_by_label("订单号").fill(ORDER_NUMBER)
    record.get_by_label("商家ID").fill("seller-8848")
    record.get_by_role("button", name="保存交易记录").click()
    expect(page.get_by_text("交易记录已保存")).to_be_visible()


def log_out(page) -> None:
    page.get_by_role("button", name="退出").click()
    expect(
        page.get_by_role("navigation", name="主导航").get_by_role("link", name="登录")
    ).to_be_visible()


def log_in_and_find_everything(page, username: str, png: bytes) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("我的案件")

    page.get_by_role("link", name=PRODUCT).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(PRODUCT)
    tasks = page.locator(".kr-task-list")
    expect(tasks.get_by_role("listitem").nth(0)).to_contain_text("已完成")
    expect(tasks.get_by_role("listitem").nth(1)).not_to_contain_text("未开始")
    facts = page.locator(".kr-summary-list")
    expect(facts).to_contain_text(ORDER_NUMBER)
    expect(facts).to_contain_text("68.00")
    expect(facts).to_contain_text("可以申请退款")
    expect(page.locator(".kr-timeline")).to_contain_text("订单详情页截图")

    page.get_by_role("main").get_by_role("link", name=re.compile("证据")).first.click()
    expect(page.get_by_text(hashlib.sha256(png).hexdigest(), exact=True)).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="下载原文件").click()
    assert download.value.path().read_bytes() == png


def run_journey(new_context, parts, *, javascript: bool, username: str) -> None:
    png = _png()
    first = new_context(java_script_enabled=javascript).new_page()
    read_guide_and_start_wizard(first, parts)
    start_case(first)
    answer_eligibility(first)
    sign_up(first, username)
    add_evidence(first, png)
    # Later stages join here as they land: negotiation (copy the message),
    # appeal (download the package).
    log_out(first)

    second = new_context(java_script_enabled=javascript).new_page()
    log_in_and_find_everything(second, username, png)


def test_newcomer_journey_with_javascript(new_context, guide_parts):
    run_journey(new_context, guide_parts, javascript=True, username="newcomer")


def test_newcomer_journey_without_javascript(new_context, guide_parts):
    run_journey(new_context, guide_parts, javascript=False, username="nojs-newcomer")
