"""Stage 3 in the real browser: live tone check, one-tap copy, and the same page with JS off."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import PHONE
from tests.browser.helpers import (
    assert_accessible,
    assert_no_horizontal_scroll,
    open_message_choices,
    open_section,
    signed_in_page,
)

pytestmark = pytest.mark.browser

ORDER = "KM202611250777"


@pytest.fixture
def negotiation_case(transactional_db, guide_parts):
    from cases.services import negotiation as negotiation_services
    from cases.services.case import case_create

    user = get_user_model().objects.create_user(username="buyer", password="Kameng-refund-2026")
    case = case_create(owner=user, product_name="Steam 激活码", platform_name="某卡盟")
    case.order_number, case.problems, case.payment_method = ORDER, ["invalid_code"], "platform"
    case.save()
    # One attempt whose deadline has passed: the page shows the overdue state and the log.
    negotiation_services.attempt_log(
        case=case,
        sent_at=timezone.now() - timedelta(days=2),
        deadline=timezone.now() - timedelta(days=1),
        message=f"你好，订单号{ORDER}……否则我将向平台申诉。",
    )
    return user, case


def test_live_tone_check_and_one_tap_copy(new_context, live_server, negotiation_case, screenshot):
    user, case = negotiation_case
    page = signed_in_page(new_context, live_server, user, f"/cases/{case.pk}/negotiation/")
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    message = page.get_by_label("发给商家的消息")
    expect(message).to_contain_text(ORDER)
    tone = page.locator("#tone-region")
    expect(tone).to_contain_text("没发现威胁商家的话")

    message.fill(f"订单号{ORDER}的卡密用不了。不退款就给差评！")
    expect(tone).to_contain_text("“不退款就给差评”")
    expect(tone).to_contain_text("恶意维权")
    screenshot(page, "negotiation-tone-flagged")

    message.fill(f"订单号{ORDER}的卡密用不了，请今天处理，否则我将向平台申诉。")
    expect(tone).to_contain_text("没发现威胁商家的话")

    page.get_by_role("button", name="复制消息").click()
    expect(page.locator("#message-copy-status")).to_have_text("已复制，可以粘贴到聊天窗口了。")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == message.input_value()


def test_message_edit_tone_check_and_log_work_without_javascript(
    new_context, live_server, negotiation_case
):
    user, case = negotiation_case
    page = signed_in_page(
        new_context,
        live_server,
        user,
        f"/cases/{case.pk}/negotiation/",
        java_script_enabled=False,
    )
    open_section(page, "给商家的消息")
    message = page.get_by_label("发给商家的消息")
    message.fill("再不处理我就曝光你们")
    page.get_by_role("button", name="检查语气").click()
    expect(page.locator("#tone-region")).to_contain_text("“曝光你”")

    edited = f"你好，订单号{ORDER}的卡密提示已被使用，请今天 17:00 前退款，否则我将向平台申诉。"
    page.get_by_label("发给商家的消息").fill(edited)
    page.get_by_role("button", name="保存修改").click()
    expect(page.get_by_role("status")).to_contain_text("已保存你改过的消息")
    expect(page.get_by_label("发给商家的消息")).to_have_value(edited)

    open_section(page, "发出去了？记下来")
    page.get_by_role("button", name="记下这次协商").click()
    open_section(page, "协商记录")
    expect(page.get_by_role("heading", name="第 2 次协商")).to_be_visible()


def test_negotiation_page_is_accessible_and_fits_a_phone(
    new_context, live_server, negotiation_case, screenshot
):
    user, case = negotiation_case
    page = signed_in_page(new_context, live_server, user, f"/cases/{case.pk}/negotiation/")
    expect(page.get_by_text("期限已过").first).to_be_visible()
    assert_accessible(page, "negotiation")

    open_message_choices(page)
    page.get_by_label("给商家的处理期限").fill("2020-01-01T17:00")
    page.get_by_role("button", name="按这些选择重新生成").click()
    expect(page.get_by_role("alert")).to_contain_text("期限要选将来的时间")
    assert_accessible(page, "negotiation-errors")

    phone = signed_in_page(
        new_context,
        live_server,
        user,
        f"/cases/{case.pk}/negotiation/",
        viewport=PHONE,
        is_mobile=True,
        has_touch=True,
    )
    assert_no_horizontal_scroll(phone, PHONE["width"])
    screenshot(phone, "negotiation-phone")


def test_the_rules_name_and_words_show_once_the_buyer_cites_one(
    new_context, live_server, negotiation_case
):
    user, case = negotiation_case
    page = signed_in_page(new_context, live_server, user, f"/cases/{case.pk}/negotiation/")
    open_section(page, "给商家的消息")
    # The message's choices wait behind a tap; their summary says what the message uses now.
    choices = page.locator("#message-choices summary")
    expect(choices).to_contain_text("不引用平台规则")
    expect(page.get_by_label("给商家的处理期限")).to_be_hidden()
    open_message_choices(page)
    name = page.get_by_label("规则名称（引用时填写）")
    expect(name).to_be_hidden()
    page.get_by_label("引用我在平台上找到的规则").check()
    expect(name).to_be_visible()
    expect(page.get_by_label("这条规则怎么规定的（引用时填写）")).to_be_visible()
    name.fill("虚拟商品售后条例")
    page.get_by_label("这条规则怎么规定的（引用时填写）").fill("无效商品须在 24 小时内退款")
    page.get_by_role("button", name="按这些选择重新生成").click()
    expect(page.locator("#message-choices summary")).to_contain_text("引用《虚拟商品售后条例》")

    # Paid by private transfer: the choices say a platform's rule rarely binds the other side.
    case.payment_method = "private"
    case.save()
    page.goto(f"{live_server.url}/cases/{case.pk}/negotiation/")
    open_section(page, "给商家的消息")
    expect(page.get_by_label("先不引用平台规则")).to_be_hidden()
    open_message_choices(page)
    expect(page.get_by_text("卡盟平台的规则一般管不到对方")).to_be_visible()
    expect(page.get_by_label("先不引用平台规则")).to_be_visible()
    expect(page.get_by_label("给商家的处理期限")).to_be_visible()
    assert_accessible(page, "negotiation, private transfer")


def test_the_sum_paid_back_is_asked_once_a_partial_refund_is_chosen(
    new_context, live_server, negotiation_case
):
    user, case = negotiation_case
    page = signed_in_page(new_context, live_server, user, f"/cases/{case.pk}/negotiation/")
    open_section(page, "协商记录")
    back = page.get_by_label("商家退回了多少钱？（元）")
    expect(back).to_be_hidden()
    page.get_by_label("部分退款").check()
    expect(back).to_be_visible()
    back.fill("50")
    page.get_by_role("button", name="保存回复和结果").click()
    open_section(page, "协商记录")
    expect(page.get_by_label("商家退回了多少钱？（元）")).to_have_value("50.00")
