"""Reminder mail (issue 17): the rule, the mail's words, the switch, the one-click stop, and
`manage.py send_reminders` sending each reminder once — run twice, killed and rerun, on
several boxes — and never after an unsubscribe or a deletion.
"""

import email
import os
import re
import subprocess
import sys
import urllib.parse
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.utils import timezone

from cases.choices import AppealOutcome, NegotiationOutcome, ReminderKind, Stage
from cases.facts import AppealFacts, CaseFacts
from cases.models import Case, ReminderMail
from cases.rules import appeal as appeal_rules
from cases.rules.progress import DONE, IN_PROGRESS, NOT_APPLICABLE
from cases.rules.reminders import DueReminder, due_reminder
from cases.selectors.case import stage_state
from cases.services import appeal as appeal_services
from cases.services import negotiation as negotiation_services
from cases.services import record as record_services
from cases.services.case import case_create
from cases.services.reminders import reminders_on, send_due_reminders, unsubscribe_token
from cases.texts.reminders import reminder_mail

GOLDEN = Path(__file__).parent / "golden" / "reminders"
BASE_DIR = Path(__file__).resolve().parents[2]
SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 12, 1, 18, 0, tzinfo=SHANGHAI)
DEADLINE = datetime(2026, 12, 1, 17, 0, tzinfo=SHANGHAI)
ASKED = datetime(2026, 11, 30, 9, 0, tzinfo=SHANGHAI)
PENDING, NO_ANSWER = NegotiationOutcome.PENDING, NegotiationOutcome.NO_ANSWER
SENT = {"eligibility": DONE, "evidence": DONE, "negotiation": IN_PROGRESS}


# The rule: which reminder a case is due, from the same decisions its pages show.


def due(**given) -> DueReminder | None:
    values = {
        "statuses": SENT,
        "attempts": [(PENDING, DEADLINE)],
        "appeals": [],
        "since": ASKED,
        "now": NOW,
        "answer_days": 3,
    }
    return due_reminder(**(values | given))


def test_a_deadline_passed_with_no_outcome_is_due_once_at_that_deadline():
    assert due() == DueReminder(
        ReminderKind.NEGOTIATION_DEADLINE, DEADLINE, Stage.NEGOTIATION, Stage.APPEAL
    )


def test_after_a_private_transfer_the_next_step_is_outside_not_the_platform():
    statuses = SENT | {"appeal": NOT_APPLICABLE}
    reminder = due(statuses=statuses, private_transfer=True)
    assert reminder.after == Stage.ESCALATION
    assert reminder.page == Stage.NEGOTIATION


@pytest.mark.parametrize(
    ("given", "why"),
    [
        ({"since": None}, "the buyer did not ask"),
        ({"now": DEADLINE - timedelta(minutes=1)}, "the deadline has not passed"),
        ({"since": DEADLINE + timedelta(minutes=1)}, "it had passed when they asked"),
        ({"attempts": [(NO_ANSWER, DEADLINE)]}, "the outcome is logged"),
        ({"attempts": [(PENDING, None)]}, "no deadline was given"),
        ({"resolved": True}, "the case is closed"),
        ({"own_reason": True}, "a goodwill request that lapsed leads to no appeal to mail about"),
        ({"statuses": SENT | {"appeal": IN_PROGRESS}}, "the buyer already went on to appeal"),
        ({"statuses": SENT | {"appeal": DONE}}, "the appeal is done"),
    ],
)
def test_no_negotiation_reminder_when(given, why):
    assert due(**given) is None, why


SUBMITTED = datetime(2026, 11, 27, 10, 0, tzinfo=SHANGHAI)
APPEALED = SENT | {"negotiation": DONE, "appeal": IN_PROGRESS}


def test_an_appeal_unanswered_past_its_expected_time_is_due_at_that_time():
    reminder = due(
        statuses=APPEALED, attempts=[(NO_ANSWER, DEADLINE)], appeals=[("pending", SUBMITTED)]
    )
    assert reminder == DueReminder(
        ReminderKind.APPEAL_ANSWER,
        SUBMITTED + timedelta(days=3),
        Stage.APPEAL,
        Stage.ESCALATION,
    )


@pytest.mark.parametrize(
    ("given", "why"),
    [
        ({"answer_days": 5}, "the platform still has time"),
        ({"appeals": [(AppealOutcome.REJECTED, SUBMITTED)]}, "the platform answered"),
        ({"appeals": [("pending", SUBMITTED), ("pending", NOW)]}, "the latest appeal is new"),
        ({"statuses": APPEALED | {"escalation": IN_PROGRESS}}, "the buyer went outside already"),
        ({"since": NOW}, "the answer time had passed when they asked"),
    ],
)
def test_no_appeal_reminder_when(given, why):
    values = {"statuses": APPEALED, "attempts": [], "appeals": [("pending", SUBMITTED)]}
    assert due(**(values | given)) is None, why


def test_the_appeal_page_calls_the_same_wait_overdue():
    answer = appeal_rules.answer_due(SUBMITTED, answer_days=3)
    assert answer == datetime(2026, 11, 30, 10, 0, tzinfo=SHANGHAI)
    step = appeal_rules.next_step
    assert step(outcomes=["pending"], answer_due=answer, now=answer) == appeal_rules.OVERDUE
    assert step(outcomes=["pending"], answer_due=answer, now=answer - timedelta(seconds=1)) == (
        appeal_rules.WAIT
    )
    assert step(outcomes=["pending"]) == appeal_rules.WAIT  # without a due time, as before
    assert step(outcomes=["rejected"], answer_due=answer, now=NOW) == appeal_rules.ESCALATE


# The mail's words: golden files, read aloud before they were committed.


GOLDEN_MAILS = {
    "negotiation_deadline": (
        CaseFacts(),
        DueReminder(ReminderKind.NEGOTIATION_DEADLINE, DEADLINE, Stage.NEGOTIATION, Stage.APPEAL),
    ),
    "negotiation_deadline_private_transfer": (
        CaseFacts(payment_method="private"),
        DueReminder(
            ReminderKind.NEGOTIATION_DEADLINE, DEADLINE, Stage.NEGOTIATION, Stage.ESCALATION
        ),
    ),
    "appeal_answer": (
        CaseFacts(appeals=(AppealFacts(submitted_at=SUBMITTED, ticket_number="GD20261127"),)),
        DueReminder(
            ReminderKind.APPEAL_ANSWER,
            SUBMITTED + timedelta(days=3),
            Stage.APPEAL,
            Stage.ESCALATION,
        ),
    ),
    # 不需要了, appealed anyway: the mail points to no outside channel (stage 5 says none helps).
    "appeal_answer_own_reason": (
        CaseFacts(
            problems=("not_needed",),
            appeals=(AppealFacts(submitted_at=SUBMITTED, ticket_number="GD20261127"),),
        ),
        DueReminder(
            ReminderKind.APPEAL_ANSWER,
            SUBMITTED + timedelta(days=3),
            Stage.APPEAL,
            Stage.ESCALATION,
        ),
    ),
}


def golden_mail(name: str) -> str:
    facts, reminder = GOLDEN_MAILS[name]
    page = "negotiation" if reminder.page == Stage.NEGOTIATION else "appeal"
    text = reminder_mail(
        facts,
        reminder,
        case_name="王者荣耀 100 元点卡 · 某卡盟",
        answer_days=3,
        page_url=f"https://kameng.example/cases/00000000-0000-4000-8000-000000000001/{page}/",
        unsubscribe_url="https://kameng.example/cases/reminders/stop/TOKEN/",
    )
    return f"主题：{text.subject}\n\n{text.body}"


@pytest.mark.parametrize("name", sorted(GOLDEN_MAILS))
def test_each_reminder_mail_matches_its_reviewed_golden_file(name):
    path = GOLDEN / f"{name}.txt"
    text = golden_mail(name)
    if os.environ.get("GOLDEN_UPDATE"):
        GOLDEN.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"no golden file: run GOLDEN_UPDATE=1 and review {path.name}"
    assert text == path.read_text(encoding="utf-8")


def test_there_is_a_golden_mail_for_every_kind_of_reminder():
    kinds = {reminder.kind for _, reminder in GOLDEN_MAILS.values()}
    assert kinds == set(ReminderKind)
    assert sorted(p.stem for p in GOLDEN.glob("*.txt")) == sorted(GOLDEN_MAILS)


# The command, against the database.


@pytest.fixture
def buyer(db):
    return get_user_model().objects.create_user(
        username="mailbuyer", password="a-Long-pass-2026", email="buyer@example.com"
    )


@pytest.fixture
def site(settings):
    settings.SITE_URL = "https://kameng.example"
    settings.APPEAL_ANSWER_DAYS = 3
    return settings


def _overdue_case(owner, *, asked_days_ago: int = 2) -> Case:
    """A case whose owner asked for reminders, then let the deadline they gave pass."""
    case = case_create(owner=owner, product_name="王者荣耀 100 元点卡", platform_name="某卡盟")
    now = timezone.now()
    negotiation_services.attempt_log(
        case=case,
        sent_at=now - timedelta(days=3),
        deadline=now - timedelta(hours=1),
        message="请在期限前处理。",
    )
    Case.objects.filter(pk=case.pk).update(reminders_since=now - timedelta(days=asked_days_ago))
    case.refresh_from_db()
    return case


def test_due_reminder_sends_one_mail_to_the_owner_linking_to_the_next_step(site, buyer):
    case = _overdue_case(buyer)
    out = call_command_output()
    assert "发出 1 封提醒邮件" in out
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["buyer@example.com"]
    assert message.subject == "给商家的期限已过：先记下商家的回复"
    assert f"https://kameng.example/cases/{case.pk}/negotiation/" in message.body
    stop = f"https://kameng.example/cases/reminders/stop/{unsubscribe_token(case.pk)}/"
    assert stop in message.body
    assert message.extra_headers["List-Unsubscribe"] == f"<{stop}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    row = ReminderMail.objects.get(case=case)
    assert row.kind == ReminderKind.NEGOTIATION_DEADLINE and row.sent_at is not None


def call_command_output() -> str:
    from io import StringIO

    out = StringIO()
    call_command("send_reminders", stdout=out, stderr=StringIO())
    return out.getvalue()


def test_run_twice_still_one_mail(site, buyer):
    _overdue_case(buyer)
    call_command_output()
    assert "发出 0 封提醒邮件" in call_command_output()
    assert len(mail.outbox) == 1
    assert ReminderMail.objects.count() == 1


def test_a_new_deadline_passing_later_gets_its_own_one_mail(site, buyer):
    case = _overdue_case(buyer)
    call_command_output()
    # The buyer gave the seller a second chance with a new deadline, which passed too.
    attempt = case.negotiations.get()
    negotiation_services.attempt_outcome_save(
        attempt=attempt,
        values={"outcome": NO_ANSWER},
        version=stage_state(case=case, stage=Stage.NEGOTIATION).version,
    )
    negotiation_services.attempt_log(
        case=case,
        sent_at=timezone.now() - timedelta(hours=5),
        deadline=timezone.now() - timedelta(minutes=5),
        message="再给一次期限。",
    )
    call_command_output()
    call_command_output()
    assert len(mail.outbox) == 2


def test_unsubscribed_by_the_mails_link_gets_none(site, buyer):
    case = _overdue_case(buyer)
    url = f"/cases/reminders/stop/{unsubscribe_token(case.pk)}/"
    browser = Client(enforce_csrf_checks=True)
    page = browser.get(url).content.decode()
    assert "<h1>退订提醒邮件</h1>" in page and '<form method="post"' in page
    response = browser.post(url)
    assert response.status_code == 200
    assert "已退订提醒邮件" in response.content.decode()
    call_command_output()
    assert mail.outbox == []


def test_opening_the_link_stops_nothing_as_mail_scanners_open_every_link(site, buyer, client):
    case = _overdue_case(buyer)
    response = client.get(f"/cases/reminders/stop/{unsubscribe_token(case.pk)}/")
    assert response.status_code == 200
    assert "已退订" not in response.content.decode()
    call_command_output()
    assert len(mail.outbox) == 1


def test_the_mail_apps_one_click_post_stops_it_without_a_cookie_or_token(site, buyer):
    case = _overdue_case(buyer)
    mail_app = Client(enforce_csrf_checks=True)
    response = mail_app.post(
        f"/cases/reminders/stop/{unsubscribe_token(case.pk)}/",
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    call_command_output()
    assert mail.outbox == []


def test_a_forged_one_click_post_stops_nothing(site, buyer):
    case = _overdue_case(buyer)
    forged = unsubscribe_token(case.pk)[:-2] + "xx"
    response = Client(enforce_csrf_checks=True).post(f"/cases/reminders/stop/{forged}/")
    assert response.status_code == 400
    call_command_output()
    assert len(mail.outbox) == 1


def test_a_deleted_case_gets_none(site, buyer):
    case = _overdue_case(buyer)
    record_services.cases_delete(cases=[case])
    call_command_output()
    assert mail.outbox == []
    assert not ReminderMail.objects.exists()


def test_a_resolved_case_and_an_owner_without_an_address_get_none(site, buyer):
    resolved = _overdue_case(buyer)
    record_services.case_resolve(case=resolved, resolution="gave_up")
    no_address = get_user_model().objects.create_user(username="noaddress", password="x-Long-2026")
    _overdue_case(no_address)
    call_command_output()
    assert mail.outbox == []


def test_a_deadline_that_passed_before_the_buyer_asked_is_not_mailed(site, buyer):
    case = _overdue_case(buyer)
    Case.objects.filter(pk=case.pk).update(reminders_since=timezone.now())
    call_command_output()
    assert mail.outbox == []


def test_a_reminder_another_box_claimed_is_not_sent_again(site, buyer):
    case = _overdue_case(buyer)
    deadline = case.negotiations.get().deadline
    ReminderMail.objects.create(
        case=case, kind=ReminderKind.NEGOTIATION_DEADLINE, due_at=deadline, claimed_at=deadline
    )
    call_command_output()
    assert mail.outbox == []


def test_a_mail_server_failure_leaves_nothing_claimed_and_the_next_run_sends_one(
    site, buyer, monkeypatch
):
    from django.core.mail import EmailMessage

    _overdue_case(buyer)
    real_send = EmailMessage.send

    def refuse(self, *args, **kwargs):
        raise ConnectionRefusedError("the SMTP server is down")

    monkeypatch.setattr(EmailMessage, "send", refuse)
    report = send_due_reminders()
    assert (report.sent, report.failed) == (0, 1)
    assert not ReminderMail.objects.exists()
    monkeypatch.setattr(EmailMessage, "send", real_send)
    assert send_due_reminders().sent == 1
    assert len(mail.outbox) == 1


def test_an_appeal_past_its_answer_time_gets_one_mail_linking_to_the_appeal_page(site, buyer):
    case = _overdue_case(buyer, asked_days_ago=10)
    appeal_services.appeal_record_add(
        case=case,
        submitted_at=timezone.now() - timedelta(days=3, minutes=1),
        ticket_number="GD1",
        version=stage_state(case=case, stage=Stage.APPEAL).version,
    )
    call_command_output()
    call_command_output()
    assert len(mail.outbox) == 1  # the passed negotiation deadline is no longer the news
    message = mail.outbox[0]
    assert message.subject == "申诉提交已经超过 3 天，平台有结果了吗？"
    assert f"https://kameng.example/cases/{case.pk}/appeal/" in message.body
    assert "工单号 GD1" in message.body


def test_the_command_refuses_to_mail_links_without_the_sites_address(site, buyer):
    site.SITE_URL = ""
    _overdue_case(buyer)
    with pytest.raises(CommandError, match="DJANGO_SITE_URL"):
        call_command("send_reminders")
    assert mail.outbox == []


# Killed mid-send: a separate process dies (SIGKILL) inside the mail backend.


def _database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    user = urllib.parse.quote(db["USER"] or "")
    password = f":{urllib.parse.quote(db['PASSWORD'])}" if db["PASSWORD"] else ""
    host = f"{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}"
    return f"postgres://{user}{password}@{host}/{db['NAME']}"


def _killed_run(tmp_path: Path, moment: str) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.cases.reminder_kill_settings",
        "DJANGO_TESTING": "1",
        "DATABASE_URL": _database_url(),
        "DJANGO_SITE_URL": "https://kameng.example",
        "KILL_MAIL_DIR": str(tmp_path),
        "KILL_MOMENT": moment,
    }
    return subprocess.run(
        [sys.executable, "manage.py", "send_reminders"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.django_db(transaction=True)
def test_killed_after_the_mail_left_and_rerun_still_one_mail(site, buyer, tmp_path):
    case = _overdue_case(buyer)
    result = _killed_run(tmp_path, "after_send")
    assert result.returncode == -9, result.stderr
    left = list(tmp_path.glob("*.eml"))
    assert len(left) == 1
    sent = email.message_from_bytes(left[0].read_bytes())
    assert sent["To"] == "buyer@example.com"
    # The claim was made, the process died before it could record the sending.
    assert ReminderMail.objects.get(case=case).sent_at is None

    call_command_output()
    assert mail.outbox == []  # one mail in all: the rerun did not send it again


@pytest.mark.django_db(transaction=True)
def test_killed_before_the_mail_left_it_is_not_resent_but_reported(site, buyer, tmp_path):
    """At most once, not at least once: the price is a mail lost to a kill at the worst moment,
    which the operator is told about (docs/DEPLOY.md, "Reminder mail")."""
    case = _overdue_case(buyer)
    assert _killed_run(tmp_path, "before_send").returncode == -9
    assert list(tmp_path.glob("*.eml")) == []
    ReminderMail.objects.filter(case=case).update(claimed_at=timezone.now() - timedelta(hours=2))

    from io import StringIO

    err = StringIO()
    call_command("send_reminders", stdout=StringIO(), stderr=err)
    assert mail.outbox == []
    assert "1 封提醒已认领但没有确认发出" in err.getvalue()


# The switch on the case's pages, and the one-click stop.


@pytest.fixture
def buyer_client(client, buyer):
    client.force_login(buyer)
    return client


def _own_case(owner) -> Case:
    return case_create(owner=owner, product_name="王者荣耀 100 元点卡", platform_name="某卡盟")


def test_the_owner_switches_reminders_on_and_off_from_the_page_they_are_on(buyer_client, buyer):
    case = _own_case(buyer)
    html = buyer_client.get(f"/cases/{case.pk}/").content.decode()
    assert "期限过了发邮件提醒我" in html and "buyer@example.com" in html

    response = buyer_client.post(
        f"/cases/{case.pk}/reminders/", {"remind": "on", "page": "negotiation"}
    )
    assert response.status_code == 302
    assert response["Location"] == f"/cases/{case.pk}/negotiation/#reminders"
    case.refresh_from_db()
    asked = case.reminders_since
    assert asked is not None
    page = buyer_client.get(f"/cases/{case.pk}/").content.decode()
    assert "已开启邮件提醒" in page and "邮件提醒已开启" in page
    # A deadline already past when the switch went on is not mailed: the page says so.
    assert "开启前已经过了的，不会再发邮件" in page

    # Asking again keeps the first moment: a deadline passed since is still mailed.
    buyer_client.post(f"/cases/{case.pk}/reminders/", {"remind": "on"})
    case.refresh_from_db()
    assert case.reminders_since == asked

    buyer_client.post(f"/cases/{case.pk}/reminders/", {"remind": "off", "page": "overview"})
    case.refresh_from_db()
    assert case.reminders_since is None


def test_switching_reminders_changes_nothing_else_in_the_case(buyer_client, buyer):
    case = _own_case(buyer)
    before = (case.updated_at, case.events.count())
    buyer_client.post(f"/cases/{case.pk}/reminders/", {"remind": "on"})
    case.refresh_from_db()
    assert (case.updated_at, case.events.count()) == before


def test_without_an_address_the_page_explains_and_the_switch_refuses(user_client, user):
    case = _own_case(user)
    html = user_client.get(f"/cases/{case.pk}/").content.decode()
    assert "你的账号还没有邮箱" in html and "/accounts/email/" in html
    assert 'name="remind"' not in html
    response = user_client.post(f"/cases/{case.pk}/reminders/", {"remind": "on"}, follow=True)
    assert "提醒邮件只能发给登录了、账号里有邮箱的买家" in response.content.decode()
    case.refresh_from_db()
    assert case.reminders_since is None


def test_an_anonymous_buyer_is_told_why_there_is_no_reminder(db, client):
    client.post("/cases/new/", {"product_name": "某点卡", "platform_name": "某卡盟"})
    case = Case.objects.get()
    html = client.get(f"/cases/{case.pk}/").content.decode()
    assert "要先有账号、留了邮箱" in html
    # Says which deadline it is about: no deadline may have been set yet.
    assert "给商家的期限或平台该答复的时间过了，我们可以发一封邮件提醒你" in html
    # Both ways to an account come back to the switch, the case carried along.
    back = f"next=/cases/{case.pk}/%23reminders"
    assert f'href="/accounts/signup/?{back}"' in html
    assert f'href="/accounts/login/?{back}"' in html
    client.post(f"/cases/{case.pk}/reminders/", {"remind": "on"})
    case.refresh_from_db()
    assert case.reminders_since is None


def test_someone_elses_case_is_404(other_client, buyer):
    case = _own_case(buyer)
    response = other_client.post(f"/cases/{case.pk}/reminders/", {"remind": "on"})
    assert response.status_code == 404


def test_the_negotiation_and_appeal_pages_offer_the_switch_beside_their_records(
    buyer_client, buyer, site
):
    case = _overdue_case(buyer)
    negotiation = buyer_client.get(f"/cases/{case.pk}/negotiation/").content.decode()
    log = negotiation.split('id="log"', 1)[1]
    assert "关闭邮件提醒" in log
    appeal = buyer_client.get(f"/cases/{case.pk}/appeal/").content.decode()
    assert 'name="remind"' not in appeal  # nothing logged with the platform yet
    appeal_services.appeal_record_add(
        case=case,
        submitted_at=timezone.now() - timedelta(days=4),
        version=stage_state(case=case, stage=Stage.APPEAL).version,
    )
    appeal = buyer_client.get(f"/cases/{case.pk}/appeal/").content.decode()
    assert "关闭邮件提醒" in appeal.split('id="records"', 1)[1]
    # The mail's link lands on the same words, which are true 4 days on: 超过 3 天, not 过了 3 天.
    assert "该有答复了" in appeal and "提交了申诉，到现在已经超过 3 天" in appeal


def test_the_stop_link_needs_no_login_and_a_broken_one_changes_nothing(client, buyer):
    case = _own_case(buyer)
    reminders_on(case=case)
    token = unsubscribe_token(case.pk)
    broken = client.get(f"/cases/reminders/stop/{token[:-2]}/")
    assert broken.status_code == 400
    assert "退订链接不完整" in broken.content.decode()
    assert client.head(f"/cases/reminders/stop/{token}/").status_code == 405  # link checkers
    case.refresh_from_db()
    assert case.reminders_since is not None

    confirm = client.get(f"/cases/reminders/stop/{token}/")
    assert "no-cache" in confirm["Cache-Control"] or "no-store" in confirm["Cache-Control"]
    assert 'name="robots" content="noindex"' in confirm.content.decode()
    response = client.post(f"/cases/reminders/stop/{token}/")
    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]
    assert 'name="robots" content="noindex"' in response.content.decode()
    case.refresh_from_db()
    assert case.reminders_since is None
    assert not client.cookies.get(django_settings.SESSION_COOKIE_NAME)


def test_a_token_for_one_case_stops_only_that_case(client, buyer):
    first, second = _own_case(buyer), _own_case(buyer)
    reminders_on(case=first)
    reminders_on(case=second)
    client.post(f"/cases/reminders/stop/{unsubscribe_token(first.pk)}/")
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.reminders_since is None and second.reminders_since is not None


def test_a_signature_from_another_purpose_is_not_an_unsubscribe_token(client, buyer):
    from django.core import signing

    case = _own_case(buyer)
    reminders_on(case=case)
    forged = signing.dumps(str(case.pk))  # signed with the site's key, but not for this
    assert client.get(f"/cases/reminders/stop/{forged}/").status_code == 400
    case.refresh_from_db()
    assert case.reminders_since is not None


def test_the_mail_text_says_no_more_than_the_links_it_carries():
    text = golden_mail("negotiation_deadline")
    urls = re.findall(r"https://\S+", text)
    assert urls == [
        "https://kameng.example/cases/00000000-0000-4000-8000-000000000001/negotiation/",
        "https://kameng.example/cases/reminders/stop/TOKEN/",
    ]
    assert "2026年12月1日 17:00" in text


def test_signing_up_from_the_reminder_line_comes_back_to_the_switch(db, client):
    client.post("/cases/new/", {"product_name": "某点卡", "platform_name": "某卡盟"})
    case = Case.objects.get()
    back = f"/cases/{case.pk}/#reminders"
    response = client.post(
        "/accounts/signup/",
        {
            "username": "newbuyer",
            "email": "new@example.com",
            "password1": "a-Long-pass-2026",
            "password2": "a-Long-pass-2026",
            "next": back,
        },
    )
    assert response.status_code == 302 and response["Location"] == back
    html = client.get(f"/cases/{case.pk}/").content.decode()
    assert "期限过了发邮件提醒我" in html and "new@example.com" in html


def test_only_a_private_transfer_over_the_sellers_failing_gets_the_payment_channel_line():
    facts, reminder = GOLDEN_MAILS["negotiation_deadline_private_transfer"]

    def body(case_facts: CaseFacts) -> str:
        return reminder_mail(
            case_facts,
            reminder,
            case_name="某点卡",
            answer_days=3,
            page_url="u",
            unsubscribe_url="s",
        ).body

    assert "96110" in body(facts) and "从账单详情投诉" in body(facts)
    # A change of mind paid privately is not a scam to report; a platform order has a platform.
    assert "96110" not in body(CaseFacts(payment_method="private", problems=("not_needed",)))
    assert "96110" not in body(CaseFacts(payment_method="platform"))
