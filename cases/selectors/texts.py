"""The wizard's texts as the editors left them."""

from cases.models import WizardText
from cases.texts.defaults import DEFAULTS


def wizard_texts() -> dict[str, str]:
    """Return every guidance text by key: the editors' version, else the default (1 query)."""
    texts = {key: entry.body for key, entry in DEFAULTS.items()}
    texts.update(WizardText.objects.values_list("key", "body"))
    return texts
