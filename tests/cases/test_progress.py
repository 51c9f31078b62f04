import datetime

import pytest

from cases.rules.progress import (
    DONE,
    IN_PROGRESS,
    NOT_APPLICABLE,
    TODO,
    NegotiationFacts,
    evidence_completeness,
    missing_evidence,
    next_action,
    own_reasons_only,
    stage_statuses,
)


@pytest.mark.parametrize(
    ("stored", "flags", "expected"),
    [
        ({}, {}, [TODO] * 5),
        (
            {"eligibility": DONE, "evidence": IN_PROGRESS},
            {},
            [DONE, IN_PROGRESS, TODO, TODO, TODO],
        ),
        (
            {"eligibility": DONE},
            {"private_transfer": True},
            [DONE, TODO, TODO, NOT_APPLICABLE, TODO],
        ),
        (
            {"eligibility": DONE, "appeal": IN_PROGRESS},
            {"private_transfer": True},
            [DONE, TODO, TODO, IN_PROGRESS, TODO],
        ),
        (
            {"eligibility": DONE, "negotiation": IN_PROGRESS},
            {"resolved": True},
            [DONE, NOT_APPLICABLE, IN_PROGRESS, NOT_APPLICABLE, NOT_APPLICABLE],
        ),
    ],
)
def test_stage_statuses(stored, flags, expected):
    assert list(stage_statuses(stored, **flags).values()) == expected


@pytest.mark.parametrize(
    ("statuses", "resolved", "kind", "stage"),
    [
        (dict.fromkeys(["eligibility"], TODO), False, "start", "eligibility"),
        ({"eligibility": IN_PROGRESS}, False, "continue", "eligibility"),
        ({"eligibility": DONE}, False, "start", "evidence"),
        ({"eligibility": DONE, "evidence": IN_PROGRESS}, False, "continue", "evidence"),
        (
            {"eligibility": DONE, "evidence": DONE, "negotiation": DONE, "appeal": NOT_APPLICABLE},
            False,
            "start",
            "escalation",
        ),
        (
            dict.fromkeys(["eligibility", "evidence", "negotiation", "appeal", "escalation"], DONE),
            False,
            "resolve",
            "",
        ),
        ({"eligibility": TODO}, True, "closed", ""),
    ],
)
def test_next_action_is_the_first_unfinished_stage(statuses, resolved, kind, stage):
    action = next_action(statuses, resolved=resolved)
    assert (action.kind, action.stage) == (kind, stage)
    assert action.label


@pytest.mark.parametrize(
    ("kinds", "expected"),
    [
        ([], (0, 3)),
        (["other"], (0, 3)),
        (["transaction", "transaction"], (1, 3)),
        (["transaction", "communication", "other"], (2, 3)),
        (["failure", "communication", "transaction"], (3, 3)),
    ],
)
def test_evidence_completeness(kinds, expected):
    assert evidence_completeness(kinds) == expected


@pytest.mark.parametrize(
    ("kinds", "expected"),
    [
        ([], ["transaction", "communication", "failure"]),
        (["other", "failure"], ["transaction", "communication"]),
        (["communication", "communication"], ["transaction", "failure"]),
        (["failure", "communication", "transaction"], []),
    ],
)
def test_missing_evidence_keeps_the_order_they_are_needed_in(kinds, expected):
    assert missing_evidence(kinds) == expected


OVERDUE = NegotiationFacts(
    overdue_deadline=datetime.datetime(2026, 11, 1, 17, 0, tzinfo=datetime.UTC)
)
REFUSED = NegotiationFacts(latest_outcome="refused")
ISSUED = NegotiationFacts(latest_outcome="refused", issued_reply_due=True)
AFTER_NEGOTIATION = {"eligibility": DONE, "evidence": DONE, "negotiation": IN_PROGRESS}


@pytest.mark.parametrize(
    ("statuses", "facts", "kind", "stage", "label"),
    [
        (AFTER_NEGOTIATION, OVERDUE, "overdue", "appeal", "给商家的期限已过：向平台申诉"),
        (AFTER_NEGOTIATION, REFUSED, "start", "appeal", "协商没有结果：向平台申诉"),
        (
            AFTER_NEGOTIATION | {"appeal": IN_PROGRESS},
            REFUSED,
            "continue",
            "appeal",
            "继续「平台申诉」",
        ),
        # A private transfer has no platform to appeal to: outside channels come next.
        (
            AFTER_NEGOTIATION | {"appeal": NOT_APPLICABLE},
            OVERDUE,
            "overdue",
            "escalation",
            "给商家的期限已过：考虑外部维权",
        ),
        (
            AFTER_NEGOTIATION | {"appeal": NOT_APPLICABLE},
            REFUSED,
            "start",
            "escalation",
            "协商没有结果：考虑外部维权",
        ),
        # Once the buyer has gone on, the passed deadline no longer leads.
        (
            AFTER_NEGOTIATION | {"appeal": IN_PROGRESS},
            OVERDUE,
            "continue",
            "appeal",
            "继续「平台申诉」",
        ),
        # Once the stage it points to is finished, the stage order takes over again, and a
        # negotiation still waiting on the seller no longer comes first.
        (AFTER_NEGOTIATION | {"appeal": DONE}, OVERDUE, "start", "escalation", "开始「外部维权」"),
        (
            AFTER_NEGOTIATION | {"escalation": IN_PROGRESS},
            NegotiationFacts(latest_outcome="pending"),
            "start",
            "appeal",
            "开始「平台申诉」",
        ),
        (AFTER_NEGOTIATION, NegotiationFacts(), "continue", "negotiation", "继续「协商」"),
        # The seller said 卡密已发放 for the first time: the ready reply, before the appeal.
        (
            AFTER_NEGOTIATION,
            ISSUED,
            "reply",
            "negotiation",
            "商家说卡密已发放：先回复他，要他拿出发货记录",
        ),
        # Once the buyer went on to the appeal, or the reply's deadline passed, it does not.
        (
            AFTER_NEGOTIATION | {"appeal": IN_PROGRESS},
            ISSUED,
            "continue",
            "appeal",
            "继续「平台申诉」",
        ),
        (
            AFTER_NEGOTIATION,
            NegotiationFacts(
                latest_outcome="pending",
                overdue_deadline=OVERDUE.overdue_deadline,
                issued_reply_due=True,
            ),
            "overdue",
            "appeal",
            "给商家的期限已过：向平台申诉",
        ),
        # Evidence still short of a kind does not hold back a buyer whose appeal failed.
        (
            {"eligibility": DONE, "evidence": IN_PROGRESS, "negotiation": DONE, "appeal": DONE},
            REFUSED,
            "start",
            "escalation",
            "开始「外部维权」",
        ),
        (
            {"eligibility": DONE, "evidence": IN_PROGRESS, "negotiation": DONE},
            REFUSED,
            "start",
            "appeal",
            "协商没有结果：向平台申诉",
        ),
    ],
)
def test_a_failed_or_overdue_negotiation_points_to_the_way_on(statuses, facts, kind, stage, label):
    action = next_action(statuses, negotiation=facts)
    assert (action.kind, action.stage, action.label) == (kind, stage, label)


@pytest.mark.parametrize(
    ("problems", "fraud", "expected"),
    [
        (["not_needed"], False, True),
        (["not_needed", "too_expensive"], None, True),
        # A failing of the seller's, or fraud, and it is the seller's case after all.
        (["not_needed", "late"], False, False),
        (["not_needed"], True, False),
        (["other"], False, False),
        ([], False, False),
    ],
)
def test_own_reasons_only(problems, fraud, expected):
    assert own_reasons_only(problems, fraud) is expected


def test_a_goodwill_request_that_came_to_nothing_points_to_recording_the_end():
    refused = NegotiationFacts(latest_outcome="refused")
    action = next_action(AFTER_NEGOTIATION, negotiation=refused, own_reason=True)
    assert (action.kind, action.stage) == ("declined", "")
    assert action.label == "协商没有结果：这种情况申诉通常也没用，决定放弃就记下结果"
    # Only the deadline passed: what the seller said is to be logged first, on that page.
    action = next_action(AFTER_NEGOTIATION, negotiation=OVERDUE, own_reason=True)
    assert (action.kind, action.stage) == ("overdue", "negotiation")
    assert action.label == "给商家的期限已过：记下商家的回复"
    # Gone on to appeal anyway: the page follows the buyer.
    went_on = AFTER_NEGOTIATION | {"appeal": IN_PROGRESS}
    assert next_action(went_on, negotiation=refused, own_reason=True).kind == "continue"


def test_past_the_seller_the_buyers_own_reasons_have_no_stage_to_start():
    done = {"eligibility": DONE, "evidence": DONE, "negotiation": DONE}
    action = next_action(done, own_reason=True)
    assert (action.kind, action.stage) == ("declined", "")
    assert next_action(done).label == "开始「平台申诉」"


def test_a_goodwill_request_still_open_is_what_comes_next():
    # A first request refused (the stage is done), a second one still waiting on the seller.
    done = {"eligibility": DONE, "evidence": DONE, "negotiation": DONE}
    waiting = NegotiationFacts(latest_outcome="pending")
    action = next_action(done, negotiation=waiting, own_reason=True)
    assert (action.kind, action.stage) == ("continue", "negotiation")


def test_a_goodwill_request_comes_right_after_step_1():
    # No failing to prove: the polite request to the seller is next, not the evidence.
    action = next_action({"eligibility": DONE}, own_reason=True)
    assert (action.kind, action.stage, action.label) == ("start", "negotiation", "开始「协商」")
    # Evidence the buyer started anyway is theirs to finish.
    started = {"eligibility": DONE, "evidence": IN_PROGRESS}
    assert next_action(started, own_reason=True).stage == "evidence"
    # A seller's failing keeps the evidence first.
    assert next_action({"eligibility": DONE}).stage == "evidence"


def test_part_of_the_money_back_asks_the_buyer_to_accept_or_go_on():
    partly = NegotiationFacts(latest_outcome="partly_refunded")
    done = AFTER_NEGOTIATION | {"negotiation": DONE}
    action = next_action(done, negotiation=partly)
    assert (action.kind, action.stage) == ("partly", "negotiation")
    assert action.label == "商家只退了一部分：接受就记下结果，不接受就向平台申诉"
    private = next_action(done | {"appeal": NOT_APPLICABLE}, negotiation=partly)
    assert private.label == "商家只退了一部分：接受就记下结果，不接受就考虑外部维权"
    goodwill = next_action(done, negotiation=partly, own_reason=True)
    assert goodwill.label == "商家通融退了一部分：接受的话，记下结果"
    # Gone on to the appeal for the rest: that is what comes next.
    assert next_action(done | {"appeal": IN_PROGRESS}, negotiation=partly).stage == "appeal"
