"""What the buyer should do next on the negotiation page, from the attempts logged so far."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from cases.choices import NegotiationOutcome, Stage
from cases.rules.progress import APPEAL_OUTCOMES, negotiation_facts

# The kinds of next step; the page words each one.
CLOSED, OVERDUE, FAILED, PARTLY, WAIT, START = (
    "closed",
    "overdue",
    "failed",
    "partly",
    "wait",
    "start",
)


@dataclass(frozen=True)
class NextStep:
    kind: str
    after: Stage  # the door after negotiation: the platform, or outside for a private transfer
    deadline: datetime | None = None


def next_step(
    *,
    attempts: Sequence[tuple[str, datetime | None]],
    now: datetime,
    resolved: bool = False,
    private_transfer: bool = False,
) -> NextStep:
    """Return the next step from (outcome, deadline) of each attempt, in sending order."""
    # A private transfer has no platform to appeal to: the next door is outside.
    after = Stage.ESCALATION if private_transfer else Stage.APPEAL
    if resolved:
        return NextStep(CLOSED, after)
    facts = negotiation_facts(attempts, now=now)
    if facts.overdue_deadline is not None:
        return NextStep(OVERDUE, after, facts.overdue_deadline)
    if facts.latest_outcome in APPEAL_OUTCOMES:
        return NextStep(FAILED, after)
    if facts.latest_outcome == NegotiationOutcome.PARTLY_REFUNDED:
        return NextStep(PARTLY, after)
    if facts.latest_outcome == NegotiationOutcome.PENDING:
        return NextStep(WAIT, after, attempts[-1][1])
    return NextStep(START, after)
