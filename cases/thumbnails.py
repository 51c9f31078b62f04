"""Evidence images a browser can draw: as stored for the print page, or as a small preview.

The small preview is a new, scaled-down JPEG made for the list on a phone (a screenshot of
a few hundred kB shown in a 56 px square); the stored original is never changed.
"""

import io
from typing import IO

import filetype
from PIL import Image, ImageOps, UnidentifiedImageError

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


# Three device pixels per CSS pixel of the 56 px square, and a little room to crop.
PREVIEW_BOX = (192, 192)
PREVIEW_QUALITY = 80


def small_preview(handle: IO[bytes]) -> bytes | None:
    """Return a JPEG at most PREVIEW_BOX of a drawable image (drawable_image), None if Pillow
    cannot read it. The image is turned as its camera meant (EXIF) and flattened on white."""
    try:
        with Image.open(handle) as image:
            image.draft("RGB", (PREVIEW_BOX[0] * 2, PREVIEW_BOX[1] * 2))  # JPEG: decode smaller
            image = ImageOps.exif_transpose(image)
            image.thumbnail(PREVIEW_BOX)
            if image.mode not in ("RGB", "L"):
                rgba = image.convert("RGBA")
                image = Image.new("RGB", rgba.size, "white")
                image.paste(rgba, mask=rgba.getchannel("A"))
            out = io.BytesIO()
            image.save(out, "JPEG", quality=PREVIEW_QUALITY, optimize=True)
    except (OSError, ValueError, UnidentifiedImageError, Image.DecompressionBombError):
        return None
    finally:
        handle.close()
    return out.getvalue()
