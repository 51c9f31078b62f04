"""The editors' admin site: Django's, with its titles and the one page that has no model.

Installed as the default site by config.apps.AdminConfig, so every app's
`admin.site.register(...)` (guide, axes, simple_history, auth) lands here. The base of the
editors' ModelAdmins with history and a preview is `EditorsHistoryAdmin`
(config/history_admin.py).
"""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import URLPattern, URLResolver, path, reverse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_safe

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
