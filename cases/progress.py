"""Stage statuses, the one next action and evidence completeness, from plain data.

Pure functions so the task list and the dashboard can only show what these decide.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

# Codes match cases.models.Stage / StageStatus / EvidenceKind.
STAGES = ("eligibility", "evidence", "negotiation", "appeal", "escalation")
STAGE_NAMES = {
    "eligibility": "退款资格",
    "evidence": "证据",
    "negotiation": "协商",
    "appeal": "平台申诉",
    "escalation": "外部维权",
}
TODO, IN_PROGRESS, DONE, NOT_APPLICABLE = "todo", "in_progress", "done", "na"
FINISHED = {DONE, NOT_APPLICABLE}

# The three kinds every claim needs, in the order a platform reads them.
REQUIRED_EVIDENCE = ("transaction", "communication", "failure")


@dataclass(frozen=True)
class NextAction:
    kind: str  # "start", "continue", "resolve" or "closed"
    label: str
    stage: str = ""  # the stage to open, "" when the action is not a stage


def stage_statuses(
    stored: Mapping[str, str], *, private_transfer: bool = False, resolved: bool = False
) -> dict[str, str]:
    """Return the status of every stage, in order, from the stored ones and the case facts."""
    statuses = {stage: stored.get(stage) or TODO for stage in STAGES}
    if private_transfer and statuses["appeal"] == TODO:
        # No platform payment protection: there is nothing to appeal to.
        statuses["appeal"] = NOT_APPLICABLE
    if resolved:
        for stage, status in statuses.items():
            if status == TODO:
                statuses[stage] = NOT_APPLICABLE
    return statuses


def next_action(statuses: Mapping[str, str], *, resolved: bool = False) -> NextAction:
    """Return the one thing the buyer should do next."""
    if resolved:
        return NextAction(kind="closed", label="案件已结束，时间线会一直保留。")
    for stage in STAGES:
        status = statuses.get(stage, TODO)
        if status in FINISHED:
            continue
        name = STAGE_NAMES[stage]
        if status == IN_PROGRESS:
            return NextAction(kind="continue", label=f"继续「{name}」", stage=stage)
        return NextAction(kind="start", label=f"开始「{name}」", stage=stage)
    return NextAction(kind="resolve", label="所有步骤都做完了：拿到结果后记录下来。")


def evidence_completeness(kinds: Iterable[str]) -> tuple[int, int]:
    """Return how many of the three required kinds of evidence are present, and of how many."""
    present = set(kinds)
    return sum(1 for kind in REQUIRED_EVIDENCE if kind in present), len(REQUIRED_EVIDENCE)
