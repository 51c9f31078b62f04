"""Nothing typed on a stage page is lost, whichever way the buyer leaves it (issue 14).

With JavaScript the page keeps a draft while the buyer types and once more as the page is
left (a link in the breadcrumb or the header, the back button). Without JavaScript the way
on, 保存并继续, is a button that saves first.
"""

import re
import time

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import open_section, signed_in_page

pytestmark = [pytest.mark.browser, pytest.mark.sections_as_served]


def answer_the_first_questions(page) -> None:
    open_section(page, "买了什么")
    page.get_by_role("group", name="你买的是什么？").get_by_label("游戏点卡 / 充值卡").check()
    page.get_by_role("group", name=re.compile("不支持退款")).get_by_label("否").check()
    open_section(page, "出了什么问题")
    page.get_by_label("没有在约定时间内发货").check()
    page.get_by_role("group", name="有没有商家欺诈的迹象？").get_by_label("否").check()


def expect_the_first_answers(page) -> None:
    open_section(page, "出了什么问题")
    expect(page.get_by_label("没有在约定时间内发货")).to_be_checked()
    open_section(page, "买了什么")
    goods = page.get_by_role("group", name="你买的是什么？")
    expect(goods.get_by_label("游戏点卡 / 充值卡")).to_be_checked()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_save_and_continue_keeps_the_answers(new_context, live_server, buyer_case, javascript):
    user, case = buyer_case
    page = signed_in_page(new_context, live_server, user, java_script_enabled=javascript)
    page.goto(f"/cases/{case.pk}/eligibility/")
    answer_the_first_questions(page)
    open_section(page, "付款和时间")
    page.get_by_label("在平台下单付款").check()
    page.get_by_label("金额（元）").fill("100")
    open_section(page, "你想要什么结果")
    page.get_by_role("group", name="你想要什么结果？").get_by_label("全额退款").check()
    page.get_by_role("button", name="保存并继续：整理证据").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("第 2 步")
    page.goto(f"/cases/{case.pk}/eligibility/")
    expect_the_first_answers(page)
    open_section(page, "你想要什么结果")
    expect(
        page.get_by_role("group", name="你想要什么结果？").get_by_label("全额退款")
    ).to_be_checked()
    open_section(page, "付款和时间")
    expect(page.get_by_label("金额（元）")).to_have_value("100.00")


@pytest.mark.parametrize(
    ("way_out", "javascript"),
    [
        ("breadcrumb", True),
        ("header", True),
        ("back", True),
        # Without JavaScript the links out are buttons that save the form as a draft first.
        ("breadcrumb", False),
        ("header", False),
        # Without JavaScript nothing can save as the back button leaves: the browser keeps
        # what was typed in its history instead, and 前进 (or back again) shows it.
        ("back", False),
    ],
    ids=["breadcrumb-js", "header-js", "back-js", "breadcrumb-no-js", "header-no-js", "back-no-js"],
)
def test_leaving_by_a_link_or_back_keeps_what_was_typed(
    new_context, live_server, buyer_case, way_out, javascript
):
    user, case = buyer_case
    page = signed_in_page(new_context, live_server, user, java_script_enabled=javascript)
    page.goto(f"/cases/{case.pk}/")
    page.goto(f"/cases/{case.pk}/eligibility/")
    answer_the_first_questions(page)
    if way_out == "breadcrumb":
        page.get_by_role("navigation", name="当前位置").get_by_text("我的案件").click()
        expect(page).to_have_url(re.compile(r"/cases/$"))
    elif way_out == "header":
        page.locator(".kr-header__brand").click()
        expect(page).to_have_url(f"{live_server.url}/")
    else:
        page.go_back()
        expect(page).to_have_url(f"{live_server.url}/cases/{case.pk}/")
    if way_out == "back" and not javascript:
        _return_by_forward_and_save(page, case)
        return
    # Coming back on another day: a fresh load of the page, from what the server kept. The
    # save sent as the page was left may still be on its way (a keepalive request the browser
    # finishes after leaving); a buyer returns later than a test does, so wait for it to land.
    _wait_for_draft(case)
    page.goto(f"/cases/{case.pk}/eligibility/")
    expect_the_first_answers(page)


def _return_by_forward_and_save(page, case) -> None:
    """No-JS back: the browser restores the typed answers, and a button saves them."""
    page.go_forward()
    expect(page).to_have_url(re.compile(rf"/cases/{case.pk}/eligibility/$"))
    expect_the_first_answers(page)
    page.get_by_role("button", name="先存着，以后再填").click()
    _wait_for_draft(case)
    page.goto(f"/cases/{case.pk}/eligibility/")
    expect_the_first_answers(page)


def _wait_for_draft(case, seconds: float = 10) -> None:
    from cases.choices import Stage
    from cases.models import StageState

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        state = StageState.objects.filter(case=case, stage=Stage.ELIGIBILITY).first()
        if state and "late" in str(state.draft):
            return
        time.sleep(0.05)
    raise AssertionError("the answers typed before leaving never reached the server")


def test_autosave_says_when_it_saved_and_when_it_failed(new_context, live_server, buyer_case):
    user, case = buyer_case
    page = signed_in_page(new_context, live_server, user)
    page.goto(f"/cases/{case.pk}/eligibility/")
    expect(page.get_by_role("button", name="先存着，以后再填")).to_be_hidden()
    answer_the_first_questions(page)
    expect(page.get_by_role("status").filter(has_text="已自动保存")).to_be_visible()

    # Another tab saved this step meanwhile: the page says so instead of pretending.
    from cases.choices import Stage
    from cases.models import StageState

    StageState.objects.filter(case=case, stage=Stage.ELIGIBILITY).update(version=99)
    open_section(page, "付款和时间")
    page.get_by_label("金额（元）").fill("88")
    expect(page.get_by_role("status").filter(has_text="自动保存没有成功")).to_be_visible()
    expect(page.get_by_label("金额（元）")).to_have_value("88")
