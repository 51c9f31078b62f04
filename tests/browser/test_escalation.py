"""Stage 5 in the real browser: one copy button per field, accessible on a phone."""

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from bench.filled import answered_case
from cases.services.case import case_create
from tests.browser.conftest import PHONE
from tests.browser.helpers import assert_accessible, assert_no_horizontal_scroll, signed_in_page

pytestmark = pytest.mark.browser

ORDER = "KM202603010600"
SCREEN = {"width": 360, "height": 800}
SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def escalation_case(transactional_db, guide_parts):
    """A 600 元 case whose appeal was rejected: police, 12315 and 黑猫 are all advised."""
    from cases.models import AppealRecord
    from cases.services.case import case_create

    user = get_user_model().objects.create_user(username="buyer", password="Kameng-refund-2026")
    case = case_create(owner=user, product_name="Steam 激活码", platform_name="某卡盟")
    case.order_number, case.amount = ORDER, Decimal("600")
    case.ordered_at = datetime(2026, 3, 1, 9, 15, tzinfo=SHANGHAI)
    case.problems, case.payment_method, case.fraud_signs = ["invalid_code"], "platform", False
    case.save()
    AppealRecord.objects.create(
        case=case,
        submitted_at=datetime(2026, 3, 4, 20, 30, tzinfo=SHANGHAI),
        ticket_number="T-600",
        outcome="rejected",
    )
    return user, case


def test_each_field_copies_on_its_own(new_context, live_server, escalation_case, screenshot):
    user, case = escalation_case
    page = signed_in_page(new_context, live_server, user, f"/cases/{case.pk}/escalation/")
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)

    facts = page.locator("#c12315-facts")
    expect(facts).to_contain_text(ORDER)
    page.locator('[data-copy-target="c12315-facts"]').click()
    expect(page.locator("#c12315-facts-status")).to_have_text(
        "已复制“争议事实（按时间顺序）”，粘贴到对应网站或表格的同名栏里。"
    )
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == facts.input_value()
    assert ORDER in copied and "2026年3月4日 20:30" in copied and "600 元" in copied

    # Another field copies only itself; the first field's status stays as it was.
    page.locator('[data-copy-target="police-amount"]').click()
    assert page.evaluate("navigator.clipboard.readText()") == "600 元"
    expect(page.locator("#police-amount-status")).to_contain_text("涉案金额")
    screenshot(page, "escalation-copied")


def test_escalation_page_is_accessible_on_a_phone(new_context, live_server, escalation_case):
    user, case = escalation_case
    page = signed_in_page(
        new_context,
        live_server,
        user,
        f"/cases/{case.pk}/escalation/",
        viewport=PHONE,
        is_mobile=True,
        has_touch=True,
    )
    expect(page.get_by_role("heading", name="第 5 步：外部维权")).to_be_visible()
    assert_accessible(page, "escalation")
    assert_no_horizontal_scroll(page)


@pytest.mark.sections_as_served
@pytest.mark.parametrize("shape", ["blank", "private", "private_fraud"])
def test_the_escalation_page_fits_three_phone_screens(new_context, live_server, guide_parts, shape):
    """Issue 14: a fresh case, and a private transfer (where every channel has its card)."""
    user = get_user_model().objects.create_user(username="tall", password="Kameng-refund-2026")
    if shape == "blank":
        case = case_create(owner=user, product_name="王者荣耀 100 元点卡", platform_name="某卡盟")
    else:
        fraud = True if shape == "private_fraud" else None
        case = answered_case(user, payment_method="private", fraud_signs=fraud)
    page = signed_in_page(
        new_context,
        live_server,
        user,
        f"/cases/{case.pk}/escalation/",
        viewport=SCREEN,
        is_mobile=True,
        has_touch=True,
    )
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height <= 3 * SCREEN["height"], f"{shape}: {height} px"
    # The strongest advice is read whole; every other channel shows its name and verdict,
    # its reasons one tap away.
    cards = page.locator(".kr-channel")
    first = cards.first
    expect(first.locator("li").first).to_be_visible()
    for index in range(1, cards.count()):
        card = cards.nth(index)
        expect(card.get_by_role("heading")).to_be_visible()
        expect(card.locator(".kr-tag")).to_be_visible()
        expect(card.locator("ul li").first).to_be_hidden()
    if shape != "blank":
        # The payment channel's how-to (in the bill's details) after one tap.
        later = cards.filter(has_text="向付款渠道投诉")
        later.locator("summary").click()
        expect(later.get_by_text("账单详情")).to_be_visible()
    assert_no_horizontal_scroll(page, SCREEN["width"])
    assert_accessible(page, f"escalation, {shape}")
