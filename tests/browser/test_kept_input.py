"""Signed out while filling a form: the buyer logs in again and finds what they typed.

With JavaScript the evidence form is posted by htmx, which swaps only successful
answers; site.js then posts it the ordinary way so the buyer sees the answer.
"""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from playwright.sync_api import expect

from tests.browser.helpers import assert_accessible, signed_in_page
from tests.browser.test_wizard_pages import PASSWORD, _png

pytestmark = pytest.mark.browser


@pytest.fixture
def buyer_case(transactional_db):
    from cases.services.case import case_create

    user = get_user_model().objects.create_user(username="buyer", password=PASSWORD)
    case = case_create(owner=user, product_name="Steam 激活码", platform_name="某卡盟")
    return user, case


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_evidence_typed_while_signed_out_comes_back_after_logging_in(
    new_context, live_server, buyer_case, tmp_path, screenshot, javascript
):
    user, case = buyer_case
    page = signed_in_page(new_context, live_server, user, java_script_enabled=javascript)
    page.goto(f"/cases/{case.pk}/evidence/")
    form = page.locator("#evidence-item-form")
    form.get_by_label("证据类型").select_option(label="沟通记录")
    form.get_by_label("简短说明").fill("商家答应 15 分钟内激活，2 小时后还不能用")
    image = tmp_path / "chat.png"
    image.write_bytes(_png())
    form.get_by_label("文件（可选）").set_input_files(str(image))

    Session.objects.all().delete()  # the login expired, or a password change elsewhere
    form.get_by_role("button", name="保存这条证据").click()

    expect(page.get_by_role("heading", name="你刚才填写的内容没有丢")).to_be_visible()
    if javascript:  # axe runs as page script: not in a context with JavaScript off
        assert_accessible(page, "kept input")
        screenshot(page, "kept-input")
    assert not case.evidence.exists()

    page.get_by_role("link", name="重新登录").click()
    page.get_by_label("用户名").fill("buyer")
    page.get_by_label("密码", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="登录").click()

    page.wait_for_url(f"**/cases/{case.pk}/evidence/")
    expect(page.get_by_text("已经存成草稿填回去了")).to_be_visible()
    expect(page.get_by_text("文件没法暂存，请重新选择")).to_be_visible()
    form = page.locator("#evidence-item-form")
    expect(form.get_by_label("简短说明")).to_have_value("商家答应 15 分钟内激活，2 小时后还不能用")
    expect(form.get_by_label("证据类型")).to_have_value("communication")


@pytest.mark.parametrize("failure", ["offline", "server-error"])
def test_a_save_that_does_not_go_through_says_so_and_keeps_the_input(
    new_context, live_server, buyer_case, failure
):
    user, case = buyer_case
    page = signed_in_page(new_context, live_server, user)
    page.goto(f"/cases/{case.pk}/evidence/")
    form = page.locator("#evidence-item-form")
    form.get_by_label("简短说明").fill("订单详情页截图")
    if failure == "offline":
        page.context.set_offline(True)
        expected = "没有连上网络，这次没有保存"
    else:
        page.route("**/evidence/add/", lambda route: route.fulfill(status=500, body="error"))
        expected = "网站出了点问题，这次可能没有保存"
    form.get_by_role("button", name="保存这条证据").click()

    expect(form.get_by_role("alert")).to_contain_text(expected)
    expect(form.get_by_label("简短说明")).to_have_value("订单详情页截图")
    assert page.url.endswith(f"/cases/{case.pk}/evidence/")
    assert not case.evidence.exists()


def test_the_sellers_answer_typed_while_signed_out_is_shown_back_to_copy(
    new_context, live_server, buyer_case, screenshot
):
    from django.utils import timezone

    from cases.services import negotiation as negotiation_services

    user, case = buyer_case
    negotiation_services.attempt_log(
        case=case, sent_at=timezone.now(), deadline=None, message="请在今天 17:00 前处理。"
    )
    page = signed_in_page(new_context, live_server, user)
    page.goto(f"/cases/{case.pk}/negotiation/")
    attempt = page.get_by_role("article").filter(has_text="第 1 次协商")
    attempt.get_by_label("商家怎么回复的").fill("卡密已发放，无法回收")
    attempt.get_by_label("商家拒绝").check()

    Session.objects.all().delete()
    attempt.get_by_role("button", name="保存回复和结果").click()

    expect(page.get_by_role("heading", name="这次没能保存：先把你写的文字复制下来")).to_be_visible()
    expect(page.locator(".kr-kept dd")).to_have_text("卡密已发放，无法回收")
    assert_accessible(page, "kept text")
    screenshot(page, "kept-text")
