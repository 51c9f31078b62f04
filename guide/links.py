"""Links to the guide's chapters that survive an editor renaming them.

The site's own pages link to a chapter by its key (`GuidePart.key`, set by migrations and
never shown in the admin), not by its slug, which editors may change:
`{% guide_url 'refundable' %}` in a template, `guide_url("refundable")` in Python. A slug an
editor replaced keeps working too: the chapter view redirects it for good to the chapter's
new address (guide.selectors.renamed_part), so links in search engines, bookmarks and
old messages stay valid.
"""

from collections.abc import Mapping
from types import MappingProxyType

from django.http import HttpRequest
from django.urls import reverse

from config.memo import VersionedMemo
from guide.models import GuidePart
from guide.page_cache import guide_version

# The chapters the site's templates and code link to, by key: the slugs they were seeded with.
LINK_KEYS = frozenset({"refundable", "evidence", "negotiate", "appeal", "escalate", "prevention"})


def _chapter_urls() -> Mapping[str, str]:
    # Read-only: the one mapping is shared by every request of this process.
    return MappingProxyType(
        {
            key: reverse("guide:part", kwargs={"slug": slug})
            for key, slug in GuidePart.objects.published()
            .filter(key__in=LINK_KEYS)
            .values_list("key", "slug")
        }
    )


# Read once per process and again only after an editor's change (config/memo.py).
_URLS = VersionedMemo(version=guide_version, load=_chapter_urls)


_ON_REQUEST = "_guide_chapter_urls"


def chapter_urls(request: HttpRequest | None = None) -> Mapping[str, str]:
    """Return key → address of every published chapter with a key (no query on most requests).

    Kept on the request too, so one page's links all come from the same version.
    """
    if request is not None and hasattr(request, _ON_REQUEST):
        return getattr(request, _ON_REQUEST)
    urls = _URLS.get()
    if request is not None:
        setattr(request, _ON_REQUEST, urls)
    return urls


def guide_url(key: str, request: HttpRequest | None = None) -> str:
    """Return the address of the chapter with this key; the contents if it is not published."""
    if key not in LINK_KEYS:
        raise ValueError(f"No guide chapter is linked to as {key!r}: see guide.links.LINK_KEYS.")
    return chapter_urls(request).get(key) or reverse("guide:contents")
