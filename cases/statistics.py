"""Editor statistics: how many cases sit at each stage status and how many ended how.

Numbers only, from grouped counts: nothing here ever sees what a case contains.
A pure function over plain rows, so the admin page can only show what this decides.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from cases.progress import STAGE_NAMES, STAGES, TODO, stage_statuses

STATUS_ORDER = ("todo", "in_progress", "done", "na")
STATUS_NAMES = {"todo": "未开始", "in_progress": "进行中", "done": "已完成", "na": "不适用"}
# Codes match cases.models.Resolution; "" is a case still open.
OUTCOME_ORDER = ("refunded", "partly_refunded", "gave_up", "")
OUTCOME_NAMES = {
    "refunded": "全额退款",
    "partly_refunded": "部分退款",
    "gave_up": "放弃",
    "": "未结束",
}


@dataclass(frozen=True)
class CaseGroup:
    """How many cases share the facts that change a stage's shown status."""

    resolution: str
    payment_method: str
    count: int


@dataclass(frozen=True)
class StoredStatus:
    """How many saved stage rows, in one group of cases, have this stage and status."""

    resolution: str
    payment_method: str
    stage: str
    status: str
    count: int


@dataclass(frozen=True)
class StageRow:
    stage: str
    name: str
    counts: tuple[tuple[str, int], ...]  # (status label, cases), in STATUS_ORDER


@dataclass(frozen=True)
class CaseStatistics:
    total: int
    stages: tuple[StageRow, ...]
    outcomes: tuple[tuple[str, int], ...]  # (outcome label, cases), in OUTCOME_ORDER
    status_names: tuple[str, ...] = tuple(STATUS_NAMES[s] for s in STATUS_ORDER)


def tally(groups: Iterable[CaseGroup], stored: Iterable[StoredStatus]) -> CaseStatistics:
    """Return cases by stage status, as the buyers' task lists show them, and by outcome.

    A stage never saved counts as 未开始; resolved cases and private transfers then get
    the same adjustments the task list makes (cases.progress.stage_statuses).
    """
    groups = list(groups)
    counts = {stage: dict.fromkeys(STATUS_ORDER, 0) for stage in STAGES}
    saved: dict[tuple[str, str, str], int] = {}
    for row in stored:
        if row.stage not in counts:
            continue
        key = (row.resolution, row.payment_method, row.stage)
        saved[key] = saved.get(key, 0) + row.count
        _add(counts, row, row.status, row.count)
    for group in groups:
        for stage in STAGES:
            unsaved = group.count - saved.get((group.resolution, group.payment_method, stage), 0)
            if unsaved > 0:
                row = StoredStatus(group.resolution, group.payment_method, stage, TODO, unsaved)
                _add(counts, row, TODO, unsaved)
    outcomes = dict.fromkeys(OUTCOME_ORDER, 0)
    for group in groups:
        outcome = group.resolution if group.resolution in outcomes else ""
        outcomes[outcome] += group.count
    return CaseStatistics(
        total=sum(group.count for group in groups),
        stages=tuple(
            StageRow(
                stage=stage,
                name=STAGE_NAMES[stage],
                counts=tuple((STATUS_NAMES[s], counts[stage][s]) for s in STATUS_ORDER),
            )
            for stage in STAGES
        ),
        outcomes=tuple((OUTCOME_NAMES[o], outcomes[o]) for o in OUTCOME_ORDER),
    )


def _add(counts: dict[str, dict[str, int]], row: StoredStatus, status: str, n: int) -> None:
    shown = stage_statuses(
        {row.stage: status},
        private_transfer=row.payment_method == "private",
        resolved=bool(row.resolution),
    )[row.stage]
    counts[row.stage][shown if shown in STATUS_ORDER else TODO] += n
