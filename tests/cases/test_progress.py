import pytest

from cases.progress import (
    DONE,
    IN_PROGRESS,
    NOT_APPLICABLE,
    TODO,
    evidence_completeness,
    next_action,
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
