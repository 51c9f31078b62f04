from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from guide import views as guide_views
from guide.sitemaps import GuideSitemap

urlpatterns = [
    path("", guide_views.home, name="home"),
    path("healthz", guide_views.healthz, name="healthz"),
    path("robots.txt", guide_views.robots_txt, name="robots_txt"),
    path(
        "sitemap.xml",
        sitemap,
        {"sitemaps": {"guide": GuideSitemap}},
        name="django.contrib.sitemaps.views.sitemap",
    ),
    path("guide/", include("guide.urls")),
    path("cases/", include("cases.urls")),
    path("accounts/", include("accounts.urls")),
    path("admin/", admin.site.urls),
]
