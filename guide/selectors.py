from guide.models import GuidePart

LIST_FIELDS = ("title", "slug", "order", "summary", "published")


def parts_for_contents(*, include_drafts: bool = False) -> list[GuidePart]:
    """Return the parts for the contents page, drafts only for staff."""
    parts = GuidePart.objects.chapters().only(*LIST_FIELDS)
    if not include_drafts:
        parts = parts.published()
    return list(parts)


def part_with_neighbours(*, slug: str, include_drafts: bool = False) -> dict | None:
    """Return the part with this slug and its previous and next parts, in one query.

    The guide has a handful of parts, so reading all their rendered HTML costs less
    than a second round trip for the one asked for.
    """
    parts = GuidePart.objects.chapters().defer("body_markdown")
    if not include_drafts:
        parts = parts.published()
    parts = list(parts)
    index = next((i for i, p in enumerate(parts) if p.slug == slug), None)
    if index is None:
        return None
    return {
        "part": parts[index],
        "previous": parts[index - 1] if index > 0 else None,
        "next": parts[index + 1] if index + 1 < len(parts) else None,
    }


def renamed_part(*, slug: str, include_drafts: bool = False) -> GuidePart | None:
    """Return the part that had this slug before an editor changed it, or None (one query).

    Every save is in the part's history, so the history knows every slug a part has had;
    the most recent holder of the slug wins.
    """
    holders = (
        GuidePart.history.filter(slug=slug)
        .order_by("-history_date", "-history_id")
        .values("id")[:1]
    )
    parts = GuidePart.objects.filter(pk__in=holders).exclude(slug=slug).only("slug", "key", "kind")
    if not include_drafts:
        parts = parts.published()
    return parts.first()


def former_holder_of_slug(slug: str, *, exclude_pk: int | None) -> GuidePart | None:
    """Return another existing part whose old address this slug is, or None.

    Its old links redirect to it (renamed_part): giving the slug to a second part
    would send them to the wrong page.
    """
    holders = GuidePart.history.filter(slug=slug).exclude(id=exclude_pk).values("id")
    return GuidePart.objects.filter(pk__in=holders).exclude(slug=slug).only("title").first()


def site_page(*, key: str, include_drafts: bool = False) -> GuidePart | None:
    """Return the site page with this key (about, privacy, contact), drafts only for staff."""
    pages = GuidePart.objects.site_pages().defer("body_markdown").filter(key=key)
    if not include_drafts:
        pages = pages.published()
    return pages.first()
