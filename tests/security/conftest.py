import io

import pytest
from PIL import Image


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    """Keep files uploaded by these tests out of the real evidence store."""
    settings.MEDIA_ROOT = tmp_path / "private-media"
    return settings.MEDIA_ROOT


@pytest.fixture
def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(buffer, "PNG")
    return buffer.getvalue()
