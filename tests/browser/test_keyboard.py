"""The journey's key steps with the keyboard alone: Tab to move, Space and Enter to act."""

import pytest
from playwright.sync_api import expect

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
    tab_to(page, tag="button", text="保存答案")
    page.keyboard.press("Enter")

    expect(page.get_by_role("status").first).to_contain_text("已保存")
    expect(page.get_by_role("heading", name="可以申请退款")).to_be_visible()
    expect(page.get_by_label("游戏点卡 / 充值卡")).to_be_checked()
    expect(page.get_by_label("没有在约定时间内发货")).to_be_checked()
    expect(page.get_by_label("在平台下单付款")).to_be_checked()


def test_error_summary_links_move_focus_to_the_field(page, guide_parts):
    page.goto("/cases/new/")
    page.get_by_role("button", name="开始").click()
    page.get_by_role("button", name="保存答案").click()
    summary = page.get_by_role("alert")
    expect(summary).to_be_visible()

    tab_to(page, tag="a", text="你买的是什么？：请选择你买的商品类型。")
    page.keyboard.press("Enter")
    focused = page.evaluate(ACTIVE)
    assert focused["name"] == "goods_kind", focused
