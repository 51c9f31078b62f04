from django.contrib.sitemaps import Sitemap

from guide.models import GuidePart


class GuideSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return GuidePart.objects.chapters().published().only("slug", "updated_on")

    def lastmod(self, item: GuidePart):
        return item.updated_on


class SitePagesSitemap(Sitemap):
    """关于本站, 隐私说明, 联系我们: after the guide, at their fixed addresses."""

    changefreq = "yearly"
    priority = 0.3

    def items(self):
        return GuidePart.objects.site_pages().published().only("key", "kind", "updated_on")

    def lastmod(self, item: GuidePart):
        return item.updated_on
