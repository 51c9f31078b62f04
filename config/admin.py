"""The editors' admin site: Django's, with its titles and the one page that has no model.

Installed as the default site by config.apps.AdminConfig, so every app's
`admin.site.register(...)` (guide, axes, simple_history, auth) lands here. Also the base of
the editors' ModelAdmins with history and a preview (`EditorsHistoryAdmin`).
"""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import URLPattern, URLResolver, path, reverse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_safe
from simple_history.admin import SimpleHistoryAdmin

from cases.models import WizardText
from cases.selectors.statistics import case_statistics


class EditorsAdminSite(admin.AdminSite):
    site_header = "卡盟退款指南 · 编辑后台"
    site_title = "卡盟退款指南编辑后台"
    # The index links to the statistics, which have no model to be listed under.
    index_template = "admin/cases/index.html"

    def get_urls(self) -> list[URLPattern | URLResolver]:
        # Ahead of the model URLs: the WizardText admin's "<object_id>/" would take "stats/".
        # The address stays under the texts, where editors have bookmarked it.
        stats = self.admin_view(require_safe(self.stats_view))
        return [
            path("cases/wizardtext/stats/", stats, name="cases_stats"),
            *super().get_urls(),
        ]

    def has_stats_permission(self, request: HttpRequest) -> bool:
        """Return True if the editor may see the statistics: they sit with the wizard texts."""
        return self.get_model_admin(WizardText).has_view_permission(request)

    def each_context(self, request: HttpRequest) -> dict:
        # The index and the texts' list link to the statistics only for who may open them.
        return {
            **super().each_context(request),
            "has_stats_permission": self.has_stats_permission(request),
        }

    def stats_view(self, request: HttpRequest) -> HttpResponse:
        """Show how many cases sit at each stage status and how they ended: counts, no contents."""
        if not self.has_stats_permission(request):
            raise PermissionDenied
        context = {
            **self.each_context(request),
            "title": "案件统计",
            "stats": case_statistics(),
            "wizardtext_url": reverse("admin:cases_wizardtext_changelist"),
        }
        response = TemplateResponse(request, "admin/cases/stats.html", context)
        add_never_cache_headers(response)
        return response


class EditorsHistoryAdmin(SimpleHistoryAdmin):
    """simple-history's admin, with a 404 for ids that cannot exist and a guarded preview."""

    def history_view(self, request, object_id, extra_context=None):
        _check_id(self.model, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        history = getattr(self.model, self.model._meta.simple_history_manager_attribute)
        _check_id(self.model, object_id)
        _check_id(history.model, version_id)
        return super().history_form_view(request, object_id, version_id, extra_context)

    def has_preview_permission(self, request: HttpRequest) -> bool:
        """Return True if the editor may fill in the form the preview shows: add or change."""
        return self.has_add_permission(request) or self.has_change_permission(request)

    def check_preview_permission(self, request: HttpRequest) -> None:
        # A preview renders what the editor typed as the site would: only for who could save it.
        if not self.has_preview_permission(request):
            raise PermissionDenied


def _check_id(model: type[models.Model], raw_id: str) -> None:
    # simple-history looks the raw id up: one that is not a key at all ("abc") would raise
    # in the query, a 500, where any other missing row is a 404.
    try:
        model._meta.pk.to_python(unquote(str(raw_id)))
    except ValidationError:
        raise Http404 from None
