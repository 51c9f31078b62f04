"""What the buyer should do next on the appeal page, from the latest appeal's outcome."""

from collections.abc import Sequence

from cases.choices import AppealOutcome

# The kinds of next step; the page words each one.
CLOSED, START, ESCALATE, REFUNDED, WAIT = "closed", "start", "escalate", "refunded", "wait"
# The platform said no, or never answered: outside channels are next.
FAILED_OUTCOMES = frozenset({AppealOutcome.REJECTED, AppealOutcome.NO_ANSWER})


def next_step(*, outcomes: Sequence[str], resolved: bool = False) -> str:
    """Return the kind of next step from the outcomes of the logged appeals, oldest first."""
    if resolved:
        return CLOSED
    if not outcomes:
        return START
    latest = outcomes[-1]
    if latest in FAILED_OUTCOMES:
        return ESCALATE
    if latest == AppealOutcome.REFUNDED:
        return REFUNDED
    return WAIT
