"""The one way a stage is written: lock, refuse a stale tab, change, set the status, save, log.

Every service that changes what a stage holds goes through stage_write, so every
write gives the stage a new version: a tab loaded before it is refused with 409
the same way, whichever form it posts.
"""

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from cases.choices import Stage, StageStatus
from cases.models import Case, CaseEvent, StageState

# Return a stage's status from the case and its state as the write left them.
StatusRule = Callable[[Case, StageState], str]


class StaleStageError(Exception):
    """The stage was saved elsewhere (another tab) after this form was loaded."""


def add_event(*, case: Case, message: str, stage: str = "") -> CaseEvent:
    """Add a line to the case's timeline."""
    event = CaseEvent(case=case, stage=stage, message=message[:300])
    event.full_clean()
    event.save()
    return event


def update_case(*, case: Case, values: Mapping[str, Any], allowed: frozenset[str]) -> list[str]:
    """Set only the given fields; a field the form did not show is never touched."""
    changed = [name for name in values if name in allowed]
    for name in changed:
        setattr(case, name, values[name])
    case.full_clean()
    case.save(update_fields=[*changed, "updated_at"])
    return changed


@dataclass
class StageWrite:
    """The locked state of one stage; the caller names the event the write leaves."""

    state: StageState
    event: str = ""


@contextmanager
def stage_write(
    *,
    case: Case,
    stage: Stage | str,
    status: StatusRule,
    version: int | None = None,
    done_draft: str = "",
) -> Iterator[StageWrite]:
    """Lock the stage, refuse a stale version, let the caller write, then save and log.

    A form that shows the stage posts the version it was loaded with; a write
    without one (a record added to a log) only moves the version on. done_draft
    names the draft the write turns into saved data.
    """
    with transaction.atomic():
        state, _ = StageState.objects.select_for_update().get_or_create(case=case, stage=str(stage))
        if version is not None and version != state.version:
            raise StaleStageError(state.stage)
        write = StageWrite(state=state)
        yield write
        if done_draft:
            state.draft.pop(done_draft, None)
        state.status = status(case, state)
        state.version += 1
        state.full_clean()
        state.save()
        if write.event and not _repeats_latest(case, str(stage), write.event):
            add_event(case=case, stage=str(stage), message=write.event)


def _repeats_latest(case: Case, stage: str, message: str) -> bool:
    """Return True when the timeline's newest line already says this: saving step 1 to see
    the verdict and then 保存并继续 is one thing done, not two lines."""
    latest = CaseEvent.objects.filter(case=case).order_by("-at", "-id")
    return latest.values_list("stage", "message").first() == (stage, message[:300])


def _started(case: Case, state: StageState) -> str:
    return StageStatus.IN_PROGRESS if state.status == StageStatus.TODO else state.status


def stage_draft_save(
    *,
    case: Case,
    stage: Stage | str,
    form_name: str,
    data: Mapping[str, list[str]],
    version: int,
    automatic: bool = False,
) -> StageState:
    """Keep the raw input of a half-filled form so it can be resumed; raise StaleStageError.

    An automatic save (autosave while typing) leaves no line in the timeline: the buyer
    did not do anything worth recording.
    """
    with stage_write(case=case, stage=stage, status=_started, version=version) as write:
        kept = {key: list(values) for key, values in data.items()}
        write.state.draft = {**write.state.draft, form_name: kept}
        write.event = "" if automatic else f"保存了草稿：{Stage(str(stage)).label}"
    return write.state
