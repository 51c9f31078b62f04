from guide.models import GuidePart

LIST_FIELDS = ("title", "slug", "order", "summary", "published")


def parts_for_contents(*, include_drafts: bool = False) -> list[GuidePart]:
    """Return the parts for the contents page, drafts only for staff."""
    parts = GuidePart.objects.only(*LIST_FIELDS)
    if not include_drafts:
        parts = parts.published()
    return list(parts)


def part_with_neighbours(*, slug: str, include_drafts: bool = False) -> dict | None:
    """Return the part with this slug and its previous and next parts, in one query.

    The guide has a handful of parts, so reading all their rendered HTML costs less
    than a second round trip for the one asked for.
    """
    parts = GuidePart.objects.defer("body_markdown")
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
