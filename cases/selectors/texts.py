"""The wizard's texts: the editors' saved row where there is one, else the built-in default."""

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from cases.models import WizardText
from cases.texts.defaults import DEFAULTS
from config.memo import VersionedMemo, newest_history_id


@dataclass(frozen=True)
class WizardTextEntry:
    key: str
    label: str
    body: str
    # False: no row, so the wizard shows the default from cases.texts.defaults.
    saved: bool


def wizard_text_entries() -> list[WizardTextEntry]:
    """Return every wizard text, saved or default, in the defaults' order (1 query)."""
    rows = {
        key: (label, body)
        for key, label, body in WizardText.objects.values_list("key", "label", "body")
    }
    entries = [
        WizardTextEntry(key, *rows[key], saved=True)
        if key in rows
        else WizardTextEntry(key, default.label, default.body, saved=False)
        for key, default in DEFAULTS.items()
    ]
    # A row for a key the code no longer has is still served, as it always was.
    orphans = [
        WizardTextEntry(key, *row, saved=True) for key, row in rows.items() if key not in DEFAULTS
    ]
    return entries + orphans


def unsaved_wizard_texts() -> list[WizardTextEntry]:
    """Return the texts no editor has saved: the wizard shows their default."""
    return [entry for entry in wizard_text_entries() if not entry.saved]


def _bodies() -> Mapping[str, str]:
    # Read-only: the one mapping is shared by every request of this process.
    return MappingProxyType({entry.key: entry.body for entry in wizard_text_entries()})


# Read once per process and again only after an editor's change (config/memo.py).
_BODIES = VersionedMemo(version=lambda: newest_history_id("cases.WizardText"), load=_bodies)


def wizard_texts() -> Mapping[str, str]:
    """Return every text's body by key, as buyers see it (no query on most requests)."""
    return _BODIES.get()
