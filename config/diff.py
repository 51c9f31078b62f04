"""What changed between two versions of an editor's text, as an editor reads it.

Chinese has no spaces to split words at, so a change is found in two steps: first the
sentences that differ (a sentence ends at 。！？；, their Western forms, or a line
break), then, inside them, the characters that differ. A run of Latin letters or digits
counts as one unit, so "12315" never turns into "123<del>1</del>5". Every changed sentence
is shown whole, once as it was (deletions marked <del>) and once as it is (insertions
marked <ins>), so the new sentence can be read in one piece. The standard library's
difflib does the matching; everything an editor wrote is escaped.
"""

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

_SENTENCE_END = re.compile(r"[。！？!?；;…]+[”’」』）)】\"']*|\n")
_UNIT = re.compile(r"[A-Za-z0-9_]+|\s+|.", re.S)
_HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$")
# Below this share of common characters a passage was rewritten, not edited: marking
# every other character would be harder to read than the two versions whole.
REWRITTEN = 0.3


@dataclass(frozen=True)
class Change:
    """One changed passage: whole sentences before and after, with the differences marked."""

    old: SafeString  # "" when the passage is new
    new: SafeString  # "" when the passage was deleted
    section: str = ""  # the Markdown heading the passage sits under, if any
    whitespace_only: bool = False


def sentences(text: str) -> list[str]:
    """Return the text cut into sentences, each keeping its end mark; "".join() gives it back."""
    parts, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        parts.append(text[start : match.end()])
        start = match.end()
    if start < len(text):
        parts.append(text[start:])
    return parts


def text_changes(old: str, new: str) -> list[Change]:
    """Return every changed passage between two versions of a text, in reading order."""
    old, new = _lines(old), _lines(new)
    if old == new:
        return []
    before, after = sentences(old), sentences(new)
    matcher = SequenceMatcher(None, before, after, autojunk=False)
    changes = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        changes.append(
            _passage(
                "".join(before[i1:i2]),
                "".join(after[j1:j2]),
                section=_section(after[:j1]) or _section(before[:i1]),
            )
        )
    return changes


def _lines(text: str) -> str:
    # Browsers send \r\n from a textarea, and the form strips the blank line at the end that
    # a migration may have stored: neither is a change anyone made or can see.
    return (text or "").replace("\r\n", "\n").strip()


def _section(preceding: list[str]) -> str:
    """Return the last Markdown heading among the sentences before a change."""
    for sentence in reversed(preceding):
        heading = _HEADING.match(sentence.strip())
        if heading:
            return heading.group(1)
    return ""


def _passage(before: str, after: str, *, section: str) -> Change:
    if before.split() == after.split() or not (before.strip() or after.strip()):
        return Change(_whole(before, ""), _whole(after, ""), section, whitespace_only=True)
    if not before.strip():
        return Change(SafeString(""), _whole(after, "ins"), section)
    if not after.strip():
        return Change(_whole(before, "del"), SafeString(""), section)
    old_units, new_units = _UNIT.findall(before.strip()), _UNIT.findall(after.strip())
    matcher = SequenceMatcher(None, old_units, new_units, autojunk=False)
    if matcher.ratio() < REWRITTEN:
        return Change(_whole(before, "del"), _whole(after, "ins"), section)
    old_html, new_html = [], []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        removed, added = "".join(old_units[i1:i2]), "".join(new_units[j1:j2])
        if tag == "equal":
            old_html.append(escape(removed))
            new_html.append(escape(added))
            continue
        if removed:
            old_html.append(f"<del>{escape(removed)}</del>")
        if added:
            new_html.append(f"<ins>{escape(added)}</ins>")
    return Change(mark_safe("".join(old_html)), mark_safe("".join(new_html)), section)


def _whole(text: str, tag: str) -> SafeString:
    text = text.strip("\n")
    if not text:
        return SafeString("")
    return mark_safe(f"<{tag}>{escape(text)}</{tag}>" if tag else escape(text))


@dataclass(frozen=True)
class FieldChange:
    """The changes to one field of a record, under the name an editor knows it by."""

    label: str
    changes: list[Change]


def field_changes(fields: list[tuple[str, str, str]]) -> list[FieldChange]:
    """Return the changed fields among (label, old text, new text), in the order given."""
    found = []
    for label, old, new in fields:
        changes = text_changes(old, new)
        if changes:
            found.append(FieldChange(label, changes))
    return found
