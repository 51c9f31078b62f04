"""Reminder mail: asking for it, stopping it, and sending each due reminder at most once.

`manage.py send_reminders` (run every few minutes by a timer, docs/DEPLOY.md) calls
send_due_reminders(). Each reminder is one ReminderMail row per case, kind and passed
moment, inserted under a lock on the case before the mail is sent:

- two boxes running at once: the first to lock the case inserts the row, the other skips
  the locked case or finds the row (and the unique constraint would refuse a second);
- run twice: the row is there, nothing is sent again;
- killed between the claim and the SMTP server's answer: the row stays without sent_at and
  is never sent again. At most once, not at least once: a process killed mid-send cannot
  tell whether the server took the mail, and a worried buyer mailed twice about the same
  deadline trusts the site less than one who missed a mail about a deadline their case page
  shows anyway. The command reports such claims so an operator sees them;
- the server refused the mail (it is down, it answered an error): nothing left, the row is
  removed and the next run tries again. A refused recipient is not retried.
"""

import logging
import smtplib
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from cases.choices import PaymentMethod
from cases.facts import case_facts
from cases.models import Case, ReminderMail
from cases.rules.progress import own_reasons_only, stage_statuses
from cases.rules.reminders import DueReminder, due_reminder
from cases.selectors import reminders as selectors
from cases.selectors.case import stage_states
from cases.texts.reminders import reminder_mail

logger = logging.getLogger(__name__)

UNSUBSCRIBE_SALT = "cases.reminders.unsubscribe"
# A claim this old without sent_at belongs to a run killed while sending (or a refused
# address); each run reports those of the last day, so the operator's log shows them.
UNCONFIRMED_AFTER = timedelta(hours=1)
UNCONFIRMED_REPORTED = timedelta(days=1)


def reminders_on(*, case: Case) -> None:
    """Mail the case's owner once a deadline passes from now on (kept as is when already on)."""
    # An update, not save(): a setting, not a change to the case (updated_at stays).
    Case.objects.filter(pk=case.pk, reminders_since__isnull=True).update(
        reminders_since=timezone.now()
    )


def reminders_off(*, case_id: uuid.UUID) -> None:
    """Stop the case's reminder mail."""
    Case.objects.filter(pk=case_id).update(reminders_since=None)


def unsubscribe_token(case_id: uuid.UUID) -> str:
    """Return the signed token of the case's one-click unsubscribe link.

    The same for every mail of the case, and it never expires: a link in an old mail
    still stops the mail. It allows nothing but that.
    """
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign(str(case_id))


def case_id_from_token(token: str) -> uuid.UUID | None:
    """Return the case id an unsubscribe token was signed for, or None if it is not ours."""
    try:
        return uuid.UUID(signing.Signer(salt=UNSUBSCRIBE_SALT).unsign(token))
    except (signing.BadSignature, ValueError):
        return None


def site_url(path: str) -> str:
    """Return the absolute address of a path on this site, for a mail sent outside a request."""
    return settings.SITE_URL.rstrip("/") + path


@dataclass(frozen=True)
class SendReport:
    sent: int = 0
    failed: int = 0  # not sent: tried again at the next run, unless the address was refused
    unconfirmed: int = 0  # claimed 1–24 hours ago and never confirmed sent: never retried


def _message(case: Case, reminder: DueReminder) -> EmailMessage:
    facts = case_facts(case)
    unsubscribe = site_url(reverse("cases:reminders_stop", args=[unsubscribe_token(case.pk)]))
    text = reminder_mail(
        facts,
        reminder,
        case_name=case.display_title,
        answer_days=settings.APPEAL_ANSWER_DAYS,
        page_url=site_url(reverse(f"cases:{reminder.page}", args=[case.pk])),
        unsubscribe_url=unsubscribe,
    )
    return EmailMessage(
        subject=text.subject,
        body=text.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[case.owner.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            # RFC 8058: the mail app may stop the mail with one POST, without opening a page.
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )


def _claim(case_id: uuid.UUID, now: datetime) -> tuple[ReminderMail, EmailMessage] | None:
    """Claim the reminder the case is due, if any, and return it with its mail."""
    try:
        with transaction.atomic():
            case = selectors.case_to_remind(case_id=case_id)
            if case is None or case.owner is None or not case.owner.email:
                return None
            private = case.payment_method == PaymentMethod.PRIVATE
            stored = {stage: state.status for stage, state in stage_states(case).items()}
            reminder = due_reminder(
                statuses=stage_statuses(stored, private_transfer=private),
                attempts=[(a.outcome, a.deadline) for a in case.negotiations.all()],
                appeals=[(a.outcome, a.submitted_at) for a in case.appeals.all()],
                since=case.reminders_since,
                now=now,
                answer_days=settings.APPEAL_ANSWER_DAYS,
                resolved=bool(case.resolution),
                private_transfer=private,
                own_reason=own_reasons_only(case.problems, case.fraud_signs),
            )
            if reminder is None or selectors.reminder_sent(
                case=case, kind=reminder.kind, due_at=reminder.due_at
            ):
                return None
            claim = ReminderMail.objects.create(
                case=case, kind=reminder.kind, due_at=reminder.due_at, claimed_at=now
            )
            return claim, _message(case, reminder)
    except IntegrityError:
        return None  # claimed by another process in the meantime, or the case is gone


def send_due_reminders(*, now: datetime | None = None) -> SendReport:
    """Send every reminder that is due and was never claimed; return what happened."""
    now = now or timezone.now()
    sent = failed = 0
    for case_id in selectors.reminder_candidates(now=now, answer_days=settings.APPEAL_ANSWER_DAYS):
        claimed = _claim(case_id, now)
        if claimed is None:
            continue
        claim, message = claimed
        try:
            message.send()
        except smtplib.SMTPRecipientsRefused:
            # The address itself is refused: trying every few minutes would not change that.
            # The claim stays, unconfirmed.
            logger.warning("reminder %s: the mail server refused the address", claim.pk)
            failed += 1
            continue
        except Exception:
            logger.exception("reminder %s not sent; the next run tries again", claim.pk)
            claim.delete()
            failed += 1
            continue
        ReminderMail.objects.filter(pk=claim.pk).update(sent_at=timezone.now())
        sent += 1
    unconfirmed = selectors.unconfirmed_reminders(
        claimed_after=now - UNCONFIRMED_REPORTED, claimed_before=now - UNCONFIRMED_AFTER
    )
    return SendReport(sent=sent, failed=failed, unconfirmed=unconfirmed)
