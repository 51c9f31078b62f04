"""The issue's buyer, on a phone: a used 100 元 王者荣耀 code, the seller refused.

Start → stage 1 → the transaction record and two evidence items → the attempt with
the answer 卡密已发放，无法回收 → 核对信息 (a 修改 link fixes a fact) → every text.
What the pages show and what the copy buttons put on the clipboard must be the texts
the golden file holds for the same facts (tests/cases/golden/used_code_refused_as_issued.txt):
they are computed here from the saved case by the golden test's own builder.
"""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cases import wording
from cases.facts import CaseFacts, case_facts
from cases.models import Case
from cases.texts.escalation import all_complaints
from cases.texts.negotiation import suggested_deadline
from tests.browser.conftest import PHONE
from tests.browser.helpers import (
    assert_accessible,
    assert_no_horizontal_scroll,
    open_message_choices,
    open_stage,
)
from tests.cases.test_golden_texts import GOLDEN, generated_texts
from tests.cases.texts_scenarios import SCENARIOS, Scenario

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SCENARIO = next(s for s in SCENARIOS if s.name == "used_code_refused_as_issued")
FACTS = SCENARIO.facts
CLIPBOARD = ["clipboard-read", "clipboard-write"]


def typed(moment) -> str:
    """Return a moment as a datetime-local input takes it."""
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def golden_sections() -> dict[str, str]:
    """Return the golden file's texts by title."""
    text = (GOLDEN / f"{SCENARIO.name}.txt").read_text(encoding="utf-8")
    parts = re.split(r"^== (.+) ==\n", text, flags=re.M)[1:]
    return {title: body.rstrip() for title, body in zip(parts[::2], parts[1::2], strict=True)}


def start_case(page) -> None:
    page.goto("/cases/new/")
    page.get_by_label("买的是什么商品？").fill(FACTS.product_name)
    page.get_by_label("在哪个平台买的？").fill(FACTS.platform_name)
    page.get_by_role("button", name="开始").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("第 1 步")


def answer_eligibility(page) -> None:
    page.get_by_role("group", name="你买的是什么？").get_by_label("游戏点卡 / 充值卡").check()
    page.get_by_label("卡密 / 激活码无效或显示“已被使用”").check()
    page.get_by_role("group", name="卡密用不了时，具体是什么情况？").get_by_label(
        "提示“已被使用”"
    ).check()
    page.get_by_label("什么时候发现问题的？").fill(typed(FACTS.noticed_at))
    page.get_by_role("group", name=re.compile("不支持退款")).get_by_label("否").check()
    page.get_by_role("group", name="有没有商家欺诈的迹象？").get_by_label("否").check()
    page.get_by_label("在平台下单付款").check()
    page.get_by_label("金额（元）").fill("100")
    page.get_by_role("group", name="你想要什么结果？").get_by_label("全额退款").check()
    page.get_by_role("button", name="保存，先看结论").click()
    expect(page.get_by_role("status").first).to_contain_text("已保存")
    expect(page.get_by_role("heading", name="可以申请退款")).to_be_visible()


def record_evidence(page) -> None:
    open_stage(page, "证据", 2)
    for item in FACTS.evidence:
        form = page.locator("#evidence-item-form")
        form.get_by_label("证据类型").select_option(item.kind)
        form.get_by_label("简短说明").fill(item.description)
        form.get_by_label("发生时间").fill(typed(item.occurred_at))
        form.get_by_role("button", name="保存这条证据").click()
        expect(page.get_by_text(item.description, exact=True).first).to_be_visible()
    record = page.get_by_role("form", name="交易记录")
    record.get_by_label("订单号").fill(FACTS.order_number)
    record.get_by_label("商家ID").fill(FACTS.seller_id)
    record.get_by_label("下单时间").fill(typed(FACTS.ordered_at))
    record.get_by_role("button", name="保存交易记录").click()
    expect(page.get_by_text("交易记录已保存")).to_be_visible()


def log_refusal(page, message_deadline) -> None:
    """Build the message with a deadline, log the attempt as sent, then the seller's refusal."""
    open_stage(page, "协商", 3)
    open_message_choices(page)
    page.get_by_label("给商家的处理期限").fill(typed(message_deadline))
    page.get_by_role("button", name="按这些选择重新生成").click()
    expect(page.get_by_text("消息已按你的选择重新生成")).to_be_visible()

    attempt = FACTS.negotiations[0]
    sent = page.locator("#negotiation-attempt-form")
    sent.get_by_label("发送时间").fill(typed(attempt.sent_at))
    sent.get_by_label("给商家的期限").fill(typed(attempt.deadline))
    sent.get_by_role("button", name="记下这次协商").click()
    logged = page.get_by_role("article").filter(has_text="第 1 次协商")
    expect(logged).to_contain_text("等待商家回复")
    logged.get_by_label("商家怎么回复的").fill(attempt.seller_answer)
    logged.get_by_label(attempt.outcome_label).check()
    logged.get_by_role("button", name="保存回复和结果").click()
    expect(page.get_by_role("article").filter(has_text="第 1 次协商")).to_contain_text(
        attempt.outcome_label
    )


def check_facts_and_fix_the_name(page) -> None:
    """Open 核对信息 from the overview; the 修改 link of an empty fact leads to its field."""
    # On a stage page the breadcrumb is a button that keeps the page's input, then leaves.
    page.get_by_role("navigation", name="当前位置").get_by_text(FACTS.product_name).click()
    page.get_by_role("link", name="核对信息").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("核对信息")
    for shown in (
        FACTS.order_number,
        "100 元",
        wording.moment(FACTS.ordered_at),
        wording.quote(FACTS.negotiations[0].seller_answer),
        "商家拒绝",
    ):
        expect(page.locator("main")).to_contain_text(shown)
    assert_no_horizontal_scroll(page)
    assert_accessible(page, "check")

    # Each 修改 link is named by its fact for a screen reader: 修改 你的姓名.
    name_row = page.get_by_role("link", name=re.compile(r"^修改\s*你的姓名$"))
    expect(name_row.locator("xpath=../preceding-sibling::dd[1]")).to_have_text("未填写")
    name_row.click()
    expect(page).to_have_url(re.compile(r"/escalation/#id_complainant_name$"))
    page.get_by_label("你的姓名（投诉人）").fill(FACTS.complainant_name)
    page.get_by_label("你的电话").fill(FACTS.complainant_phone)
    page.get_by_label("你的通讯地址").fill(FACTS.complainant_address)
    page.get_by_role("button", name="保存，更新下面的文字").click()
    page.get_by_role("link", name="核对信息").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("核对信息")
    expect(page.locator("main")).to_contain_text(FACTS.complainant_name)


def expected_texts(case_id, message_deadline) -> tuple[dict[str, str], CaseFacts]:
    """Return the texts for the saved case, built as the golden test builds them."""
    facts = case_facts(Case.objects.get(pk=case_id))
    return generated_texts(Scenario("browser", facts, deadline=message_deadline)), facts


def test_used_code_buyer_copies_the_golden_texts(new_context, settings, screenshot):
    settings.POLICE_AMOUNT_THRESHOLD = "500"
    settings.SMALL_CLAIM_LIMIT = "100"
    page = new_context(
        viewport=PHONE, is_mobile=True, has_touch=True, permissions=CLIPBOARD
    ).new_page()
    # The message's deadline must lie ahead when it is built: tomorrow 17:00.
    tomorrow = timezone.localtime() + timedelta(days=1)
    message_deadline = tomorrow.replace(hour=17, minute=0, second=0, microsecond=0)

    start_case(page)
    answer_eligibility(page)
    record_evidence(page)
    log_refusal(page, message_deadline)
    check_facts_and_fix_the_name(page)
    screenshot(page, "check-used-code")

    case_id = re.search(r"/cases/([0-9a-f-]{36})/", page.url).group(1)
    expected, facts = expected_texts(case_id, message_deadline)
    # The browser case holds the scenario's facts: every text is the golden one, the
    # message with the deadline that could be typed today instead of the scenario's.
    golden = golden_sections()
    for title in ("协商消息", "回复“卡密已发放”"):
        golden[title] = golden[title].replace(
            wording.moment(SCENARIO.deadline), wording.moment(message_deadline)
        )
    assert {title: text.rstrip() for title, text in expected.items()} == golden

    page.get_by_role("link", name="去复制给商家的消息").click()
    message = page.get_by_label("发给商家的消息")
    expect(message).to_have_value(expected["协商消息"])
    page.get_by_role("button", name="复制消息").click()
    expect(page.locator("#message-copy-status")).to_have_text("已复制，可以粘贴到聊天窗口了。")
    assert page.evaluate("navigator.clipboard.readText()") == expected["协商消息"]
    # The seller said the code went out: the ready reply is offered, as the golden file has
    # it, with a deadline of its own: the next 17:00 at least three hours ahead.
    reply_by = suggested_deadline(timezone.localtime())
    reply = expected["回复“卡密已发放”"].replace(
        wording.moment(message_deadline), wording.moment(reply_by)
    )
    expect(page.locator("#reply-issued")).to_have_value(reply)

    page.go_back()
    page.get_by_role("link", name="去复制申诉说明").click()
    statement = page.get_by_role("textbox", name="申诉说明", exact=True)
    expect(statement).to_have_value(expected["申诉说明"])
    page.get_by_role("button", name="复制申诉说明").click()
    assert page.evaluate("navigator.clipboard.readText()") == expected["申诉说明"]

    page.go_back()
    page.get_by_role("link", name=re.compile("去复制 12315")).click()
    # The link lands on the texts' section, opened for the buyer once the page has loaded.
    expect(page).to_have_url(re.compile(r"/escalation/#texts-title$"))
    expect(page.locator("#texts")).to_have_attribute("open", "")
    complaint = all_complaints(facts)["12315"]
    section = page.locator("#texts details").filter(has_text=complaint.name)
    if section.get_attribute("open") is None:
        section.locator("summary").click()
    expect(section).to_have_attribute("open", "")
    for field in complaint.fields:
        title = f"{complaint.name} · {field.label}"
        expect(page.locator(f"#{field.key}")).to_have_value(expected[title])
        page.locator(f'[data-copy-target="{field.key}"]').click()
        expect(page.locator(f"#{field.key}-status")).to_contain_text(field.label)
        assert page.evaluate("navigator.clipboard.readText()") == expected[title], title
    assert_no_horizontal_scroll(page)
