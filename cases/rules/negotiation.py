"""What the buyer should do next on the negotiation page, from the attempts logged so far."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from cases.choices import NegotiationOutcome, Stage
from cases.rules.progress import APPEAL_OUTCOMES, negotiation_facts

# The kinds of next step; the page words each one.
CLOSED, OVERDUE, FAILED, PARTLY, WAIT, START, DECLINED = (
    "closed",
    "overdue",
    "failed",
    "partly",
    "wait",
    "start",
    "declined",  # a goodwill request (the buyer's own reasons) that came to nothing
)
# How a negotiation failed, as the pages and the outside-channel advice say it.
SELLER_FAILED = {
    NegotiationOutcome.REFUSED: "商家拒绝了你的要求",
    NegotiationOutcome.NO_ANSWER: "商家到期没有回复",
    NegotiationOutcome.PROMISED: "商家答应处理，却没有做到",
    NegotiationOutcome.BLOCKED: "商家把你拉黑了，联系不上",
}

# The seller let the deadline pass or broke a promise: a follow-up may still move them.
FOLLOW_UP_OUTCOMES = frozenset({NegotiationOutcome.NO_ANSWER, NegotiationOutcome.PROMISED})


@dataclass(frozen=True)
class NextStep:
    kind: str
    after: Stage  # the door after negotiation: the platform, or outside for a private transfer
    deadline: datetime | None = None
    failed_how: str = ""  # for FAILED: how the seller let the buyer down, in words


def next_step(
    *,
    attempts: Sequence[tuple[str, datetime | None]],
    now: datetime,
    resolved: bool = False,
    private_transfer: bool = False,
    own_reason: bool = False,
) -> NextStep:
    """Return the next step from (outcome, deadline) of each attempt, in sending order.

    A goodwill request (own_reason) that the seller refused or let lapse has no appeal to
    go on to: DECLINED, with the deadline when it lapsed.
    """
    # A private transfer has no platform to appeal to: the next door is outside.
    after = Stage.ESCALATION if private_transfer else Stage.APPEAL
    if resolved:
        return NextStep(CLOSED, after)
    facts = negotiation_facts(attempts, now=now)
    lapsed = facts.overdue_deadline is not None or facts.latest_outcome in APPEAL_OUTCOMES
    if own_reason and lapsed:
        how = SELLER_FAILED.get(facts.latest_outcome, "") if facts.overdue_deadline is None else ""
        return NextStep(DECLINED, after, facts.overdue_deadline, failed_how=how)
    if facts.overdue_deadline is not None:
        return NextStep(OVERDUE, after, facts.overdue_deadline)
    if facts.latest_outcome in APPEAL_OUTCOMES:
        return NextStep(FAILED, after, failed_how=SELLER_FAILED[facts.latest_outcome])
    if facts.latest_outcome == NegotiationOutcome.PARTLY_REFUNDED:
        return NextStep(PARTLY, after)
    if facts.latest_outcome == NegotiationOutcome.PENDING:
        return NextStep(WAIT, after, attempts[-1][1])
    return NextStep(START, after)
