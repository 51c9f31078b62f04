"""Stage 5 in the real browser: one copy button per field, accessible on a phone."""

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from tests.browser.conftest import PHONE
from tests.browser.helpers import assert_accessible, assert_no_horizontal_scroll, signed_in_page

pytestmark = pytest.mark.browser

ORDER = "KM202603010600"
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
