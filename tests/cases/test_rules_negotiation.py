"""The next step on the negotiation page, decided from the logged attempts alone."""

from datetime import datetime, timedelta

import pytest

from cases.choices import NegotiationOutcome, Stage
from cases.rules.negotiation import NextStep, next_step

NOW = datetime(2026, 3, 5, 12, 0)
PAST, FUTURE = NOW - timedelta(hours=1), NOW + timedelta(hours=5)
PENDING, REFUNDED = NegotiationOutcome.PENDING, NegotiationOutcome.REFUNDED
PARTLY, REFUSED = NegotiationOutcome.PARTLY_REFUNDED, NegotiationOutcome.REFUSED
NO_ANSWER = NegotiationOutcome.NO_ANSWER


@pytest.mark.parametrize(
    ("attempts", "resolved", "private", "expected"),
    [
        ([], False, False, NextStep("start", Stage.APPEAL)),
        ([], False, True, NextStep("start", Stage.ESCALATION)),
        ([(PENDING, FUTURE)], False, False, NextStep("wait", Stage.APPEAL, FUTURE)),
        ([(PENDING, None)], False, False, NextStep("wait", Stage.APPEAL, None)),
        ([(PENDING, PAST)], False, False, NextStep("overdue", Stage.APPEAL, PAST)),
        ([(REFUSED, None)], False, False, NextStep("failed", Stage.APPEAL)),
        ([(NO_ANSWER, PAST)], False, True, NextStep("failed", Stage.ESCALATION)),
        ([(PARTLY, None)], False, False, NextStep("partly", Stage.APPEAL)),
        # The latest attempt decides; an earlier one left pending past its deadline wins.
        (
            [(REFUSED, None), (PENDING, FUTURE)],
            False,
            False,
            NextStep("wait", Stage.APPEAL, FUTURE),
        ),
        ([(PENDING, PAST), (REFUSED, None)], False, False, NextStep("overdue", Stage.APPEAL, PAST)),
        ([(REFUNDED, None)], False, False, NextStep("start", Stage.APPEAL)),
        ([(PENDING, PAST)], True, False, NextStep("closed", Stage.APPEAL)),
    ],
)
def test_next_step(attempts, resolved, private, expected):
    assert (
        next_step(attempts=attempts, now=NOW, resolved=resolved, private_transfer=private)
        == expected
    )
