"""Render editor Markdown to sanitized HTML, once, when a part is saved."""

from dataclasses import dataclass

import markdown
import nh3
from markdown.extensions.toc import slugify_unicode

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "del", "em", "h2", "h3", "h4",
    "hr", "i", "kbd", "li", "ol", "p", "pre", "s", "strong", "sub", "sup",
    "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "h2": {"id"},
    "h3": {"id"},
    "h4": {"id"},
    "td": {"align"},
    "th": {"align"},
}
# No javascript:, data: or other schemes: links go to the web or to e-mail.
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}
# Every id in editor HTML starts with this, generated or typed (`## id_message`, a raw
# `<h2 id="main">`), so none can take an id the page itself uses: the copy button's
# textarea, the skip link's <main>. No template id starts with it.
ID_PREFIX = "md-"


@dataclass(frozen=True)
class Rendered:
    html: str
    toc: list[dict]


def _flatten_toc(tokens: list[dict]) -> list[dict]:
    flat = []
    for token in tokens:
        flat.append({"id": token["id"], "name": token["name"], "level": token["level"]})
        flat.extend(_flatten_toc(token.get("children", [])))
    return flat


def _prefixed_slug(value: str, separator: str) -> str:
    # Chinese headings keep their characters, so anchors stay stable and readable.
    return ID_PREFIX + slugify_unicode(value, separator)


def _prefix_fragment_links(tag: str, attribute: str, value: str) -> str:
    """Point an in-text link (#heading) at the heading's prefixed id."""
    if tag == "a" and attribute == "href" and value.startswith("#") and len(value) > 1:
        fragment = value[1:]
        return "#" + (fragment if fragment.startswith(ID_PREFIX) else ID_PREFIX + fragment)
    return value


def render_markdown(source: str) -> Rendered:
    """Return sanitized HTML and the heading list for a Markdown source."""
    md = markdown.Markdown(
        extensions=["toc", "tables", "sane_lists"],
        extension_configs={
            # Generated ids carry the prefix already, so the toc's de-duplication sees them.
            "toc": {"slugify": _prefixed_slug, "toc_depth": "2-3", "permalink": False},
        },
        output_format="html",
    )
    raw_html = md.convert(source)
    clean = nh3.clean(
        raw_html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_prefix_fragment_links,
        # Ids typed as raw HTML get it here (an id that has it already is left alone).
        id_prefix=ID_PREFIX,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
    toc = [entry for entry in _flatten_toc(md.toc_tokens) if entry["level"] in (2, 3)]
    return Rendered(html=clean, toc=toc)
