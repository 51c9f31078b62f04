"""Evidence images a browser can draw, served as stored for the print page's thumbnails."""

from typing import IO

import filetype

from cases.facts import THUMBNAIL_TYPES
from cases.models import EvidenceItem
from cases.uploads import SNIFF_BYTES, image_size, within_pixel_limit


def drawable_image(item: EvidenceItem) -> tuple[IO[bytes], str] | None:
    """Return the open stored image and its type if a browser can draw it, else None.

    The stored bytes are sniffed again: a missing file, content that is not the image
    type on record, or an image whose size is past the pixel limit or cannot be read
    from its header gets the file icon instead of a broken picture or a frozen browser.
    """
    if not item.file or item.content_type not in THUMBNAIL_TYPES:
        return None
    try:
        handle = item.file.storage.open(item.file.name, "rb")
    except (OSError, ValueError):
        return None
    try:
        head = handle.read(SNIFF_BYTES)
        handle.seek(0)
    except (OSError, ValueError):
        handle.close()
        return None
    if filetype.guess_mime(head) != item.content_type:
        handle.close()
        return None
    # A pixel bomb stored before uploads were measured, or a header nobody can read, is
    # never handed to a browser to decode (settings.EVIDENCE_MAX_PIXELS).
    try:
        size = image_size(handle, item.content_type)
        handle.seek(0)
    except (OSError, ValueError):
        size = None
    if size is None or not within_pixel_limit(size):
        handle.close()
        return None
    return handle, item.content_type
