"""The next step on the appeal page, decided from the logged appeals' outcomes alone."""

import pytest

from cases.choices import AppealOutcome
from cases.rules.appeal import next_step

PENDING, REFUNDED = AppealOutcome.PENDING, AppealOutcome.REFUNDED
REJECTED, NO_ANSWER = AppealOutcome.REJECTED, AppealOutcome.NO_ANSWER


@pytest.mark.parametrize(
    ("outcomes", "resolved", "expected"),
    [
        ([], False, "start"),
        ([PENDING], False, "wait"),
        ([REJECTED], False, "escalate"),
        ([NO_ANSWER], False, "escalate"),
        ([REFUNDED], False, "refunded"),
        # Only the latest appeal counts.
        ([REJECTED, PENDING], False, "wait"),
        ([PENDING, NO_ANSWER], False, "escalate"),
        # A resolved case is closed, whatever the platform said.
        ([], True, "closed"),
        ([REJECTED], True, "closed"),
    ],
)
def test_next_step(outcomes, resolved, expected):
    assert next_step(outcomes=outcomes, resolved=resolved) == expected


@pytest.mark.parametrize("outcome", [AppealOutcome.REJECTED, AppealOutcome.NO_ANSWER])
def test_a_failed_appeal_over_the_buyers_own_reasons_goes_nowhere_further(outcome):
    assert next_step(outcomes=[outcome], own_reason=True) == "declined"
    assert next_step(outcomes=[outcome]) == "escalate"
