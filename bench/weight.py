"""Page weight: the compressed bytes a browser downloads for a page on first load."""

import gzip
import http.client
import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import brotli


class _Assets(HTMLParser):
    """Collect the stylesheets, scripts and icons a page makes the browser fetch."""

    def __init__(self) -> None:
        super().__init__()
        self.assets: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        rel = values.get("rel", "").lower().split()
        if tag == "link" and "stylesheet" in rel and values.get("href"):
            media = values.get("media", "all")
            # Browsers download print stylesheets too, at low priority: they count.
            self.assets.append(("css" if media == "all" else f"css ({media})", values["href"]))
        elif tag == "link" and "icon" in rel and values.get("href"):
            self.assets.append(("icon", values["href"]))
        elif tag == "script" and values.get("src"):
            self.assets.append(("js", values["src"]))


def _fetch(url: str, headers: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        conn.request("GET", target, headers=headers)
        response = conn.getresponse()
        body = response.read()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, body
    finally:
        conn.close()


def page_weight(url: str, cookie: str = "") -> dict:
    """Return the bytes of a page and of what it references, as a browser would receive them.

    The page is asked for as a browser asks (Accept-Encoding: gzip): Django compresses HTML
    itself (config.middleware.TextGZipMiddleware, with its BREACH padding) unless the server
    runs with DJANGO_GZIP=0, when the figure is gzip level 6 of the body, what a front proxy
    such as nginx would send. Static files are measured as WhiteNoise actually serves them
    with Accept-Encoding: br, gzip.
    """
    headers = {"Cookie": cookie} if cookie else {}
    status, head, sent = _fetch(url, {**headers, "Accept-Encoding": "gzip"})
    if status != 200:
        raise RuntimeError(f"GET {url} answered {status}")
    by_django = head.get("content-encoding") == "gzip"
    body = gzip.decompress(sent) if by_django else sent
    html = body.decode()
    parser = _Assets()
    parser.feed(html)
    rows = [
        {
            "kind": "html",
            "url": urlsplit(url).path,
            "raw": len(body),
            "sent": len(sent) if by_django else len(gzip.compress(body, compresslevel=6)),
            "encoding": "gzip (Django)" if by_django else "gzip -6 (measured by the bench)",
            "brotli": len(brotli.compress(body, quality=5)),
        }
    ]
    for kind, href in parser.assets:
        asset_url = urljoin(url, href)
        status, head, data = _fetch(asset_url, {**headers, "Accept-Encoding": "br, gzip"})
        if status != 200:
            raise RuntimeError(f"GET {asset_url} answered {status}")
        encoding = head.get("content-encoding", "identity")
        raw = len(_decode(data, encoding))
        rows.append(
            {
                "kind": kind,
                "url": re.sub(r"\.[0-9a-f]{12}\.", ".", urlsplit(asset_url).path),
                "raw": raw,
                "sent": len(data),
                "encoding": f"{encoding} (WhiteNoise)",
            }
        )
    counted = [row for row in rows if row["kind"] != "icon"]
    return {
        "url": url,
        "assets": rows,
        "total": sum(row["sent"] for row in counted),
        "total_with_icons": sum(row["sent"] for row in rows),
    }


def _decode(data: bytes, encoding: str) -> bytes:
    if encoding == "br":
        return brotli.decompress(data)
    if encoding == "gzip":
        return gzip.decompress(data)
    return data
