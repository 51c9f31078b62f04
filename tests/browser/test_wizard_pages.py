"""Every wizard and account page type: zero axe violations, no sideways scroll on a phone.

Error states are reached the way a user reaches them: submitting a form wrongly.
"""

import io
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from playwright.sync_api import expect

from tests.browser.conftest import PHONE
from tests.browser.helpers import (
    assert_accessible,
    assert_no_horizontal_scroll,
    open_message_choices,
    signed_in,
)

pytestmark = pytest.mark.browser

PASSWORD = "Kameng-refund-2026"


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (16, 16), (200, 30, 30)).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def wizard_data(transactional_db, guide_parts):
    """Return a user with one answered case (with evidence) and one blank case."""
    from cases.services.case import case_create
    from cases.services.eligibility import eligibility_save
    from cases.services.evidence import evidence_item_add

    user = get_user_model().objects.create_user(username="buyer", password=PASSWORD)
    case = case_create(owner=user, product_name="Steam 激活码", platform_name="某卡盟")
    eligibility_save(
        case=case,
        answers={
            "goods_kind": "licence",
            "problems": ["invalid_code"],
            "no_refund_notice": True,
            "fraud_signs": True,
            "payment_method": "platform",
            "amount": Decimal("128.00"),
        },
        version=0,
    )
    item = evidence_item_add(
        case=case,
        kind="transaction",
        description="订单详情页截图，订单号和金额清楚可见",
        upload=SimpleUploadedFile("order.png", _png()),
    )
    blank = case_create(owner=user, product_name="月卡会员", platform_name="")
    # Case record: a resolved case shows its result and the closing checklist.
    from cases.services import record as record_services

    resolved = case_create(owner=user, product_name="游戏点卡", platform_name="某卡盟")
    record_services.case_resolve(case=resolved, resolution="partly_refunded", note="退了 50 元")
    # Stages 3–5 under way: a negotiation past its deadline, a pending appeal, a complaint.
    from tests.case_records import add_children

    progressed = case_create(owner=user, product_name="Steam 钱包码", platform_name="某卡盟")
    add_children(progressed, _png())
    return {
        "user": user,
        "case": case,
        "item": item,
        "blank": blank,
        "resolved": resolved,
        "progressed": progressed,
    }


def _submit_signup_empty(page):
    page.get_by_role("main").get_by_role("button", name="注册").click()
    expect(page.get_by_role("alert")).to_be_visible()


def _submit_login_wrong(page):
    page.get_by_label("用户名").fill("buyer")
    page.get_by_label("密码", exact=True).fill("not-the-password")
    page.get_by_role("main").get_by_role("button", name="登录").click()
    expect(page.get_by_role("alert")).to_be_visible()


def _submit_eligibility_empty(page):
    page.get_by_role("button", name="保存，先看结论").click()
    expect(page.get_by_role("alert")).to_be_visible()


def _submit_evidence_item_empty(page):
    page.locator("#evidence-item-form").get_by_role("button", name="保存这条证据").click()
    expect(page.get_by_role("alert")).to_be_visible()


# Stage 4 — appeal


def _submit_appeal_log_empty(page):
    page.get_by_label("提交申诉的时间").fill("")
    page.get_by_role("button", name="记录这次申诉").click()
    expect(page.get_by_role("alert")).to_be_visible()


# Stage 3 — negotiation


def _submit_negotiation_message_without_deadline(page):
    open_message_choices(page)
    page.get_by_label("给商家的处理期限").fill("")
    page.get_by_role("button", name="按这些选择重新生成").click()
    expect(page.get_by_role("alert")).to_be_visible()


def _submit_negotiation_log_in_the_future(page):
    form = page.locator("#negotiation-attempt-form")
    form.get_by_label("发送时间").fill("2099-01-01T10:00")
    form.get_by_role("button", name="记下这次协商").click()
    expect(page.locator("#negotiation-attempt-form").get_by_role("alert")).to_be_visible()


def _submit_negotiation_outcome_from_a_stale_tab(page):
    other = page.context.new_page()
    other.goto(page.url)
    other.get_by_role("button", name="保存修改").click()
    expect(other.get_by_role("status").first).to_be_visible()
    other.close()
    attempt = page.get_by_role("article").first
    attempt.get_by_label("商家怎么回复的").fill("商家说明天处理")
    attempt.get_by_role("button", name="保存回复和结果").click()
    expect(page.get_by_role("alert")).to_contain_text("在别处更新过")
    expect(page.get_by_role("article").first.get_by_label("商家怎么回复的")).to_have_value(
        "商家说明天处理"
    )


# Stage 5 — escalation


def _submit_escalation_details_bad_phone(page):
    page.get_by_label("你的电话").fill("call me maybe")
    page.get_by_role("button", name="保存，更新下面的文字").click()
    expect(page.get_by_role("alert")).to_be_visible()


def _submit_escalation_record_empty(page):
    page.locator("#escalation-record-form").get_by_role("button", name="保存这条记录").click()
    expect(page.locator("#escalation-record-form").get_by_role("alert")).to_be_visible()


# Case record


def _submit_resolve_empty(page):
    page.locator("#resolve-form").get_by_role("button", name="记录结果").click()
    expect(page.get_by_role("alert")).to_be_visible()


def _submit_case_delete_unconfirmed(page):
    page.get_by_role("button", name="删除案件").click()
    expect(page.get_by_role("alert")).to_be_visible()


def _submit_account_delete_wrong(page):
    page.get_by_label("当前密码").fill("not-the-password")
    page.get_by_role("button", name="删除账号和全部数据").click()
    expect(page.get_by_role("alert")).to_be_visible()


def _submit_account_email_wrong(page):
    page.get_by_label("电子邮箱").fill("buyer@example.com")
    page.get_by_label("当前密码").fill("not-the-password")
    page.get_by_role("button", name="保存邮箱").click()
    expect(page.get_by_role("alert")).to_be_visible()
    expect(page.get_by_label("电子邮箱")).to_have_value("buyer@example.com")


# name: (signed in?, path, what the user does on it)
PAGES = {
    "signup": (False, "/accounts/signup/", None),
    "signup-errors": (False, "/accounts/signup/", _submit_signup_empty),
    "login": (False, "/accounts/login/", None),
    "login-errors": (False, "/accounts/login/", _submit_login_wrong),
    "password-reset": (False, "/accounts/password/reset/", None),
    "dashboard-anonymous": (False, "/cases/", None),
    "password-change": (True, "/accounts/password/change/", None),
    "dashboard": (True, "/cases/", None),
    "case-new": (True, "/cases/new/", None),
    "overview": (True, "/cases/{case}/", None),
    "overview-blank": (True, "/cases/{blank}/", None),
    "eligibility": (True, "/cases/{case}/eligibility/", None),
    "eligibility-errors": (True, "/cases/{blank}/eligibility/", _submit_eligibility_empty),
    "evidence": (True, "/cases/{case}/evidence/", None),
    "evidence-errors": (True, "/cases/{case}/evidence/", _submit_evidence_item_empty),
    "evidence-delete": (True, "/cases/{case}/evidence/{item}/delete/", None),
    # Stage 3 — negotiation
    "negotiation": (True, "/cases/{case}/negotiation/", None),
    "negotiation-errors": (
        True,
        "/cases/{case}/negotiation/",
        _submit_negotiation_message_without_deadline,
    ),
    "negotiation-log-errors": (
        True,
        "/cases/{case}/negotiation/",
        _submit_negotiation_log_in_the_future,
    ),
    "negotiation-overdue": (True, "/cases/{progressed}/negotiation/", None),
    "negotiation-conflict": (
        True,
        "/cases/{progressed}/negotiation/",
        _submit_negotiation_outcome_from_a_stale_tab,
    ),
    # Stage 4 — appeal
    "appeal": (True, "/cases/{case}/appeal/", None),
    "appeal-errors": (True, "/cases/{case}/appeal/", _submit_appeal_log_empty),
    "appeal-print": (True, "/cases/{case}/appeal/print/", None),
    "appeal-logged": (True, "/cases/{progressed}/appeal/", None),
    # Stage 5 — escalation
    "escalation": (True, "/cases/{case}/escalation/", None),
    "escalation-logged": (True, "/cases/{progressed}/escalation/", None),
    "escalation-errors": (
        True,
        "/cases/{case}/escalation/",
        _submit_escalation_details_bad_phone,
    ),
    "escalation-record-errors": (
        True,
        "/cases/{case}/escalation/",
        _submit_escalation_record_empty,
    ),
    "overview-progressed": (True, "/cases/{progressed}/", None),
    # Case record
    "overview-resolved": (True, "/cases/{resolved}/", None),
    "resolve-errors": (True, "/cases/{blank}/", _submit_resolve_empty),
    "case-delete": (True, "/cases/{case}/delete/", None),
    "case-delete-errors": (True, "/cases/{case}/delete/", _submit_case_delete_unconfirmed),
    "account": (True, "/accounts/", None),
    "account-delete": (True, "/accounts/delete/", None),
    "account-delete-errors": (True, "/accounts/delete/", _submit_account_delete_wrong),
    "account-deleted": (False, "/accounts/deleted/", None),
    "account-email": (True, "/accounts/email/", None),
    "account-email-errors": (True, "/accounts/email/", _submit_account_email_wrong),
}


def _open(new_context, live_server, data, name, **context_options):
    needs_login, path, action = PAGES[name]
    context = new_context(**context_options)
    if needs_login:
        signed_in(context, data["user"], live_server)
    page = context.new_page()
    url = path.format(
        case=data["case"].pk,
        blank=data["blank"].pk,
        item=data["item"].pk,
        resolved=data["resolved"].pk,
        progressed=data["progressed"].pk,
    )
    response = page.goto(url)
    assert response.status == 200, f"{url}: {response.status}"
    if action is not None:
        action(page)
    return page


@pytest.mark.parametrize("name", list(PAGES))
def test_page_has_no_axe_violations(new_context, live_server, wizard_data, screenshot, name):
    page = _open(new_context, live_server, wizard_data, name)
    assert_accessible(page, name)
    screenshot(page, name)


@pytest.mark.parametrize("name", list(PAGES))
def test_page_fits_a_phone(new_context, live_server, wizard_data, screenshot, name):
    page = _open(
        new_context, live_server, wizard_data, name, viewport=PHONE, is_mobile=True, has_touch=True
    )
    assert_no_horizontal_scroll(page, PHONE["width"])
    screenshot(page, f"{name}-phone")


@pytest.mark.parametrize("name", ["overview", "eligibility", "evidence-errors"])
def test_dark_mode_has_no_axe_violations(new_context, live_server, wizard_data, screenshot, name):
    page = _open(new_context, live_server, wizard_data, name, color_scheme="dark")
    assert_accessible(page, f"{name} (dark)")
    screenshot(page, f"{name}-dark")
