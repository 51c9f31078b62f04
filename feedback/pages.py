"""Which pages ask 这一页有帮助吗？, and the key a page's form names itself by.

A guide chapter is "guide:<id>" (its id, so renaming its slug keeps its answers together), a
wizard stage "stage:<code>". A stage page's key never holds the case: every buyer's
negotiation page is the same page to the editors.
"""

from dataclasses import dataclass

from cases.choices import Stage
from guide.models import GuidePart


@dataclass(frozen=True)
class FeedbackPage:
    key: str
    part_id: int | None = None
    stage: str = ""


def chapter_key(part: GuidePart) -> str:
    return f"guide:{part.pk}"


def stage_key(stage: str) -> str:
    return f"stage:{stage}"


def page_from_key(key: str) -> FeedbackPage | None:
    """Return the page a form's key names, or None if no page asks with that key."""
    kind, _, value = key.partition(":")
    if kind == "stage" and value in Stage.values:
        return FeedbackPage(key=key, stage=value)
    if not (kind == "guide" and value.isascii() and value.isdigit() and len(value) <= 9):
        return None
    if GuidePart.objects.chapters().published().filter(pk=int(value)).exists():
        return FeedbackPage(key=key, part_id=int(value))
    return None
