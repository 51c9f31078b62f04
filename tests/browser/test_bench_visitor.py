"""The benchmark's simulated visitor against the live server (bench/wizard.py)."""

import sys
import time
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"

pytestmark = pytest.mark.browser  # the live server of the browser tests


def test_a_simulated_visitor_walks_the_whole_wizard_as_make_bench_does(
    live_server, transactional_db
):
    """One visitor of the load test, one case: every save lands where the benchmark expects
    it, so a changed redirect breaks this test instead of `make bench` (other errors)."""
    sys.path.insert(0, str(BENCH))
    try:
        from wizard import LoadResult, SimulatedUser
    finally:
        sys.path.remove(str(BENCH))
    result = LoadResult()
    visitor = SimulatedUser(0, live_server.url, time.monotonic() + 120, result)
    visitor.one_case()
    assert not result.other_errors and not result.server_errors
    assert {ack["kind"] for ack in result.acks} >= {"transaction", "evidence", "escalation"}
