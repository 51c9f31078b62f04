"""What the buyer should do next on the appeal page, from the latest appeal's outcome."""

from collections.abc import Sequence
from datetime import datetime, timedelta

from cases.choices import AppealOutcome

# The kinds of next step; the page words each one.
CLOSED, START, ESCALATE, REFUNDED, WAIT = "closed", "start", "escalate", "refunded", "wait"
# Still waiting, past the time a platform is expected to answer (settings.APPEAL_ANSWER_DAYS).
OVERDUE = "overdue"
# The platform said no to an appeal over the buyer's own reasons: no outside channel follows.
DECLINED = "declined"
# The platform said no, or never answered: outside channels are next.
FAILED_OUTCOMES = frozenset({AppealOutcome.REJECTED, AppealOutcome.NO_ANSWER})


def answer_due(submitted_at: datetime, *, answer_days: int) -> datetime:
    """Return when the platform should have answered an appeal submitted at submitted_at."""
    return submitted_at + timedelta(days=answer_days)


def next_step(
    *,
    outcomes: Sequence[str],
    resolved: bool = False,
    answer_due: datetime | None = None,
    now: datetime | None = None,
    own_reason: bool = False,
) -> str:
    """Return the kind of next step from the outcomes of the logged appeals, oldest first.

    answer_due is when the platform should have answered the latest appeal: once now is
    past it with no answer logged, the wait is overdue. A failed appeal over the buyer's own
    reasons (not needed, too dear) leads to no outside channel: DECLINED.
    """
    if resolved:
        return CLOSED
    if not outcomes:
        return START
    latest = outcomes[-1]
    if latest in FAILED_OUTCOMES:
        return DECLINED if own_reason else ESCALATE
    if latest == AppealOutcome.REFUNDED:
        return REFUNDED
    if answer_due is not None and now is not None and now >= answer_due:
        return OVERDUE
    return WAIT
