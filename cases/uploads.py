"""Check evidence uploads by their content, never by their name, and fingerprint them.

Originals are evidence: nothing here changes a byte. A file is accepted or refused
whole; the SHA-256 is taken while streaming it in chunks.
"""

import codecs
import hashlib
import re
import sys
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePath
from typing import IO

import filetype
from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http import HttpRequest
from django.utils.text import get_valid_filename
from PIL import GifImagePlugin, Image, JpegImagePlugin, PngImagePlugin, WebPImagePlugin

from cases import wording

TEXT_PLAIN = "text/plain"
# mime type -> (name shown to the user, extension of the download, is a video)
ACCEPTED = {
    "image/jpeg": ("JPEG", "jpg", False),
    "image/png": ("PNG", "png", False),
    "image/webp": ("WebP", "webp", False),
    "image/gif": ("GIF", "gif", False),
    "image/heic": ("HEIC", "heic", False),
    "application/pdf": ("PDF", "pdf", False),
    "video/mp4": ("MP4", "mp4", True),
    "video/quicktime": ("MOV", "mov", True),
    "video/webm": ("WebM", "webm", True),
    TEXT_PLAIN: ("纯文本", "txt", False),
}
ACCEPTED_LABEL = "图片（JPEG、PNG、WebP、GIF、HEIC）、PDF、视频（MP4、MOV、WebM）和纯文本"
# A multipart body carries a few form fields besides the file.
FORM_OVERHEAD_BYTES = 1024 * 1024
# filetype looks at no more than this many leading bytes.
SNIFF_BYTES = 8192
# Control characters other than tab, newline, form feed and carriage return.
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
# The image types whose size is read from their header, each by Pillow's reader for it: the
# ones a browser draws as thumbnails (facts.THUMBNAIL_TYPES). HEIC is never drawn.
MEASURED_IMAGES = {
    "image/jpeg": JpegImagePlugin.JpegImageFile,
    "image/png": PngImagePlugin.PngImageFile,
    "image/webp": WebPImagePlugin.WebPImageFile,
    "image/gif": GifImagePlugin.GifImageFile,
}
# What image_size says of an image Pillow refuses even to measure: more pixels than any limit.
TOO_LARGE_TO_READ = (sys.maxsize, 1)
# Unicode categories that change how a name reads without being seen: controls (Cc),
# format characters such as the bidi override U+202E that shows "gpj.exe" as "exe.jpg",
# zero-width spaces and isolates (Cf), line and paragraph separators (Zl, Zp), and lone
# surrogates (Cs). Zero-width (non-)joiners stay: emoji and some scripts need them.
INVISIBLE_CATEGORIES = {"Cc", "Cf", "Zl", "Zp", "Cs"}
JOINERS = {"\u200c", "\u200d"}


@dataclass(frozen=True)
class InspectedUpload:
    content_type: str
    extension: str
    size: int
    sha256: str


def max_bytes_for(content_type: str | None) -> int:
    """Return the size limit for a file of this type (videos may be larger)."""
    if content_type in ACCEPTED and ACCEPTED[content_type][2]:
        return settings.EVIDENCE_VIDEO_MAX_BYTES
    return settings.EVIDENCE_MAX_BYTES


def largest_limit() -> int:
    return max(settings.EVIDENCE_MAX_BYTES, settings.EVIDENCE_VIDEO_MAX_BYTES)


def too_large_message(limit: int) -> str:
    return f"文件太大了，这类文件最大 {wording.file_size(limit)}。可以先压缩或剪短再上传。"


def request_too_large(request: HttpRequest) -> bool:
    """Return True if the declared body is larger than any allowed upload could make it."""
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False
    return declared > largest_limit() + FORM_OVERHEAD_BYTES


class EvidenceSizeLimitHandler(FileUploadHandler):
    """Stop receiving a file as soon as it passes the limit for its sniffed type.

    The rest of that file is skipped, not stored; later form fields still arrive,
    so what the user typed survives the refusal.
    """

    def __init__(self, request=None):
        super().__init__(request)
        self.refused_limit: int | None = None

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self._received = 0
        self._limit: int | None = None

    def receive_data_chunk(self, raw_data, start):
        if self._limit is None:
            self._limit = max_bytes_for(filetype.guess_mime(raw_data[:SNIFF_BYTES]))
        self._received += len(raw_data)
        if self._received > self._limit:
            self.refused_limit = self._limit
            raise SkipFile()
        return raw_data

    def file_complete(self, file_size):
        return None


def sniff_content_type(upload: UploadedFile) -> str | None:
    """Return the accepted mime type the content shows, or None."""
    upload.seek(0)
    head = upload.read(SNIFF_BYTES)
    upload.seek(0)
    mime = filetype.guess_mime(head)
    if mime is not None:
        return mime if mime in ACCEPTED else None
    return TEXT_PLAIN if _is_plain_text(upload) else None


def _is_plain_text(upload: UploadedFile) -> bool:
    """Return True for UTF-8, GB18030 (and so GBK) or UTF-16 with a BOM that reads as text.

    Chat logs exported on Chinese Windows are often GBK or UTF-16 rather than UTF-8.
    """
    try:
        upload.seek(0)
        if upload.read(2) in UTF16_BOMS:
            return _decodes_as_text(upload.chunks(), "utf-16", wary=True)
        return _decodes_as_text(upload.chunks(), "utf-8") or _decodes_as_text(
            upload.chunks(), "gb18030", wary=True
        )
    finally:
        upload.seek(0)


def _decodes_as_text(chunks: Iterable[bytes], encoding: str, *, wary: bool = False) -> bool:
    """Return True if the bytes decode strictly to text without control characters.

    GB18030 and UTF-16 give a meaning to almost any bytes, so a wary reading also
    refuses C1 controls, private-use code points and unassigned ones in the BMP: random
    binary is all but certain to hit one.
    """
    decoder = codecs.getincrementaldecoder(encoding)()
    try:
        for chunk in chunks:
            if not _reads_as_text(decoder.decode(chunk), wary=wary):
                return False
        return _reads_as_text(decoder.decode(b"", final=True), wary=wary)
    except UnicodeDecodeError:
        return False


def _reads_as_text(text: str, *, wary: bool) -> bool:
    if CONTROL_CHARS.search(text):
        return False
    return not wary or _all_plausible(text)


def _all_plausible(text: str) -> bool:
    # Unassigned code points outside the BMP are let through: Python's Unicode tables lag
    # behind new emoji, which live there.
    for char in set(text):
        category = unicodedata.category(char)
        if category in {"Co", "Cs"} or (category == "Cc" and char not in "\t\n\f\r"):
            return False
        if category == "Cn" and ord(char) <= 0xFFFF:
            return False
    return True


def sha256_of(upload: UploadedFile) -> str:
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def inspect_upload(upload: UploadedFile) -> InspectedUpload:
    """Return the checked type, size and SHA-256 of an upload, or raise ValidationError."""
    if not upload.size:
        raise ValidationError("这个文件是空的（0 字节）。请重新选择文件。", code="empty")
    content_type = sniff_content_type(upload)
    if content_type is None:
        raise ValidationError(
            f"不支持这种文件。可以上传：{ACCEPTED_LABEL}。系统按文件内容判断类型，改扩展名没有用。",
            code="type",
        )
    limit = max_bytes_for(content_type)
    if upload.size > limit:
        raise ValidationError(too_large_message(limit), code="size")
    if content_type in MEASURED_IMAGES:
        upload.seek(0)
        try:
            size = image_size(upload, content_type)
        finally:
            upload.seek(0)
        if size is not None and not within_pixel_limit(size):
            raise ValidationError(too_many_pixels_message(size), code="pixels")
    return InspectedUpload(
        content_type=content_type,
        extension=ACCEPTED[content_type][1],
        size=upload.size,
        sha256=sha256_of(upload),
    )


def image_size(stream: IO[bytes], content_type: str) -> tuple[int, int] | None:
    """Return an image's width and height from its header, without decoding its pixels.

    None when the header cannot be read: a damaged file is still evidence, it is only
    never drawn (thumbnails.drawable_image).
    """
    reader = MEASURED_IMAGES.get(content_type)
    if reader is None:
        return None
    try:
        # The format's own header reader, which leaves a file it was handed open. Image.open
        # would add Pillow's decompression-bomb check after it, which refuses to say the
        # size of the very images we are looking for.
        return reader(stream).size
    except Image.DecompressionBombError:
        # Some readers check too (WebP, GIF frames): past 179 megapixels they say no more.
        return TOO_LARGE_TO_READ
    except Exception:  # any other failure to parse a hostile header means "cannot tell"
        return None


def within_pixel_limit(size: tuple[int, int]) -> bool:
    width, height = size
    return width * height <= settings.EVIDENCE_MAX_PIXELS


def too_many_pixels_message(size: tuple[int, int]) -> str:
    width, height = size
    dimensions = "" if size == TOO_LARGE_TO_READ else f"：{width} × {height} 像素"
    limit = settings.EVIDENCE_MAX_PIXELS / 10_000
    return (
        f"这张图片的尺寸太大了{dimensions}。每张图片最多 {limit:g} 万像素，"
        "再大的图片打开时会卡住甚至拖垮浏览器。请把图片缩小，或者分成几张截图再上传。"
    )


def clean_original_name(name: str) -> str:
    """Return the user's file name for display: no directory part, nothing invisible.

    Applied when a name is stored and again whenever one is read (models.FileNameField),
    so names stored before the cleaning read clean too.
    """
    # Most names need nothing: every character printable (so none of the invisible
    # categories), no directory part. The same result as the full cleaning below, which a
    # property test compares (tests/cases/test_uploads.py), at a tenth of the cost: a page
    # reads every name of a case's evidence.
    if name.isprintable() and "/" not in name and "\\" not in name and name != ".":
        return name.strip()[:255]
    return clean_name_fully(name)


def clean_name_fully(name: str) -> str:
    """clean_original_name's full work, character by character, for any name."""
    visible = "".join(
        char
        for char in name
        if char in JOINERS or unicodedata.category(char) not in INVISIBLE_CATEGORIES
    )
    return PurePath(visible.replace("\\", "/")).name.strip()[:255]


def download_name(original_name: str, content_type: str) -> str:
    """Return a safe attachment name whose extension matches the checked content."""
    stem = PurePath(clean_original_name(original_name)).stem
    try:
        stem = get_valid_filename(stem)[:80]
    except SuspiciousFileOperation:  # names like ".." have no usable stem
        stem = ""
    extension = ACCEPTED.get(content_type, ("", "bin", False))[1]
    return f"{stem or 'evidence'}.{extension}"
