"""Editors' statistics and readers' outcome figures: grouped counts, never a case's contents."""

import dataclasses
import datetime
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Count, Exists, Model, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from cases.choices import (
    AppealOutcome,
    Channel,
    EscalationOutcome,
    NegotiationOutcome,
    Stage,
    StageStatus,
)
from cases.models import AppealRecord, Case, EscalationRecord, NegotiationAttempt, StageState
from cases.rules import statistics


def case_statistics() -> statistics.CaseStatistics:
    """Return cases by stage status and by outcome, for the editors' admin page (2 queries)."""
    groups = [
        statistics.CaseGroup(row["resolution"], row["payment_method"], row["n"])
        for row in Case.objects.order_by()
        .values("resolution", "payment_method")
        .annotate(n=Count("pk"))
    ]
    stored = [
        statistics.StoredStatus(
            row["case__resolution"],
            row["case__payment_method"],
            row["stage"],
            row["status"],
            row["n"],
        )
        for row in StageState.objects.order_by()
        .values("case__resolution", "case__payment_method", "stage", "status")
        .annotate(n=Count("pk"))
    ]
    return dataclasses.replace(
        statistics.tally(groups, stored),
        reached=statistics.furthest_stages(_reached_groups()),
        channels=statistics.channel_outcomes(_outcome_groups(), _STATS_CHANNELS),
    )


# (code, name, outcomes) of every channel the editors' numbers count, in the wizard's order.
_STATS_CHANNELS = (
    ("negotiation", "和商家协商", NegotiationOutcome.choices),
    ("appeal", "平台申诉", AppealOutcome.choices),
    *((code, label, EscalationOutcome.choices) for code, label in Channel.choices),
)


def _reached_groups() -> list[statistics.ReachedGroup]:
    """Return cases grouped by which stages they started (1 query, at most 32 rows)."""
    started = {
        f"started_{stage}": Exists(
            StageState.objects.filter(
                case=OuterRef("pk"),
                stage=stage,
                status__in=[StageStatus.IN_PROGRESS, StageStatus.DONE],
            )
        )
        for stage in Stage.values
    }
    rows = Case.objects.order_by().annotate(**started).values(*started).annotate(n=Count("pk"))
    return [
        statistics.ReachedGroup(
            frozenset(name.removeprefix("started_") for name in started if row[name]), row["n"]
        )
        for row in rows
    ]


def _latest_outcome(model: type[Model], order: str, **filters) -> Subquery:
    latest = model.objects.filter(case=OuterRef("pk"), **filters).order_by(f"-{order}", "-id")
    return Subquery(latest.values("outcome")[:1])


def _outcome_groups(cases: QuerySet[Case] | None = None) -> list[statistics.OutcomeGroup]:
    """Return cases (all, or those given) grouped by their latest outcome in every channel
    (1 query)."""
    latest = {
        "latest_negotiation": _latest_outcome(NegotiationAttempt, "sent_at"),
        "latest_appeal": _latest_outcome(AppealRecord, "submitted_at"),
        **{
            f"latest_{code}": _latest_outcome(EscalationRecord, "filed_on", channel=code)
            for code in Channel.values
        },
    }
    cases = Case.objects.all() if cases is None else cases
    rows = cases.order_by().annotate(**latest).values(*latest).annotate(n=Count("pk"))
    return [
        statistics.OutcomeGroup(
            tuple((name.removeprefix("latest_"), row[name]) for name in latest), row["n"]
        )
        for row in rows
    ]


@dataclass(frozen=True)
class ReaderFigures:
    """The outcome figures readers see, and the day they were counted."""

    counted_on: datetime.date
    steps: tuple[statistics.StepFigure, ...]  # only the steps with enough cases


# Counted once a day in each process. The figures of one day are the same on every worker
# and box (cases finished before that day's midnight), so a guide page cached with them
# never disagrees with the date it shows.
FIGURES_CACHE_SECONDS = 25 * 60 * 60


def reader_figures() -> ReaderFigures:
    """Return the outcome figures for readers: cases finished before today (1 query a day)."""
    today = timezone.localdate()
    key = f"cases:reader-figures:{today.isoformat()}"
    figures = cache.get(key)
    if figures is None:
        midnight = timezone.make_aware(datetime.datetime.combine(today, datetime.time.min))
        finished = Case.objects.exclude(resolution="").filter(
            Q(resolved_at__lt=midnight) | Q(resolved_at__isnull=True)
        )
        figures = ReaderFigures(
            counted_on=today, steps=statistics.outcome_figures(_outcome_groups(finished))
        )
        cache.set(key, figures, FIGURES_CACHE_SECONDS)
    return figures
