"""Which reminder mail a case is due, if any: the moment that passed and the page to open.

No decision of its own: the passed negotiation deadline is the one the overview and the
negotiation page call overdue (rules.progress, rules.negotiation), the unanswered appeal
the one the appeal page calls overdue (rules.appeal). A mail never says what the buyer's
own pages would not.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from cases.choices import ReminderKind, Stage
from cases.rules import appeal, negotiation, progress

# Once the buyer has gone on to these, a passed moment before them is no longer news.
_GONE_ON = frozenset({progress.IN_PROGRESS, progress.DONE})


@dataclass(frozen=True)
class DueReminder:
    kind: ReminderKind
    due_at: datetime  # the moment that passed: one mail per case, kind and moment
    page: Stage  # the page the mail links to, where the next step is
    after: Stage  # the stage the next step leads to


def due_reminder(
    *,
    statuses: Mapping[str, str],
    attempts: Sequence[tuple[str, datetime | None]],
    appeals: Sequence[tuple[str, datetime]],
    since: datetime | None,
    now: datetime,
    answer_days: int,
    resolved: bool = False,
    private_transfer: bool = False,
    own_reason: bool = False,
) -> DueReminder | None:
    """Return the reminder the case is due now, or None.

    attempts are (outcome, deadline) and appeals (outcome, submitted at), each in the
    order logged; since is when the buyer asked for reminders (None: they did not). Only a
    moment that passed after since is mailed: one the buyer could already see when asking
    is on their page, and a mail about it would be old news.
    """
    if since is None or resolved:
        return None
    facts = progress.negotiation_facts(attempts, now=now)
    # A goodwill request that lapsed leads nowhere the mail could send the buyer: no mail.
    action = progress.next_action(
        statuses, resolved=resolved, negotiation=facts, own_reason=own_reason
    )
    if action.kind == "overdue":
        step = negotiation.next_step(
            attempts=attempts, now=now, private_transfer=private_transfer, own_reason=own_reason
        )
        if step.kind == negotiation.OVERDUE and step.deadline and step.deadline >= since:
            return DueReminder(
                ReminderKind.NEGOTIATION_DEADLINE, step.deadline, Stage.NEGOTIATION, step.after
            )
    if appeals and statuses.get(Stage.ESCALATION) not in _GONE_ON:
        due = appeal.answer_due(appeals[-1][1], answer_days=answer_days)
        outcomes = [outcome for outcome, _ in appeals]
        kind = appeal.next_step(outcomes=outcomes, answer_due=due, now=now)
        if kind == appeal.OVERDUE and due >= since:
            return DueReminder(ReminderKind.APPEAL_ANSWER, due, Stage.APPEAL, Stage.ESCALATION)
    return None
