"""The newcomer's journey, as a buyer would make it, with and without JavaScript.

Home → a guide part → start the wizard without an account → eligibility →
sign up (the case moves into the account) → evidence with a real PNG upload →
the negotiation message copied and the attempt logged → the appeal package
downloaded and opened → log out → log in from a new browser → everything is
still there.
"""

import hashlib
import io
import json
import re
import zipfile

import pytest
from PIL import Image
from playwright.sync_api import expect

from tests.browser.helpers import open_section, open_stage

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PASSWORD = "Kameng-refund-2026"
PRODUCT = "王者荣耀 100 元点卡"
ORDER_NUMBER = "KM20260315001"
APPEAL_NOTE = "补充：商家至今没有发货，也没有回复我的协商消息。"
CLIPBOARD = ["clipboard-read", "clipboard-write"]


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
    open_section(page, "买了什么")
    page.get_by_role("group", name="你买的是什么？").get_by_label("游戏点卡 / 充值卡").check()
    page.get_by_role("group", name=re.compile("不支持退款")).get_by_label("否").check()
    open_section(page, "出了什么问题")
    page.get_by_label("没有在约定时间内发货").check()
    page.get_by_role("group", name="有没有商家欺诈的迹象？").get_by_label("否").check()
    open_section(page, "付款和时间")
    page.get_by_label("在平台下单付款").check()
    page.get_by_label("金额（元）").fill("68.00")
    open_section(page, "你想要什么结果")
    page.get_by_role("group", name="你想要什么结果？").get_by_label("全额退款").check()
    page.get_by_role("button", name="保存，先看结论").click()
    expect(page.get_by_role("status").first).to_contain_text("已保存")
    expect(page.get_by_role("heading", name="可以申请退款")).to_be_visible()


def sign_up(page, username: str) -> None:
    # The breadcrumb to the overview (on a stage page, a button that keeps the page's input).
    page.get_by_role("navigation", name="当前位置").get_by_text(PRODUCT).click()
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
    # The fingerprint is one tap away, under 存证详情.
    page.locator(".kr-evidence-item__proof").get_by_text("存证详情").click()
    expect(page.get_by_text(hashlib.sha256(png).hexdigest(), exact=True)).to_be_visible()

    if page.locator("#record").get_attribute("open") is None:  # as served, without JavaScript
        page.locator("#record > summary").click()
    record = page.get_by_role("form", name="交易记录")
    record.get_by_label("订单号").fill(ORDER_NUMBER)
    record.get_by_label("商家ID").fill("seller-8848")
    record.get_by_role("button", name="保存交易记录").click()
    expect(page.get_by_text("交易记录已保存")).to_be_visible()


def copy_negotiation_message(page, *, javascript: bool) -> str:
    """Copy the generated message (the button, or by hand without JS) and log it as sent."""
    open_stage(page, "协商", 3)
    open_section(page, "给商家的消息")
    message = page.get_by_label("发给商家的消息")
    text = message.input_value()
    # Built from what the buyer entered earlier: the product, the order, the problem.
    for fact in (PRODUCT, ORDER_NUMBER, "还没有收到商品"):
        assert fact in text, f"{fact!r} missing from the message:\n{text}"
    assert "【待补充" not in text, text
    if javascript:
        page.get_by_role("button", name="复制消息").click()
        expect(page.locator("#message-copy-status")).to_have_text("已复制，可以粘贴到聊天窗口了。")
        assert page.evaluate("() => navigator.clipboard.readText()") == text
    else:
        # No script, no copy button at work: the text sits in an editable box and
        # the page says how to copy it by hand.
        expect(page.get_by_text("复制按钮不能用时")).to_be_visible()
        expect(message).to_be_editable()

    open_section(page, "发出去了？记下来")
    sent = page.locator("#negotiation-attempt-form")
    expect(sent.get_by_label("发送的内容")).to_have_value(text)
    sent.get_by_role("button", name="记下这次协商").click()
    logged = page.get_by_role("article").filter(has_text="第 1 次协商")
    expect(logged).to_be_visible()
    expect(logged).to_contain_text("等待商家回复")
    return text


def download_appeal_package(page, png: bytes) -> None:
    """Edit the appeal statement, save it and download the ZIP; open it and check every entry."""
    open_stage(page, "平台申诉", 4)
    statement = page.get_by_role("textbox", name="申诉说明", exact=True)
    written = statement.input_value()
    assert ORDER_NUMBER in written, written
    statement.fill(f"{written.rstrip()}\n{APPEAL_NOTE}")
    package = page.locator("#package")
    if package.get_attribute("open") is None:  # without JavaScript the section is as served
        package.locator("summary").click()
    with page.expect_download() as download:
        page.get_by_role("button", name="下载压缩包").click()
    assert download.value.suggested_filename.endswith(".zip")
    with zipfile.ZipFile(download.value.path()) as package:
        assert package.testzip() is None
        names = package.namelist()
        images = [name for name in names if name.endswith(".png")]
        assert images and images[0].startswith("01-订单截图"), names
        assert package.read(images[0]) == png
        assert {"申诉说明.txt", "manifest.json"} <= set(names), names
        assert any(name.endswith("问题描述.txt") for name in names), names
        cover = package.read("申诉说明.txt").decode("utf-8-sig")
        assert APPEAL_NOTE in cover and ORDER_NUMBER in cover, cover
        assert hashlib.sha256(png).hexdigest() in cover, cover
        manifest = json.loads(package.read("manifest.json"))
        fingerprints = json.dumps(manifest, ensure_ascii=False)
        assert hashlib.sha256(png).hexdigest() in fingerprints, manifest


def log_out(page) -> None:
    page.get_by_role("button", name="退出").click()
    expect(
        page.get_by_role("navigation", name="主导航").get_by_role("link", name="登录")
    ).to_be_visible()


def log_in_and_find_everything(page, username: str, png: bytes, message: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码", exact=True).fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("我的案件")

    page.get_by_role("link", name=PRODUCT).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(PRODUCT)
    tasks = page.locator(".kr-task-list")
    expect(tasks.get_by_role("listitem").nth(0)).to_contain_text("已完成")
    expect(tasks.get_by_role("listitem").nth(1)).not_to_contain_text("未开始")
    facts = page.locator(".kr-summary-list")
    expect(facts).to_contain_text(ORDER_NUMBER)
    expect(facts).to_contain_text("68 元")
    expect(facts).to_contain_text("可以申请退款")
    expect(page.locator(".kr-timeline")).to_contain_text("订单详情页截图")
    expect(page.locator(".kr-timeline")).to_contain_text("给商家发了协商消息")
    expect(tasks.get_by_role("listitem").nth(2)).not_to_contain_text("未开始")
    expect(tasks.get_by_role("listitem").nth(3)).not_to_contain_text("未开始")

    open_stage(page, "协商", 3)
    logged = page.get_by_role("article").filter(has_text="第 1 次协商")
    expect(logged).to_contain_text("等待商家回复")
    assert logged.locator("details .kr-package__text").text_content().strip() == message.strip()

    open_stage(page, "平台申诉", 4)
    expect(page.get_by_role("textbox", name="申诉说明", exact=True)).to_contain_text(APPEAL_NOTE)
    expect(page.locator(".kr-package__list")).to_contain_text("01-订单截图")

    page.get_by_role("navigation", name="当前位置").get_by_text(PRODUCT).click()

    page.get_by_role("main").get_by_role("link", name=re.compile("证据")).first.click()
    page.locator(".kr-evidence-item__proof").get_by_text("存证详情").click()
    expect(page.get_by_text(hashlib.sha256(png).hexdigest(), exact=True)).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="下载原文件").click()
    assert download.value.path().read_bytes() == png


def run_journey(new_context, parts, *, javascript: bool, username: str) -> None:
    png = _png()
    permissions = CLIPBOARD if javascript else []
    first = new_context(java_script_enabled=javascript, permissions=permissions).new_page()
    read_guide_and_start_wizard(first, parts)
    start_case(first)
    answer_eligibility(first)
    sign_up(first, username)
    add_evidence(first, png)
    message = copy_negotiation_message(first, javascript=javascript)
    download_appeal_package(first, png)
    log_out(first)

    second = new_context(java_script_enabled=javascript).new_page()
    log_in_and_find_everything(second, username, png, message)


def test_newcomer_journey_with_javascript(new_context, guide_parts):
    run_journey(new_context, guide_parts, javascript=True, username="newcomer")


def test_newcomer_journey_without_javascript(new_context, guide_parts):
    run_journey(new_context, guide_parts, javascript=False, username="nojs-newcomer")
