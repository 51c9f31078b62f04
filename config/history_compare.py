"""The history pages of an editors' model: every saved version with what it changed.

The history lists every version, newest first, with its changes against the one before it
(config/diff.py: changed sentences whole, the differences marked), who saved it, when, and
its note; `history/compare/?old=&new=` shows the same for any two versions. The mixin also
says what a version holds, field by field, for the revert page (config/history_revert.py);
both make up EditorsHistoryAdmin (config/history_admin.py).
"""

import datetime
from dataclasses import dataclass

from django.contrib.admin.utils import quote, unquote
from django.contrib.admin.views.main import PAGE_VAR
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_safe

from cases import wording
from config.diff import FieldChange, field_changes


@dataclass(frozen=True)
class HistoryEntry:
    """One saved version as the history page lists it, with what it changed."""

    record: models.Model
    when: str
    who: str
    kind: str
    notes: list[tuple[str, str]]
    changes: list[FieldChange]
    is_current: bool
    revert_url: str


# simple-history's codes for what a save did, in the words of the history page.
HISTORY_KINDS = {"+": "新建", "~": "修改", "-": "删除"}


class HistoryCompareMixin:
    """The history list and the comparison of two versions, for a SimpleHistoryAdmin.

    Subclasses name the fields they show (`history_fields`).
    """

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        compare = self.admin_site.admin_view(require_safe(self.compare_view))
        # Ahead of simple-history's "<id>/history/<version_id>/", which would take "compare".
        return [
            path("<path:object_id>/history/compare/", compare, name="{}_{}_compare".format(*info)),
            *super().get_urls(),
        ]

    # What a version says, field by field

    def history_text(self, instance: models.Model, name: str) -> str:
        """Return one field of a version (or of the current row) as the editor reads it."""
        field = self.opts.get_field(name)
        value = getattr(instance, name)
        if isinstance(field, models.BooleanField):
            return "是" if value else "否"
        if field.choices:
            return str(dict(field.flatchoices).get(value, value or ""))
        if value is None:
            return ""
        if isinstance(value, datetime.date):
            return wording.day(value)
        return str(value)

    def history_texts(self, instance: models.Model | None) -> list[tuple[str, str]]:
        """Return (label, text) of every shown field; all empty for no instance."""
        return [
            (
                str(self.opts.get_field(name).verbose_name),
                self.history_text(instance, name) if instance is not None else "",
            )
            for name in self.history_fields
        ]

    def changes_between(
        self, old: models.Model | None, new: models.Model | None
    ) -> list[FieldChange]:
        """Return what changed from one version to another, field by field."""
        return field_changes(
            [
                (label, before, after)
                for (label, before), (_, after) in zip(
                    self.history_texts(old), self.history_texts(new), strict=True
                )
            ]
        )

    def history_notes(
        self, record: models.Model, previous: models.Model | None
    ) -> list[tuple[str, str]]:
        """Return the notes saved with a version: why it was saved, in the editor's words."""
        reason = (record.history_change_reason or "").strip()
        return [("修改说明", reason)] if reason else []

    # Pages

    def _history(self, object_id: str):
        history = getattr(self.model, self.model._meta.simple_history_manager_attribute)
        return history.filter(**{self.opts.pk.attname: unquote(object_id)}).select_related(
            "history_user"
        )

    def _current(self, request: HttpRequest, object_id: str) -> models.Model | None:
        return self.get_queryset(request).filter(pk=unquote(object_id)).first()

    def _entry(
        self,
        record: models.Model,
        previous: models.Model | None,
        *,
        is_current: bool,
    ) -> HistoryEntry:
        info = self.opts.app_label, self.opts.model_name
        return HistoryEntry(
            record=record,
            when=wording.moment(record.history_date),
            who=saved_by(record),
            kind=HISTORY_KINDS.get(record.history_type, ""),
            notes=self.history_notes(record, previous),
            changes=self.changes_between(previous, record) if previous is not None else [],
            is_current=is_current,
            revert_url=reverse(
                "admin:{}_{}_simple_history".format(*info),
                args=[quote(getattr(record, self.opts.pk.attname)), record.history_id],
            ),
        )

    def history_view(self, request, object_id, extra_context=None):
        """List every saved version, newest first, each with what it changed."""
        check_id(self.model, object_id)
        records = self._history(object_id)
        obj = self._current(request, object_id)
        newest = records.first()
        if obj is None and newest is None:
            raise Http404
        if not self.has_view_history_or_change_history_permission(request, obj):
            raise PermissionDenied
        paginator = Paginator(records, self.history_list_per_page)
        page = paginator.get_page(request.GET.get(PAGE_VAR))
        # One more than the page holds: the oldest entry's changes are against it.
        shown = page.end_index() - page.start_index() + 1 if newest is not None else 0
        window = list(records[page.start_index() - 1 : page.end_index() + 1]) if shown else []
        entries = [
            self._entry(
                record,
                window[index + 1] if index + 1 < len(window) else None,
                is_current=obj is not None and record.history_id == newest.history_id,
            )
            for index, record in enumerate(window[:shown])
        ]
        title_obj = obj if obj is not None else newest.instance
        context = {
            **self.admin_site.each_context(request),
            "title": f"修改记录：{title_obj}",
            "subtitle": None,
            "opts": self.opts,
            "object": title_obj,
            "exists": obj is not None,
            "entries": entries,
            "page_obj": page,
            "page_range": paginator.get_elided_page_range(page.number),
            "page_var": PAGE_VAR,
            "versions": [
                (record.history_id, f"{wording.moment(record.history_date)} · {saved_by(record)}")
                for record in records.only(
                    "history_id", "history_date", "history_user", "history_change_reason"
                )
            ],
            "compare_url": reverse(
                f"admin:{self.opts.app_label}_{self.opts.model_name}_compare",
                args=[quote(title_obj.pk)],
            ),
            "revert_disabled": self.revert_disabled(request, obj),
            **(extra_context or {}),
        }
        response = TemplateResponse(request, self.object_history_template, context)
        add_never_cache_headers(response)
        return response

    def compare_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """Show what changed between any two saved versions, older first."""
        check_id(self.model, object_id)
        records = self._history(object_id)
        obj = self._current(request, object_id)
        if obj is None and not records.exists():
            raise Http404
        if not self.has_view_history_or_change_history_permission(request, obj):
            raise PermissionDenied
        history_model = records.model
        chosen = []
        for key in ("old", "new"):
            raw = request.GET.get(key, "")
            check_id(history_model, raw)
            chosen.append(get_object_or_404(records, history_id=raw))
        old, new = sorted(chosen, key=lambda record: (record.history_date, record.history_id))
        title_obj = obj if obj is not None else new.instance
        context = {
            **self.admin_site.each_context(request),
            "title": f"比较两个版本：{title_obj}",
            "subtitle": None,
            "opts": self.opts,
            "object": title_obj,
            "old": self._entry(old, None, is_current=False),
            "new": self._entry(new, None, is_current=False),
            "changes": self.changes_between(old, new),
            "exists": obj is not None,
            "history_url": self._history_url(title_obj.pk),
        }
        response = TemplateResponse(request, "admin/editors/compare.html", context)
        add_never_cache_headers(response)
        return response

    def _history_url(self, pk) -> str:
        info = self.opts.app_label, self.opts.model_name
        return reverse("admin:{}_{}_history".format(*info), args=[quote(pk)])


def saved_by(record: models.Model) -> str:
    user = record.history_user
    if user is not None:
        return user.get_username()
    # No user: written by a data migration (its reason says so), or by an editor whose
    # account was deleted since (accounts/services.py keeps the edit, not the name).
    if "数据迁移" in (record.history_change_reason or ""):
        return "网站程序（数据迁移）"
    return "已删除的账号"


def check_id(model: type[models.Model], raw_id: str) -> None:
    # simple-history looks the raw id up: one that is not a key at all ("abc") would raise
    # in the query, a 500, where any other missing row is a 404.
    try:
        model._meta.pk.to_python(unquote(str(raw_id)))
    except ValidationError:
        raise Http404 from None
