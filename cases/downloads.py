"""Private downloads: the headers every one of them carries, and the one streamed ZIP writer.

Evidence, exports, the appeal package and calendar files are the buyer's own and
often sensitive: never cached, never sniffed into something executable.
"""

import hashlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any
from zipfile import ZIP_DEFLATED, ZIP_STORED

from django.core.exceptions import SuspiciousFileOperation
from django.db.models.fields.files import FieldFile
from django.http import HttpResponseBase, StreamingHttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.text import get_valid_filename
from zipstream import ZipStream

from cases.texts import appeal_package
from cases.texts.appeal_package import COVER_FILE, MANIFEST_FILE, Package, Written

CHUNK_SIZE = 64 * 1024


def private(response: HttpResponseBase, *, filename: str = "") -> HttpResponseBase:
    """Mark a response as the requester's own: no caching, no sniffing; a download if named."""
    if filename:
        response["Content-Disposition"] = content_disposition_header(
            as_attachment=True, filename=filename
        )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@dataclass
class StreamedFile:
    """A stored file going into a ZIP as it is; its size and SHA-256 are known once streamed."""

    file: FieldFile
    name: str
    digest: Any = field(default_factory=hashlib.sha256)
    size: int = 0
    missing: bool = False

    def chunks(self) -> Iterator[bytes]:
        """Yield the stored bytes, fingerprinting the very bytes that go into the ZIP."""
        try:
            handle = self.file.storage.open(self.file.name, "rb")
        except OSError:
            # Gone from storage since the check (e.g. deleted meanwhile): the caller says so.
            self.missing = True
            return
        with handle:
            while chunk := handle.read(CHUNK_SIZE):
                self.digest.update(chunk)
                self.size += len(chunk)
                yield chunk

    @property
    def sha256(self) -> str:
        return "" if self.missing else self.digest.hexdigest()


# A ZIP entry's content: text or bytes, a stored file, or text built once every entry
# before it is streamed (so it can state their fingerprints).
Content = str | bytes | StreamedFile | Callable[[], str | bytes]


def zip_stream(entries: Iterable[tuple[str, Content]]) -> ZipStream:
    """Return the entries as a streamed ZIP: a large video is never held in memory."""
    stream = ZipStream(compress_type=ZIP_DEFLATED)
    for name, content in entries:
        if isinstance(content, StreamedFile):
            # Photos and videos are compressed already: store them as they are.
            stream.add(content.chunks(), name, compress_type=ZIP_STORED)
        elif callable(content):
            stream.add(_late(content), name)
        else:
            stream.add(content, name)
    return stream


def _late(build: Callable[[], str | bytes]) -> Iterator[bytes]:
    # Runs only when the stream reaches this entry.
    text = build()
    yield text.encode("utf-8") if isinstance(text, str) else text


def dated_filename(name: str, *, fallback: str, extension: str) -> str:
    """Return name-YYYYMMDD.extension as a safe file name (fallback if name has none usable)."""
    stamp = timezone.localdate().strftime("%Y%m%d")
    try:
        stem = get_valid_filename(name)[:60]
    except SuspiciousFileOperation:  # a name with nothing usable in it
        stem = fallback
    return f"{stem}-{stamp}.{extension}"


def zip_response(stream: ZipStream, *, name: str, fallback: str) -> StreamingHttpResponse:
    """Stream a ZIP as a private download named name-YYYYMMDD.zip."""
    response = StreamingHttpResponse(stream, content_type="application/zip")
    private(response, filename=dated_filename(name, fallback=fallback, extension="zip"))
    return response


def appeal_package_zip(package: Package, files: Mapping[Any, FieldFile]) -> ZipStream:
    """Return the appeal package: numbered files, then 申诉说明.txt and the manifest.

    The two texts go last and state the fingerprint of the very bytes written before them.
    """
    written: dict[str, Written] = {}
    streamed: list[StreamedFile] = []
    entries: list[tuple[str, Content]] = []
    for entry in package.entries:
        if entry.item is None:
            data = appeal_package.text_bytes(package.description)
            written[entry.name] = Written(size=len(data), sha256=hashlib.sha256(data).hexdigest())
            entries.append((entry.name, data))
            continue
        file = files.get(entry.item.id)
        if file is None or not file.storage.exists(file.name):
            written[entry.name] = Written(size=0, sha256="", missing=True)
            continue
        streamed.append(StreamedFile(file, entry.name))
        entries.append((entry.name, streamed[-1]))

    def fingerprints() -> dict[str, Written]:
        done = {f.name: Written(size=f.size, sha256=f.sha256, missing=f.missing) for f in streamed}
        return {**written, **done}

    generated_at = timezone.localtime()
    entries.append(
        (
            COVER_FILE,
            lambda: appeal_package.text_bytes(appeal_package.cover_text(package, fingerprints())),
        )
    )
    entries.append(
        (
            MANIFEST_FILE,
            lambda: appeal_package.manifest_json(
                package, fingerprints(), generated_at=generated_at
            ),
        )
    )
    return zip_stream(entries)
