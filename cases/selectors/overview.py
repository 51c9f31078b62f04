"""Reads for a case's overview: what it holds, counted, and the newest of its timeline."""

from dataclasses import dataclass

from django.db.models import Count, Window

from cases.models import Case, CaseEvent

# The overview shows the newest lines of the timeline; ?all=1 shows every one (issue 18).
NEWEST_EVENTS = 8


@dataclass(frozen=True)
class Timeline:
    events: list[CaseEvent]  # newest first
    total: int

    @property
    def hidden(self) -> int:
        return self.total - len(self.events)


def case_timeline(*, case: Case, newest: int | None = NEWEST_EVENTS) -> Timeline:
    """Return the newest events (every one with newest=None) and how many there are (1 query)."""
    events = case.events.order_by("-at", "-id")
    if newest is None:
        shown = list(events)
        return Timeline(events=shown, total=len(shown))
    # The count is a window over all the case's events, taken before the limit.
    shown = list(events.annotate(total=Window(Count("pk")))[:newest])
    return Timeline(events=shown, total=shown[0].total if shown else 0)
