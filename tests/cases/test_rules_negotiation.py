"""The next step on the negotiation page, decided from the logged attempts alone."""

from datetime import datetime, timedelta

import pytest

from cases.choices import NegotiationOutcome, Stage
from cases.rules.negotiation import NextStep, next_step

NOW = datetime(2026, 3, 5, 12, 0)
PAST, FUTURE = NOW - timedelta(hours=1), NOW + timedelta(hours=5)
PENDING, REFUNDED = NegotiationOutcome.PENDING, NegotiationOutcome.REFUNDED
PARTLY, REFUSED = NegotiationOutcome.PARTLY_REFUNDED, NegotiationOutcome.REFUSED
NO_ANSWER, PROMISED = NegotiationOutcome.NO_ANSWER, NegotiationOutcome.PROMISED


@pytest.mark.parametrize(
    ("attempts", "resolved", "private", "expected"),
    [
        ([], False, False, NextStep("start", Stage.APPEAL)),
        ([], False, True, NextStep("start", Stage.ESCALATION)),
        ([(PENDING, FUTURE)], False, False, NextStep("wait", Stage.APPEAL, FUTURE)),
        ([(PENDING, None)], False, False, NextStep("wait", Stage.APPEAL, None)),
        ([(PENDING, PAST)], False, False, NextStep("overdue", Stage.APPEAL, PAST)),
        (
            [(REFUSED, None)],
            False,
            False,
            NextStep("failed", Stage.APPEAL, failed_how="商家拒绝了你的要求"),
        ),
        (
            [(NO_ANSWER, PAST)],
            False,
            True,
            NextStep("failed", Stage.ESCALATION, failed_how="商家到期没有回复"),
        ),
        # A promise the seller did not keep is a failed negotiation too: appeal next.
        (
            [(PROMISED, PAST)],
            False,
            False,
            NextStep("failed", Stage.APPEAL, failed_how="商家答应处理，却没有做到"),
        ),
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


@pytest.mark.parametrize(
    ("attempts", "expected"),
    [
        # A goodwill request the seller refused, ignored or promised and dropped: nothing
        # to appeal, whatever the platform.
        # The page says what the seller did, as logged; nothing when only the deadline passed.
        ([(REFUSED, None)], NextStep("declined", Stage.APPEAL, failed_how="商家拒绝了你的要求")),
        ([(NO_ANSWER, PAST)], NextStep("declined", Stage.APPEAL, failed_how="商家到期没有回复")),
        ([(PENDING, PAST)], NextStep("declined", Stage.APPEAL, PAST)),
        (
            [(PROMISED, PAST)],
            NextStep("declined", Stage.APPEAL, failed_how="商家答应处理，却没有做到"),
        ),
        # Still waiting, or the seller gave way: as for any buyer.
        ([(PENDING, FUTURE)], NextStep("wait", Stage.APPEAL, FUTURE)),
        ([(PARTLY, None)], NextStep("partly", Stage.APPEAL)),
    ],
)
def test_a_goodwill_request_that_came_to_nothing_leads_to_no_appeal(attempts, expected):
    assert next_step(attempts=attempts, now=NOW, own_reason=True) == expected
