"""What an editor does in the admin, for tests that need an edited wizard text."""

from cases.models import WizardText


def editor_saves_text(key: str, body: str) -> None:
    """Change a wizard text as the admin does: a save, which writes a history row.

    The history row is what tells every worker the texts changed (config/memo.py); a bare
    QuerySet.update() writes none, and no editor can make one.
    """
    text = WizardText.objects.get(key=key)
    text.body = body
    text.save()
