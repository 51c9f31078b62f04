from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from guide import views as guide_views
from guide.sitemaps import GuideSitemap, SitePagesSitemap

urlpatterns = [
    path("", guide_views.home, name="home"),
    path("healthz", guide_views.healthz, name="healthz"),
    path("robots.txt", guide_views.robots_txt, name="robots_txt"),
    path(
        "sitemap.xml",
        sitemap,
        {"sitemaps": {"guide": GuideSitemap, "site": SitePagesSitemap}},
        name="django.contrib.sitemaps.views.sitemap",
    ),
    path("guide/", include("guide.urls")),
    # 关于本站, 隐私说明, 联系我们 (guide/site_pages.py): fixed addresses, by each page's key.
    path("about/", guide_views.site_page_view, {"key": "about"}, name="about"),
    path("privacy/", guide_views.site_page_view, {"key": "privacy"}, name="privacy"),
    path("contact/", guide_views.site_page_view, {"key": "contact"}, name="contact"),
    # 这一页有帮助吗？ (feedback/views.py)
    path("feedback/", include("feedback.urls")),
    path("cases/", include("cases.urls")),
    path("accounts/", include("accounts.urls")),
    path("admin/", admin.site.urls),
]
