"""这一页有帮助吗？ on a phone, with JavaScript (swapped in place) and without (a thanks page)."""

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from feedback.models import PageFeedback
from tests.browser.helpers import assert_accessible, assert_no_horizontal_scroll, signed_in_page

pytestmark = pytest.mark.browser

SCREEN = {"width": 360, "height": 800}


def _phone(new_context, *, javascript: bool):
    context = new_context(
        viewport=SCREEN, is_mobile=True, has_touch=True, java_script_enabled=javascript
    )
    return context.new_page()


def _check_as_served(new_context, url: str, label: str) -> None:
    """Measure a page a browser without JavaScript reached: axe and the width need a script."""
    page = _phone(new_context, javascript=True)
    page.goto(url)
    assert_no_horizontal_scroll(page, SCREEN["width"])
    assert_accessible(page, label)


def test_with_javascript_the_answer_and_the_sentence_stay_on_the_chapter(
    new_context, guide_parts, screenshot
):
    part = guide_parts[1]
    page = _phone(new_context, javascript=True)
    page.goto(part.get_absolute_url())
    question = page.locator("#feedback")
    question.scroll_into_view_if_needed()
    expect(question.get_by_role("heading", name="这一页有帮助吗？")).to_be_visible()
    assert_no_horizontal_scroll(page, SCREEN["width"])
    assert_accessible(page, "feedback question")

    question.get_by_role("button", name="没有", exact=True).click()
    expect(question).to_contain_text("谢谢你的回答")
    assert page.url.endswith(part.get_absolute_url())  # swapped in place, no new page
    screenshot(page, "feedback-thanks")
    assert_no_horizontal_scroll(page, SCREEN["width"])
    assert_accessible(page, "feedback sentence")

    question.get_by_label("想多说一句吗？").fill("第二段没讲清楚要去哪里点")
    question.get_by_role("button", name="提交这句话").click()
    expect(question).to_contain_text("收到了，谢谢")
    assert page.url.endswith(part.get_absolute_url())
    row = PageFeedback.objects.get()
    assert (row.part_id, row.helpful, row.comment) == (part.pk, False, "第二段没讲清楚要去哪里点")


def test_without_javascript_the_answer_goes_to_a_thanks_page_and_back(
    new_context, guide_parts, screenshot
):
    part = guide_parts[0]
    page = _phone(new_context, javascript=False)
    page.goto(part.get_absolute_url())
    page.locator("#feedback").get_by_role("button", name="有", exact=True).click()
    page.wait_for_url("**/feedback/thanks/**")
    expect(page.get_by_role("heading", level=1, name="谢谢你的反馈")).to_be_visible()
    screenshot(page, "feedback-thanks-no-js")
    _check_as_served(new_context, page.url, "feedback thanks page")

    page.get_by_label("想多说一句吗？").fill("很清楚，谢谢")
    page.get_by_role("button", name="提交这句话").click()
    expect(page.locator("#feedback")).to_contain_text("收到了，谢谢")
    page.get_by_role("link", name="回到刚才的页面").click()
    page.wait_for_url(f"**{part.get_absolute_url()}")
    row = PageFeedback.objects.get()
    assert (row.part_id, row.helpful, row.comment) == (part.pk, True, "很清楚，谢谢")


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_stage_page_asks_too_and_a_too_long_sentence_is_explained(
    new_context, live_server, transactional_db, javascript
):
    from cases.services.case import case_create

    user = get_user_model().objects.create_user(username="reader", password="Kameng-2026-pw")
    case = case_create(owner=user, product_name="点卡", platform_name="某卡盟")
    page = signed_in_page(
        new_context,
        live_server,
        user,
        f"/cases/{case.pk}/evidence/",
        viewport=SCREEN,
        java_script_enabled=javascript,
    )
    question = page.locator("#feedback")
    question.get_by_role("button", name="有", exact=True).click()
    box = page.get_by_label("想多说一句吗？")
    # The box takes no more than the limit; a longer paste is cut, and the server says why
    # when a browser does not (checked with the test client in tests/feedback).
    box.fill("好" * 250)
    assert len(box.input_value()) == 200
    page.get_by_role("button", name="提交这句话").click()
    expect(page.locator("#feedback")).to_contain_text("收到了，谢谢")
    if javascript:
        assert_no_horizontal_scroll(page, SCREEN["width"])
        assert_accessible(page, "feedback on a stage")
    else:
        _check_as_served(new_context, page.url, "feedback sent, no JavaScript")
    row = PageFeedback.objects.get()
    assert (row.stage, row.part_id, len(row.comment)) == ("evidence", None, 200)
