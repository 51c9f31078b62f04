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


def render_markdown(source: str) -> Rendered:
    """Return sanitized HTML and the heading list for a Markdown source."""
    md = markdown.Markdown(
        extensions=["toc", "tables", "sane_lists"],
        extension_configs={
            # Chinese headings keep their characters, so anchors stay stable and readable.
            "toc": {"slugify": slugify_unicode, "toc_depth": "2-3", "permalink": False},
        },
        output_format="html",
    )
    raw_html = md.convert(source)
    clean = nh3.clean(
        raw_html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
    toc = [entry for entry in _flatten_toc(md.toc_tokens) if entry["level"] in (2, 3)]
    return Rendered(html=clean, toc=toc)
