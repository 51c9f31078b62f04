"""The journey's key steps with the keyboard alone: Tab to move, Space and Enter to act."""

import hashlib
import zipfile
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from tests.browser.helpers import signed_in_page
from tests.browser.test_journey import _png
from tests.browser.test_wizard_pages import PASSWORD

pytestmark = pytest.mark.browser

ACTIVE = """() => {
  const el = document.activeElement;
  return {tag: el.tagName.toLowerCase(), name: el.getAttribute('name') || '',
          value: el.value || '', text: (el.textContent || '').trim()};
}"""


def tab_to(page, *, max_presses: int = 80, **wanted) -> None:
    """Press Tab until the focused element matches every wanted attribute (tag, name, text…)."""
    for _ in range(max_presses):
        page.keyboard.press("Tab")
        active = page.evaluate(ACTIVE)
        if all(active[key] == value for key, value in wanted.items()):
            return
    raise AssertionError(f"Tab never reached {wanted}; stopped at {active}")


def test_start_a_case_and_answer_eligibility_by_keyboard(page, guide_parts):
    page.goto("/")
    tab_to(page, tag="a", text="开始退款向导")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("开始一个案件")

    tab_to(page, name="product_name")
    page.keyboard.type("和平精英 60 元点券")
    tab_to(page, tag="button", text="开始")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("第 1 步")

    # A radio group is one Tab stop: Space picks the focused (first) option.
    tab_to(page, name="goods_kind")
    page.keyboard.press("Space")
    tab_to(page, name="problems", value="late")
    page.keyboard.press("Space")
    tab_to(page, name="no_refund_notice")
    page.keyboard.press("Space")
    tab_to(page, name="fraud_signs")
    page.keyboard.press("Space")
    tab_to(page, name="payment_method")
    page.keyboard.press("Space")
    tab_to(page, tag="button", text="保存，先看结论")
    page.keyboard.press("Enter")

    expect(page.get_by_role("status").first).to_contain_text("已保存")
    expect(page.get_by_role("heading", name="可以申请退款")).to_be_visible()
    expect(page.get_by_label("游戏点卡 / 充值卡")).to_be_checked()
    expect(page.get_by_label("没有在约定时间内发货")).to_be_checked()
    expect(page.get_by_label("在平台下单付款")).to_be_checked()


def test_error_summary_links_move_focus_to_the_field(page, guide_parts):
    page.goto("/cases/new/")
    page.get_by_role("button", name="开始").click()
    page.get_by_role("button", name="保存，先看结论").click()
    summary = page.get_by_role("alert")
    expect(summary).to_be_visible()

    tab_to(page, tag="a", text="你买的是什么：请选择你买的商品类型。")
    page.keyboard.press("Enter")
    focused = page.evaluate(ACTIVE)
    assert focused["name"] == "goods_kind", focused


@pytest.fixture
def answered_case(transactional_db, guide_parts):
    """A signed-in buyer's case with eligibility answered and the order number filled in."""
    from cases.services.case import case_create
    from cases.services.eligibility import eligibility_save

    user = get_user_model().objects.create_user(username="keyboard", password=PASSWORD)
    case = case_create(owner=user, product_name="和平精英 60 元点券", platform_name="某卡盟")
    eligibility_save(
        case=case,
        answers={
            "goods_kind": "game_card",
            "problems": ["invalid_code"],
            "no_refund_notice": False,
            "fraud_signs": False,
            "payment_method": "platform",
            "amount": Decimal("60.00"),
        },
        version=0,
    )
    case.order_number = "KM20260401007"
    case.save()
    return user, case


def test_evidence_negotiation_and_appeal_by_keyboard(new_context, live_server, answered_case):
    """Upload a file, copy and log the negotiation message, download the appeal package."""
    user, case = answered_case
    permissions = ["clipboard-read", "clipboard-write"]
    page = signed_in_page(new_context, live_server, user, permissions=permissions)
    # Intercept file choosers from the start: Playwright turns interception on lazily, and
    # a key press sent right after can reach Chromium first (no "filechooser" event then).
    page.on("filechooser", lambda chooser: None)
    png = _png()
    page.goto(f"/cases/{case.pk}/")

    # Evidence: choose the kind with the arrow keys, open the file picker with Space.
    tab_to(page, tag="a", text="2. 证据")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("第 2 步")
    tab_to(page, name="kind")
    page.keyboard.press("ArrowDown")
    tab_to(page, name="description")
    page.keyboard.type("点券无效的截图")
    tab_to(page, name="file")
    with page.expect_file_chooser() as chooser:
        page.keyboard.press("Space")
    chooser.value.set_files({"name": "无效.png", "mimeType": "image/png", "buffer": png})
    tab_to(page, tag="button", text="保存这条证据")
    page.keyboard.press("Enter")
    expect(page.get_by_role("status").first).to_contain_text("已保存证据")
    # The fingerprint is kept with the item (存证详情), not printed into the message.
    assert hashlib.sha256(png).hexdigest() in page.content()
    assert case.evidence.get().description == "点券无效的截图"

    # Negotiation: copy the message, then log it as sent.
    page.goto(f"/cases/{case.pk}/")
    tab_to(page, tag="a", text="3. 协商")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("第 3 步")
    tab_to(page, tag="button", text="复制消息")
    page.keyboard.press("Enter")
    expect(page.locator("#message-copy-status")).to_have_text("已复制，可以粘贴到聊天窗口了。")
    copied = page.evaluate("() => navigator.clipboard.readText()")
    assert copied == page.get_by_label("发给商家的消息").input_value()
    assert "KM20260401007" in copied
    tab_to(page, tag="button", text="记下这次协商", max_presses=120)
    page.keyboard.press("Enter")
    expect(page.get_by_role("article").filter(has_text="第 1 次协商")).to_be_visible()
    assert case.negotiations.count() == 1

    # Appeal: download the package with Enter (the statement is saved first).
    page.goto(f"/cases/{case.pk}/")
    tab_to(page, tag="a", text="4. 平台申诉")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("第 4 步")
    tab_to(page, tag="button", text="下载压缩包", max_presses=120)
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    with zipfile.ZipFile(download.value.path()) as package:
        images = [name for name in package.namelist() if name.endswith(".png")]
        assert len(images) == 1 and package.read(images[0]) == png
