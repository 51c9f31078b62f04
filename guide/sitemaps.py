from django.contrib.sitemaps import Sitemap

from guide.models import GuidePart


class GuideSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return GuidePart.objects.published().only("slug", "updated_on")

    def lastmod(self, item: GuidePart):
        return item.updated_on
