"""Reads for the reminder mail: which cases may be due one, and one case with its records."""

import uuid
from datetime import datetime, timedelta

from django.db.models import Exists, OuterRef, Prefetch

from cases.choices import AppealOutcome, NegotiationOutcome
from cases.models import AppealRecord, Case, NegotiationAttempt, ReminderMail
from cases.selectors.case import LISTED


def reminder_candidates(*, now: datetime, answer_days: int) -> list[uuid.UUID]:
    """Return the ids of the cases that may be due a reminder (1 query).

    Open cases whose owner asked for reminders and has an address, with a pending attempt
    past its deadline or a pending appeal past its answer time. A coarse filter: the rules
    (cases.rules.reminders) decide, on the case's fresh records.
    """
    late_attempt = NegotiationAttempt.objects.filter(
        case=OuterRef("pk"), outcome=NegotiationOutcome.PENDING, deadline__lt=now
    )
    late_appeal = AppealRecord.objects.filter(
        case=OuterRef("pk"),
        outcome=AppealOutcome.PENDING,
        submitted_at__lte=now - timedelta(days=answer_days),
    )
    return list(
        Case.objects.filter(reminders_since__isnull=False, resolution="", owner__is_active=True)
        .exclude(owner__email="")
        .filter(Exists(late_attempt) | Exists(late_appeal))
        .order_by("reminders_since", "pk")
        .values_list("pk", flat=True)
    )


def case_to_remind(*, case_id: uuid.UUID) -> Case | None:
    """Return the case, locked for this transaction, with its owner, stages and records.

    A case another process holds is skipped (None), as is one no longer asking for
    reminders: the lock is what keeps two boxes from mailing the same reminder, and what
    makes an unsubscribe or a deletion that came first win.
    """
    listed = [Prefetch(name, queryset=LISTED[name]()) for name in ("negotiations", "appeals")]
    return (
        Case.objects.select_for_update(skip_locked=True, of=("self",))
        .select_related("owner")
        .prefetch_related("stages", *listed, "escalations", "evidence")
        .filter(pk=case_id, reminders_since__isnull=False, resolution="")
        .first()
    )


def reminder_sent(*, case: Case, kind: str, due_at: datetime) -> bool:
    """Return whether this reminder was claimed already, sent or not."""
    return ReminderMail.objects.filter(case=case, kind=kind, due_at=due_at).exists()


def unconfirmed_reminders(*, claimed_after: datetime, claimed_before: datetime) -> int:
    """Return how many reminders claimed between the two moments were never confirmed sent."""
    return ReminderMail.objects.filter(
        sent_at__isnull=True, claimed_at__gt=claimed_after, claimed_at__lt=claimed_before
    ).count()
