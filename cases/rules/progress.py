"""Stage statuses, the one next action and evidence completeness, from plain data.

Pure functions so the task list and the dashboard can only show what these decide.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from cases.choices import OWN_REASONS, EvidenceKind, NegotiationOutcome, Stage, StageStatus

STAGES = tuple(Stage.values)
STAGE_NAMES = dict(Stage.choices)
TODO, IN_PROGRESS, DONE, NOT_APPLICABLE = (
    StageStatus.TODO,
    StageStatus.IN_PROGRESS,
    StageStatus.DONE,
    StageStatus.NOT_APPLICABLE,
)
FINISHED = {DONE, NOT_APPLICABLE}

# The three kinds every claim needs, in the order a platform reads them.
REQUIRED_EVIDENCE = (EvidenceKind.TRANSACTION, EvidenceKind.COMMUNICATION, EvidenceKind.FAILURE)

PENDING = NegotiationOutcome.PENDING
FINAL_OUTCOMES = frozenset(set(NegotiationOutcome) - {NegotiationOutcome.PENDING})
# The seller said no, let the deadline pass or broke a promise: the platform is next
# (先协商，再申诉).
APPEAL_OUTCOMES = frozenset(
    {
        NegotiationOutcome.REFUSED,
        NegotiationOutcome.NO_ANSWER,
        NegotiationOutcome.PROMISED,
        NegotiationOutcome.BLOCKED,
    }
)

# The way on after a failed negotiation, in words, by the stage it leads to (also the
# reminder mail's next step).
WAY_ON = {Stage.APPEAL: "向平台申诉", Stage.ESCALATION: "考虑外部维权"}


@dataclass(frozen=True)
class NegotiationFacts:
    """What the logged attempts say: a passed deadline still waiting, and the latest outcome."""

    overdue_deadline: datetime | None = None
    latest_outcome: str = ""
    # The latest answer was 卡密已发放 (the first time): the ready reply comes before an appeal.
    issued_reply_due: bool = False


@dataclass(frozen=True)
class NextAction:
    # "start", "continue", "resolve", "closed"; "overdue", "declined", "partly" and "reply"
    # (send the ready reply to 卡密已发放) after a message to the seller.
    kind: str
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


def own_reasons_only(problems: Iterable[str], fraud_signs: bool | None) -> bool:
    """Return True when the buyer's own reasons are all there is: no failing, no fraud."""
    chosen = set(problems)
    return bool(chosen) and chosen <= OWN_REASONS and fraud_signs is not True


# The seller said no to a goodwill request (不需要了, 太贵了): no platform or outside channel
# takes that up, so the way on is to record how it ended, not an appeal.
GOODWILL_DECLINED = "协商没有结果：这种情况申诉通常也没用，决定放弃就记下结果"
# Its deadline passed with no answer logged: what the seller said comes first.
GOODWILL_LAPSED = "给商家的期限已过：记下商家的回复"
# The seller said the code went out and cannot be recalled: the negotiation page's ready
# reply (ask for the delivery record) comes before the appeal, on every page alike.
ISSUED_REPLY = "商家说卡密已发放：先回复他，要他拿出发货记录"
# The seller paid back part of the money: accept it, or go on for the rest.
PARTLY = "商家只退了一部分：接受就记下结果"
PARTLY_GOODWILL = "商家通融退了一部分：接受的话，记下结果"
# Past the seller, the buyer's own reasons have no stage left that can help.
GOODWILL_END = "这种情况平台和外部渠道通常都帮不了：决定放弃就记下结果"


def next_action(
    statuses: Mapping[str, str],
    *,
    resolved: bool = False,
    negotiation: NegotiationFacts | None = None,
    own_reason: bool = False,
) -> NextAction:
    """Return the one thing the buyer should do next."""
    if resolved:
        return NextAction(kind="closed", label="案件已结束，时间线会一直保留。")
    if negotiation is not None:
        # A failed negotiation outranks the stage order: appeals have time limits. Without
        # platform protection (a private transfer) there is no appeal: outside channels next.
        target = "escalation" if statuses.get("appeal") == NOT_APPLICABLE else "appeal"
        way_on = WAY_ON[target]
        failed = (
            negotiation.overdue_deadline is not None
            or negotiation.latest_outcome in APPEAL_OUTCOMES
        )
        status = statuses.get(target, TODO)
        if failed and own_reason and status not in (IN_PROGRESS, *FINISHED):
            if negotiation.overdue_deadline is not None:
                return NextAction(kind="overdue", label=GOODWILL_LAPSED, stage=Stage.NEGOTIATION)
            return NextAction(kind="declined", label=GOODWILL_DECLINED)
        if failed and status == IN_PROGRESS:
            # The buyer already went on: the passed deadline is no longer the news.
            return NextAction(kind="continue", label=f"继续「{STAGE_NAMES[target]}」", stage=target)
        reply_first = negotiation.issued_reply_due and negotiation.overdue_deadline is None
        if failed and reply_first and status == TODO:
            return NextAction(kind="reply", label=ISSUED_REPLY, stage=Stage.NEGOTIATION)
        partly = negotiation.latest_outcome == NegotiationOutcome.PARTLY_REFUNDED
        if partly and not failed and status == TODO:
            # Part of the money back: the buyer decides, on the negotiation page, whether
            # to accept it (record the result) or go on for the rest.
            label = PARTLY_GOODWILL if own_reason else f"{PARTLY}，不接受就{way_on}"
            return NextAction(kind="partly", label=label, stage=Stage.NEGOTIATION)
        if failed and status not in FINISHED:
            if negotiation.overdue_deadline is not None:
                return NextAction(kind="overdue", label=f"给商家的期限已过：{way_on}", stage=target)
            return NextAction(kind="start", label=f"协商没有结果：{way_on}", stage=target)
    # Once the case is with the platform or outside, a negotiation still waiting on the
    # seller, or evidence still short of a kind, is not what the buyer should do next: the
    # stage they went on to is (its page says what the texts still lack).
    moved_on = any(statuses.get(stage) in (IN_PROGRESS, DONE) for stage in ("appeal", "escalation"))
    behind = (Stage.EVIDENCE, Stage.NEGOTIATION)
    for stage in STAGES:
        status = statuses.get(stage, TODO)
        if status in FINISHED or (stage in behind and moved_on):
            continue
        if own_reason and stage == Stage.EVIDENCE and status == TODO:
            # A goodwill request needs no proof of a failing: asking the seller comes next.
            continue
        name = STAGE_NAMES[stage]
        if status == IN_PROGRESS:
            return NextAction(kind="continue", label=f"继续「{name}」", stage=stage)
        if own_reason and stage in (Stage.APPEAL, Stage.ESCALATION):
            if negotiation is not None and negotiation.latest_outcome == PENDING:
                # A goodwill request still open: the seller's answer is what comes next.
                name = STAGE_NAMES[Stage.NEGOTIATION]
                return NextAction(kind="continue", label=f"继续「{name}」", stage=Stage.NEGOTIATION)
            return NextAction(kind="declined", label=GOODWILL_END)
        return NextAction(kind="start", label=f"开始「{name}」", stage=stage)
    return NextAction(kind="resolve", label="所有步骤都做完了：拿到结果后记录下来。")


# The order facts a platform checks first. Typed into the 交易记录 form, they are the
# transaction record: the checklist ticks it even before an order screenshot is attached.
ORDER_FACTS = ("order_number", "amount", "ordered_at")


def evidence_kinds(item_kinds: Iterable[str], order: Mapping[str, object]) -> list[str]:
    """Return the kinds of evidence a case has: its items', and the transaction record
    once every one of ORDER_FACTS is given."""
    kinds = list(item_kinds)
    if all(order.get(name) not in (None, "") for name in ORDER_FACTS):
        kinds.append(EvidenceKind.TRANSACTION)
    return kinds


def missing_evidence(kinds: Iterable[str]) -> list[str]:
    """Return the required kinds of evidence not yet present, in the order they are needed."""
    present = set(kinds)
    return [kind for kind in REQUIRED_EVIDENCE if kind not in present]


def evidence_completeness(kinds: Iterable[str]) -> tuple[int, int]:
    """Return how many of the three required kinds of evidence are present, and of how many."""
    total = len(REQUIRED_EVIDENCE)
    return total - len(missing_evidence(kinds)), total


def negotiation_facts(
    attempts: Iterable[tuple[str, datetime | None]],
    *,
    now: datetime,
    issued_reply_due: bool = False,
) -> NegotiationFacts:
    """Return the facts the next action needs from (outcome, deadline) pairs in sending order
    (issued_reply_due: texts.negotiation.issued_reply_due of the seller's answers)."""
    overdue: datetime | None = None
    latest = ""
    for outcome, deadline in attempts:
        latest = outcome
        if outcome == PENDING and deadline is not None and deadline < now:
            overdue = deadline if overdue is None else min(overdue, deadline)
    return NegotiationFacts(
        overdue_deadline=overdue, latest_outcome=latest, issued_reply_due=issued_reply_due
    )


def negotiation_status(outcomes: Iterable[str], *, has_draft: bool = False) -> str:
    """Return the negotiation stage status: done once any attempt has a final outcome."""
    seen = list(outcomes)
    if any(outcome in FINAL_OUTCOMES for outcome in seen):
        return DONE
    return IN_PROGRESS if seen or has_draft else TODO
