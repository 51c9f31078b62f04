"""Reverting an editors' model to a saved version: the diff of what will change, then a note.

The revert page shows what going back to a version would change, in the words of the
history (config/history_compare.py), and asks for a note; on confirm it submits the
model's own change form filled with the version's values (`revert_form`), so a revert
passes every check an ordinary save does. Part of EditorsHistoryAdmin (config/history_admin.py).
"""

from django import forms
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers

from cases import wording
from config.history_compare import check_id, saved_by


class HistoryRevertMixin:
    """The revert page, for a SimpleHistoryAdmin that also has HistoryCompareMixin.

    Subclasses build the form a revert submits (`revert_form`).
    """

    def revert_form(
        self, request: HttpRequest, obj: models.Model, record: models.Model, note: str | None
    ) -> forms.ModelForm:
        """Return the change form filled with the version's values and the editor's note.

        `note` is None when the page is first shown: the form is then unbound.
        """
        raise NotImplementedError

    def revert_reason(self, record: models.Model) -> str:
        """Return what the history says about a revert to this version."""
        return f"恢复成 {wording.moment(record.history_date)}（{saved_by(record)}）的版本"[:100]

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """Show what reverting to a version would change; revert when the editor confirms."""
        history = getattr(self.model, self.model._meta.simple_history_manager_attribute)
        check_id(self.model, object_id)
        check_id(history.model, version_id)
        record = get_object_or_404(self._history(object_id), history_id=version_id)
        obj = self._current(request, object_id)
        if not self.has_view_history_or_change_history_permission(request, obj):
            raise PermissionDenied
        may_revert = not self.revert_disabled(request, obj) and (
            self.has_change_permission(request, obj)
            if obj is not None
            else self.has_add_permission(request)
        )
        target = obj if obj is not None else record.instance
        # Before the form: validating it writes the version's values into the instance.
        changes = self.changes_between(obj, record)
        if request.method == "POST":
            if not may_revert:
                raise PermissionDenied
            form = self.revert_form(request, target, record, request.POST.get("change_note", ""))
            if form.is_valid():
                saved = self.save_form(request, form, change=obj is not None)
                saved._change_reason = self.revert_reason(record)
                self.save_model(request, saved, form, change=obj is not None)
                self.log_change(request, saved, self.revert_reason(record))
                self.message_user(
                    request, f"已经恢复成 {wording.moment(record.history_date)} 的版本。"
                )
                return HttpResponseRedirect(self._history_url(saved.pk))
        else:
            form = self.revert_form(request, target, record, None)
        context = {
            **self.admin_site.each_context(request),
            "title": f"恢复成 {wording.moment(record.history_date)} 的版本",
            "subtitle": None,
            "opts": self.opts,
            "object": target,
            "exists": obj is not None,
            "entry": self._entry(record, None, is_current=False),
            "changes": changes,
            "form": form,
            "note_field": form["change_note"],
            "note_label": self.revert_note_label,
            "other_errors": [
                error
                for name, errors in form.errors.items()
                if name != "change_note"
                for error in errors
            ],
            "may_revert": may_revert and bool(changes),
            "history_url": self._history_url(target.pk),
            **(extra_context or {}),
        }
        response = TemplateResponse(request, self.object_history_form_template, context)
        add_never_cache_headers(response)
        return response
