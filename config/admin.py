"""The editors' admin site: Django's, with its titles and the one page that has no model.

Installed as the default site by config.apps.AdminConfig, so every app's
`admin.site.register(...)` (guide, axes, simple_history, auth) lands here.
"""

from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import URLPattern, URLResolver, path, reverse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_safe

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

    def stats_view(self, request: HttpRequest) -> HttpResponse:
        """Show how many cases sit at each stage status and how they ended: counts, no contents."""
        context = {
            **self.each_context(request),
            "title": "案件统计",
            "stats": case_statistics(),
            "wizardtext_url": reverse("admin:cases_wizardtext_changelist"),
        }
        response = TemplateResponse(request, "admin/cases/stats.html", context)
        add_never_cache_headers(response)
        return response
