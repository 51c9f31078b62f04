import io

import pytest
from PIL import Image

from cases.services.case import case_create


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    """Keep uploaded evidence of each test in its own directory."""
    settings.MEDIA_ROOT = tmp_path / "private-media"
    return settings.MEDIA_ROOT


def image_bytes(fmt: str = "PNG", size: tuple[int, int] = (8, 8)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, fmt)
    return buffer.getvalue()


@pytest.fixture
def png_bytes() -> bytes:
    return image_bytes("PNG")


@pytest.fixture
def pdf_bytes() -> bytes:
    return image_bytes("PDF")


@pytest.fixture
def make_case(db):
    def make(owner=None, session_key="", **fields):
        case = case_create(
            owner=owner,
            session_key=session_key,
            product_name=fields.pop("product_name", "王者荣耀 100 元点卡"),
            platform_name=fields.pop("platform_name", "某卡盟"),
        )
        for name, value in fields.items():
            setattr(case, name, value)
        if fields:
            case.save()
        return case

    return make


@pytest.fixture
def case(make_case, user):
    return make_case(owner=user)
