"""The base of the editors' ModelAdmins with history and a preview: the guide's and the texts'.

EditorsHistoryAdmin is simple-history's admin made of two parts: the history and the
comparison of versions (config/history_compare.py) and the revert page
(config/history_revert.py). Here: the templates they use and who may see a preview.
"""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from config.history_compare import HistoryCompareMixin
from config.history_revert import HistoryRevertMixin


class EditorsHistoryAdmin(HistoryCompareMixin, HistoryRevertMixin, SimpleHistoryAdmin):
    """simple-history's admin, as an editor reads it: what changed, by whom, when, and why.

    The history lists every saved version with its changes against the one before it,
    whole sentences with the differences marked (config/diff.py); any two versions can be
    compared; reverting shows the same diff of what will change and asks for a note before
    it saves. Ids that cannot exist answer 404; the preview is only for who could save.
    Subclasses name the fields they show (`history_fields`) and build the form a revert
    submits (`revert_form`), so a revert passes every check an ordinary save does.
    """

    object_history_template = "admin/editors/history.html"
    object_history_form_template = "admin/editors/revert.html"
    history_fields: tuple[str, ...] = ()
    # What the revert page calls the note it asks for: who reads it differs by model.
    revert_note_label = "修改说明"

    def has_preview_permission(self, request: HttpRequest) -> bool:
        """Return True if the editor may fill in the form the preview shows: add or change."""
        return self.has_add_permission(request) or self.has_change_permission(request)

    def check_preview_permission(self, request: HttpRequest) -> None:
        # A preview renders what the editor typed as the site would: only for who could save it.
        if not self.has_preview_permission(request):
            raise PermissionDenied
