"""Editor statistics: cases by stage status, by the furthest stage reached, by outcome
overall and by the latest outcome in each channel (seller, platform, 12315, 黑猫, police).

Numbers only, from grouped counts: nothing here ever sees what a case contains.
A pure function over plain rows, so the admin page can only show what this decides.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from cases.choices import (
    RESOLUTION_NAMES,
    AppealOutcome,
    Channel,
    EscalationOutcome,
    NegotiationOutcome,
    StageStatus,
)
from cases.rules.progress import STAGE_NAMES, STAGES, TODO, stage_statuses

STATUS_ORDER = tuple(StageStatus.values)
STATUS_NAMES = dict(StageStatus.choices)
OUTCOME_ORDER = tuple(RESOLUTION_NAMES)
OUTCOME_NAMES = RESOLUTION_NAMES


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
    reached: tuple[tuple[str, int], ...] = ()  # furthest_stages
    channels: tuple["ChannelRow", ...] = ()  # channel_outcomes


def tally(groups: Iterable[CaseGroup], stored: Iterable[StoredStatus]) -> CaseStatistics:
    """Return cases by stage status, as the buyers' task lists show them, and by outcome.

    A stage never saved counts as 未开始; resolved cases and private transfers then get
    the same adjustments the task list makes (cases.rules.progress.stage_statuses).
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


@dataclass(frozen=True)
class ReachedGroup:
    """How many cases have started exactly these stages (saved as in progress or done)."""

    started: frozenset[str]
    count: int


def furthest_stages(groups: Iterable[ReachedGroup]) -> tuple[tuple[str, int], ...]:
    """Return how many cases got furthest to each stage, in order, after the never-started.

    A case counts once, at the last stage (in the wizard's order) it has started,
    even if it skipped one before: a buyer may go straight to the appeal.
    """
    counts = dict.fromkeys(("", *STAGES), 0)
    for group in groups:
        reached = [stage for stage in STAGES if stage in group.started]
        counts[reached[-1] if reached else ""] += group.count
    return tuple((STAGE_NAMES.get(stage, NOT_STARTED), n) for stage, n in counts.items())


NOT_STARTED = "还没开始任何一步"
NOT_USED = "没有记录"


@dataclass(frozen=True)
class OutcomeGroup:
    """How many cases share the latest outcome in every channel (None: nothing logged there)."""

    latest: tuple[tuple[str, str | None], ...]  # (channel, outcome code or None)
    count: int


@dataclass(frozen=True)
class ChannelRow:
    channel: str
    name: str
    counts: tuple[tuple[str, int], ...]  # (outcome label, cases), NOT_USED last


def channel_outcomes(
    groups: Iterable[OutcomeGroup],
    channels: Sequence[tuple[str, str, Sequence[tuple[str, str]]]],
) -> tuple[ChannelRow, ...]:
    """Return, per channel, how many cases' latest logged attempt ended each way.

    channels: (code, name, [(outcome code, label), …]) in the order to show them.
    Every case is counted once per channel, under NOT_USED when it logged nothing there.
    """
    counts = {code: {outcome: 0 for outcome, _ in outcomes} for code, _, outcomes in channels}
    unused = dict.fromkeys(counts, 0)
    for group in groups:
        latest = dict(group.latest)
        for code in counts:
            outcome = latest.get(code)
            if outcome is None:
                unused[code] += group.count
            elif outcome in counts[code]:
                counts[code][outcome] += group.count
    return tuple(
        ChannelRow(
            channel=code,
            name=name,
            counts=(
                *((label, counts[code][outcome]) for outcome, label in outcomes),
                (NOT_USED, unused[code]),
            ),
        )
        for code, name, outcomes in channels
    )


# Outcome figures for readers (issue 17): the home page and guide part 5 show, per step,
# how many finished cases tried it and how many of those got money back there. A figure is
# shown only when at least MIN_GROUP cases stand behind it, so no single case can be
# recognised in it.
MIN_GROUP = 20
OUTSIDE = "outside"
# (step, name, the channels it covers, the outcomes that mean money came back there)
READER_STEPS = (
    (
        "negotiation",
        "和商家协商",
        ("negotiation",),
        {NegotiationOutcome.REFUNDED, NegotiationOutcome.PARTLY_REFUNDED},
    ),
    ("appeal", "平台申诉", ("appeal",), {AppealOutcome.REFUNDED}),
    (
        OUTSIDE,
        "外部维权（12315、黑猫投诉、报警）",
        tuple(Channel.values),
        {EscalationOutcome.RESOLVED},
    ),
)


@dataclass(frozen=True)
class StepFigure:
    step: str
    name: str
    tried: int  # finished cases that logged this step
    money_back: int  # of those, how many got money back at this step


def outcome_figures(
    groups: Iterable[OutcomeGroup], *, min_group: int = MIN_GROUP
) -> tuple[StepFigure, ...]:
    """Return, per step, how many finished cases tried it and got money back there.

    groups are finished cases by their latest outcome in every channel (as for the
    editors' numbers); a step is left out when fewer than min_group cases tried it.
    """
    tried = dict.fromkeys((step for step, *_ in READER_STEPS), 0)
    money_back = dict(tried)
    for group in groups:
        latest = dict(group.latest)
        for step, _, channels, refunded in READER_STEPS:
            outcomes = [latest.get(channel) for channel in channels]
            if any(outcome is not None for outcome in outcomes):
                tried[step] += group.count
                if any(outcome in refunded for outcome in outcomes):
                    money_back[step] += group.count
    return tuple(
        StepFigure(step, name, tried[step], money_back[step])
        for step, name, _, _ in READER_STEPS
        if tried[step] >= min_group
    )


def _add(counts: dict[str, dict[str, int]], row: StoredStatus, status: str, n: int) -> None:
    shown = stage_statuses(
        {row.stage: status},
        private_transfer=row.payment_method == "private",
        resolved=bool(row.resolution),
    )[row.stage]
    counts[row.stage][shown if shown in STATUS_ORDER else TODO] += n
