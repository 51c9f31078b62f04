"""A buyer asks for a reminder, the deadline they gave the seller passes, the timer's command
mails them once, and the link in the mail lands on the next step (issue 17).

Time is moved for the whole process: the live server runs in this process, so the pages and
the command both see the clock after the deadline, as they would on the server.
"""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import PHONE
from tests.browser.helpers import assert_accessible, open_section, signed_in_page

pytestmark = pytest.mark.browser


def test_opt_in_let_the_deadline_pass_and_follow_the_mail_to_the_next_step(
    new_context, live_server, buyer_case, guide_parts, settings, monkeypatch
):
    user, case = buyer_case
    user.email = "buyer@example.com"
    user.save()
    settings.SITE_URL = live_server.url
    page = signed_in_page(
        new_context, live_server, user, f"/cases/{case.pk}/negotiation/", viewport=PHONE
    )

    # Log the message sent to the seller, with the deadline it gave: two hours from now.
    deadline = timezone.localtime() + timedelta(hours=2)
    open_section(page, "发出去了？记下来")
    sent = page.locator("#negotiation-attempt-form")
    sent.get_by_label("给商家的期限").fill(deadline.strftime("%Y-%m-%dT%H:%M"))
    sent.get_by_label("发送的内容").fill(
        "你好，订单里的点卡用不了，请在期限前处理，否则我将向平台申诉。"
    )
    sent.get_by_role("button", name="记下这次协商").click()
    expect(page.get_by_role("article").filter(has_text="第 1 次协商")).to_be_visible()

    # Beside the log: ask to be mailed once the deadline passes.
    open_section(page, "协商记录")
    reminders = page.locator("#reminders")
    expect(reminders).to_contain_text("buyer@example.com")
    reminders.get_by_role("button", name="期限过了发邮件提醒我").click()
    expect(page.get_by_text("已开启邮件提醒")).to_be_visible()
    open_section(page, "协商记录")
    expect(page.locator("#reminders")).to_contain_text("邮件提醒已开启")
    assert_accessible(page, "negotiation page with reminders on")

    # Before the deadline the timer's command sends nothing.
    call_command("send_reminders", verbosity=0)
    assert mail.outbox == []

    # The deadline passes: the clock moves for the pages and the command alike.
    later = timezone.now() + timedelta(hours=2, minutes=10)
    monkeypatch.setattr(timezone, "now", lambda: later)
    call_command("send_reminders", verbosity=0)
    call_command("send_reminders", verbosity=0)  # the next tick of the timer sends nothing
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["buyer@example.com"]
    assert "给商家的期限已过" in message.subject
    minute = timezone.localtime(case.negotiations.get().deadline).strftime("%H:%M")
    assert minute in message.body

    # The link in the mail opens the negotiation page on its next step.
    link = re.search(rf"{re.escape(live_server.url)}/cases/\S+/negotiation/", message.body)
    assert link, message.body
    page.goto(link.group(0))
    callout = page.locator("section.kr-next")
    expect(callout).to_contain_text("期限已过")
    expect(callout).to_contain_text("到期未回复")
    expect(callout.get_by_role("link", name="下一步：平台申诉")).to_be_visible()
    assert_accessible(page, "negotiation page after the deadline")

    # The mail's stop link works in any browser, signed in or not: opening it asks (mail
    # scanners open every link), and one tap on 退订 stops the mail.
    stop = re.search(rf"{re.escape(live_server.url)}/cases/reminders/stop/\S+/", message.body)
    anonymous = new_context(viewport=PHONE).new_page()
    anonymous.goto(stop.group(0))
    assert_accessible(anonymous, "unsubscribe confirmation")
    case.refresh_from_db()
    assert case.reminders_since is not None
    anonymous.get_by_role("button", name="退订").click()
    expect(anonymous.get_by_role("heading", name="已退订提醒邮件")).to_be_visible()
    assert_accessible(anonymous, "unsubscribed")
    case.refresh_from_db()
    assert case.reminders_since is None


def test_without_an_address_the_buyer_adds_one_and_comes_back_to_the_switch(
    new_context, live_server, buyer_case
):
    user, case = buyer_case
    page = signed_in_page(new_context, live_server, user, f"/cases/{case.pk}/", viewport=PHONE)
    open_section(page, "邮件提醒")
    page.locator("#reminders").get_by_role("link", name="填上邮箱").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("填上电子邮箱")
    page.get_by_label("电子邮箱").fill("buyer@example.com")
    page.get_by_label("当前密码").fill("Kameng-refund-2026")
    page.get_by_role("button", name="保存邮箱").click()

    # Back on the case, at the switch, which is offered now.
    expect(page).to_have_url(re.compile(rf"/cases/{case.pk}/#reminders$"))
    switch = page.get_by_role("button", name="期限过了发邮件提醒我")
    expect(switch).to_be_in_viewport()
    switch.click()
    expect(page.get_by_text("已开启邮件提醒")).to_be_visible()
