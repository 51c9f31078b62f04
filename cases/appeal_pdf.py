"""The appeal package as one PDF, for a platform's 退款纠纷 form that takes a single attachment.

The pages follow the package's order (cases.texts.appeal_package): each evidence image on a
page of its own under its numbered name, and the problem description — which ends with the
statement — as text where the package has it. Files a PDF cannot show (videos, PDFs, HEIC
photos) are named on the text page, to be attached as they are. JPEG bytes go in as stored,
other images losslessly; the originals stay untouched in storage and in the ZIP.

The text is set in a CJK font installed on the server (settings.APPEAL_PDF_FONT, Debian's
fonts-noto-cjk), embedded as a subset: a phone's PDF viewer may have no Chinese font.
"""

from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import IO

from fontTools.ttLib import TTCollection, TTLibError
from fpdf import FPDF
from fpdf.enums import Align, WrapMode, XPos, YPos
from fpdf.errors import FPDFException
from PIL import Image

from cases import wording
from cases.facts import EvidenceFacts
from cases.texts.appeal_package import Package, PackageEntry

FONT = "cjk"
MARGIN = 15  # mm on every side of an A4 page
GREY = (90, 90, 90)
# What a damaged or hostile image raises while Pillow or fpdf2 reads it.
UNREADABLE = (
    OSError,
    ValueError,
    SyntaxError,
    EOFError,
    Image.DecompressionBombError,
    FPDFException,
)

OpenImage = Callable[[EvidenceFacts], IO[bytes] | None]


def font_available(font: Path) -> bool:
    """Return True if the font the PDF is set in is installed."""
    return Path(font).is_file()


@cache
def _collection_number(font: str) -> int:
    """Return which font of a .ttc collection sets Simplified Chinese (0 for a single font)."""
    if not font.lower().endswith(".ttc"):
        return 0
    try:
        fonts = TTCollection(font, lazy=True).fonts
        families = [member["name"].getBestFamilyName() or "" for member in fonts]
    except (OSError, TTLibError):
        return 0
    for number, family in enumerate(families):
        if family.endswith(" SC") and "Mono" not in family:
            return number
    return 0


def pdf_parts(package: Package) -> tuple[list[PackageEntry], list[PackageEntry]]:
    """Return the entries that get pages, in package order, and the files to attach apart.

    The problem description gets a text page and every image a page of its own; anything
    else a PDF cannot show is only named on the text page.
    """
    pages = [entry for entry in package.entries if entry.item is None or entry.item.thumbnail]
    apart = [entry for entry in package.entries if entry.item and not entry.item.thumbnail]
    return pages, apart


class _Document(FPDF):
    def footer(self) -> None:
        self.set_y(-MARGIN + 4)
        self.set_font(FONT, size=8)
        self.set_text_color(*GREY)
        self.cell(0, 4, f"第 {self.page_no()} 页，共 {{nb}} 页", align=Align.C)


def _document(font: Path, title: str) -> _Document:
    pdf = _Document(format="A4", unit="mm")
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_auto_page_break(True, margin=MARGIN)
    pdf.add_font(FONT, fname=str(font), collection_font_number=_collection_number(str(font)))
    pdf.set_title(title)
    pdf.set_lang("zh-CN")
    pdf.set_creator("卡盟退款指南")
    return pdf


def _write(pdf: FPDF, text: str, *, size: float, grey: bool = False, after: float = 0) -> None:
    pdf.set_font(FONT, size=size)
    pdf.set_text_color(*(GREY if grey else (0, 0, 0)))
    # Chinese has no spaces to break at: wrap anywhere.
    pdf.multi_cell(
        0,
        size * 0.55,
        text,
        align=Align.L,
        wrapmode=WrapMode.CHAR,
        new_x=XPos.LMARGIN,
        new_y=YPos.NEXT,
    )
    if after:
        pdf.ln(after)


def _text_page(pdf: FPDF, entry: PackageEntry, text: str, apart: list[PackageEntry]) -> None:
    pdf.add_page()
    _write(pdf, entry.name, size=9, grey=True, after=3)
    _write(pdf, text.strip(), size=11)
    if apart:
        pdf.ln(6)
        _write(pdf, "另外上传的文件（放不进 PDF，请按编号上传原文件）：", size=11, after=1)
        for other in apart:
            _write(pdf, f"{other.name}（{wording.file_kind(other.item.content_type)}）", size=10)


def _fits(handle: IO[bytes], max_pixels: int) -> bool:
    """Return True if the image is no larger than max_pixels, reading only its header."""
    with Image.open(handle) as image:
        width, height = image.size
    handle.seek(0)
    return width * height <= max_pixels


def _image_page(pdf: FPDF, entry: PackageEntry, handle: IO[bytes] | None, max_pixels: int) -> None:
    item = entry.item
    pdf.add_page()
    _write(pdf, entry.name, size=10)
    details = [item.description.strip()]
    if item.occurred_at:
        details.append(f"发生时间：{wording.moment(item.occurred_at)}")
    _write(pdf, "；".join(filter(None, details)), size=9, grey=True, after=3)
    top = pdf.get_y()
    box = {"x": MARGIN, "y": top, "w": pdf.epw, "h": pdf.eph + MARGIN - top}
    try:
        if handle is None or not _fits(handle, max_pixels):
            raise ValueError("not drawable")
        pdf.image(handle, **box, keep_aspect_ratio=True, alt_text=item.description or entry.name)
    except UNREADABLE:
        _write(pdf, "这张图片放不进 PDF（文件缺失、损坏或太大）。原文件在压缩包里。", size=11)


def package_pdf(
    package: Package, *, open_image: OpenImage, font: Path, title: str, max_pixels: int
) -> bytes:
    """Return the package as one PDF: in package order, one page per image, text as text.

    open_image returns the stored image, checked to be what its type says, or None.
    """
    pages, apart = pdf_parts(package)
    handles: dict[int, IO[bytes] | None] = {}
    try:
        pdf = _document(font, title)
        for entry in pages:
            if entry.item is None:
                _text_page(pdf, entry, package.description, apart)
                continue
            handles[entry.number] = open_image(entry.item)
            _image_page(pdf, entry, handles[entry.number], max_pixels)
        return bytes(pdf.output())
    finally:
        for handle in handles.values():
            if handle is not None:
                handle.close()
