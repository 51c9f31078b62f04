"""The appeal pack on a phone (issue 14), through the test client: the combined PDF, each
file under its numbered name, thumbnails, and what the disclosures hold."""

import os
import re
from datetime import datetime
from decimal import Decimal
from urllib.parse import unquote
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from hypothesis import example, given
from hypothesis import strategies as st

from cases.appeal_pdf import font_available, pdf_parts
from cases.facts import EvidenceFacts
from cases.models import NegotiationAttempt, StageState
from cases.services.evidence import evidence_item_add
from cases.texts import appeal_package
from tests.cases.conftest import image_bytes
from tests.queries import count_queries

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
ORDER_NUMBER = "KM20260301001"
SEED_ORDER = [
    "01-订单截图-订单详情页.png",
    "02-问题描述.txt",
    "03-沟通记录-QQ 聊天记录.jpg",
    "04-失效证明-输入卡密报错.png",
    "05-其他-付款记录.pdf",
]


@pytest.fixture
def font():
    """Skip where the CJK font is missing, except in CI, which must have it (.ci/system-deps)."""
    if not font_available(settings.APPEAL_PDF_FONT):
        if os.environ.get("CI"):
            pytest.fail(f"CI is set but the PDF font is missing: {settings.APPEAL_PDF_FONT}")
        pytest.skip("fonts-noto-cjk is not installed (apt-get install fonts-noto-cjk)")
    return settings.APPEAL_PDF_FONT


def at(day: int, hour: int) -> datetime:
    return datetime(2026, 3, day, hour, tzinfo=SHANGHAI)


def add(case, kind, description, content=None, name="f.png", occurred_at=None):
    upload = SimpleUploadedFile(name, content) if content is not None else None
    return evidence_item_add(
        case=case, kind=kind, description=description, occurred_at=occurred_at, upload=upload
    )


@pytest.fixture
def pack_case(make_case, user, pdf_bytes):
    """Three pictures (PNG and JPEG), a PDF and a note without a file, added out of order."""
    case = make_case(
        owner=user,
        order_number=ORDER_NUMBER,
        seller_id="shop8888",
        amount=Decimal("100"),
        ordered_at=at(1, 9),
        problems=["invalid_code"],
        goods_kind="game_card",
        payment_method="platform",
    )
    add(case, "failure", "输入卡密报错", image_bytes(size=(30, 60)), "e.png", at(2, 11))
    add(case, "other", "付款记录", pdf_bytes, "pay.pdf", at(1, 9))
    add(case, "communication", "QQ 聊天记录", image_bytes("JPEG", (40, 20)), "q.jpg", at(2, 10))
    add(case, "communication", "电话沟通，商家说再等等")
    add(case, "transaction", "订单详情页", image_bytes(size=(20, 40)), "o.png", at(1, 9))
    return case


def url(case, suffix: str = "") -> str:
    return f"/cases/{case.pk}/appeal/{suffix}"


def pages_of(pdf: bytes) -> int:
    """Return how many pages a PDF has (fpdf2 writes its page objects uncompressed)."""
    return len(re.findall(rb"/Type /Page\b", pdf))


def version(case) -> int:
    state = StageState.objects.filter(case=case, stage="appeal").first()
    return state.version if state else 0


# The combined PDF.


def test_pdf_is_a_private_download_with_a_chinese_name(user_client, pack_case, font):
    response = user_client.get(url(pack_case, "package.pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert "no-store" in response["Cache-Control"]
    assert response["X-Content-Type-Options"] == "nosniff"
    disposition = response["Content-Disposition"]
    stamp = timezone.localdate().strftime("%Y%m%d")
    assert disposition.startswith("attachment;")
    assert unquote(disposition).endswith(f"申诉材料-{ORDER_NUMBER}-{stamp}.pdf")


def test_pdf_has_the_text_page_and_one_page_per_image(user_client, pack_case, font):
    pdf = user_client.get(url(pack_case, "package.pdf")).content
    images = pack_case.evidence.filter(content_type__in=["image/png", "image/jpeg"]).count()
    assert images == 3
    assert pages_of(pdf) == 1 + images
    assert len(re.findall(rb"/Subtype /Image", pdf)) == images
    # The font goes in as a subset: a phone's viewer may have no Chinese font of its own.
    assert b"/FontFile" in pdf and len(pdf) < 200_000


def test_pdf_of_another_users_case_is_404(other_client, pack_case, font):
    assert other_client.get(url(pack_case, "package.pdf")).status_code == 404
    assert Client().get(url(pack_case, "package.pdf")).status_code == 404


def test_pdf_survives_a_missing_and_a_damaged_picture(user_client, pack_case, font):
    transaction = pack_case.evidence.get(kind="transaction")
    transaction.file.storage.delete(transaction.file.name)
    failure = pack_case.evidence.get(kind="failure")
    with failure.file.storage.open(failure.file.name, "wb") as handle:
        handle.write(image_bytes()[:40])  # a PNG cut short: the header is still right
    response = user_client.get(url(pack_case, "package.pdf"))
    assert response.status_code == 200
    # Each picture keeps its page, saying the original is in the ZIP instead.
    assert pages_of(response.content) == 4
    assert len(re.findall(rb"/Subtype /Image", response.content)) == 1


def test_without_the_font_the_pdf_points_to_the_zip(user_client, pack_case, settings, tmp_path):
    settings.APPEAL_PDF_FONT = tmp_path / "no-such-font.ttc"
    response = user_client.get(url(pack_case, "package.pdf"))
    assert response.status_code == 302
    assert response["Location"] == f"{url(pack_case)}#package-title"
    page = user_client.get(response["Location"]).content.decode()
    assert "缺少中文字体" in page and 'value="pdf"' not in page
    assert 'value="zip"' in page


def test_pdf_button_saves_the_statement_first(user_client, pack_case, font):
    response = user_client.post(
        url(pack_case, "record/"),
        {"version": version(pack_case), "action": "pdf", "statement": "PDF 用这一版。"},
    )
    assert response.status_code == 302 and response["Location"] == url(pack_case, "package.pdf")
    state = StageState.objects.get(case=pack_case, stage="appeal")
    assert state.draft["appeal"]["statement"] == ["PDF 用这一版。"]
    assert pages_of(user_client.get(response["Location"]).content) == 4


def _facts(kind, content_type="image/png", has_file=True, id=None) -> EvidenceFacts:
    return EvidenceFacts(
        id=id or kind, kind=kind, description=kind, content_type=content_type, has_file=has_file
    )


def test_pdf_pages_follow_the_package_and_leave_other_files_apart():
    items = [
        _facts("failure", "image/webp"),
        _facts("other", "application/pdf"),
        _facts("communication", "video/mp4", id="video"),
        _facts("communication", "image/heic", id="heic"),
        _facts("transaction", "image/jpeg"),
        _facts("communication", has_file=False, id="note"),
    ]
    package = appeal_package.build_package(items, statement="s", description="d")
    pages, apart = pdf_parts(package)
    assert [entry.section for entry in pages] == ["transaction", "statement", "failure"]
    assert [entry.item.id for entry in apart] == ["video", "heic", "other"]


@pytest.mark.parametrize("path", ["package.pdf", "files/{item}/"])
def test_pack_downloads_cost_the_same_queries_however_many_files(
    user_client, pack_case, font, path, django_assert_num_queries
):
    target = url(pack_case, path.format(item=pack_case.evidence.get(kind="transaction").pk))

    few = count_queries(user_client, target)
    for n in range(4):
        add(pack_case, "communication", f"聊天 {n}", image_bytes(size=(9, 9 + n)), "c.png")
    assert count_queries(user_client, target) == few


# Each file under its numbered name.


def test_each_file_downloads_under_its_numbered_name(user_client, pack_case):
    page = user_client.get(url(pack_case)).content.decode()
    for item in pack_case.evidence.exclude(file=""):
        link = url(pack_case, f"files/{item.pk}/")
        assert f'href="{link}"' in page
        response = user_client.get(link)
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"]
        name = unquote(response["Content-Disposition"])
        assert name.startswith("attachment;") and any(name.endswith(n) for n in SEED_ORDER)
        with item.file.open("rb") as handle:
            assert b"".join(response.streaming_content) == handle.read()


def test_a_file_of_another_users_case_is_404(other_client, pack_case, make_case, user):
    item = pack_case.evidence.get(kind="transaction")
    assert other_client.get(url(pack_case, f"files/{item.pk}/")).status_code == 404
    # Nor through a case of one's own: the item must belong to the case in the URL.
    mine = make_case(owner=user)
    owner = Client()
    owner.force_login(user)
    assert owner.get(url(mine, f"files/{item.pk}/")).status_code == 404
    note = pack_case.evidence.get(file="")
    assert owner.get(url(pack_case, f"files/{note.pk}/")).status_code == 404


# The appeal page: the pack in the seed's order with thumbnails, one section open at a time.


def _section(page: str, section_id: str) -> str:
    match = re.search(rf'<details [^>]*id="{section_id}"[^>]*>.*?</details>', page, re.S)
    assert match, f"no section {section_id}"
    return match.group(0)


def test_pack_lists_files_in_seed_order_with_thumbnails(user_client, pack_case):
    page = user_client.get(url(pack_case)).content.decode()
    package = _section(page, "package")
    names = re.findall(r'<span class="kr-pack__name">([^<]+)</span>', package)
    assert names == SEED_ORDER
    pictures = pack_case.evidence.filter(content_type__startswith="image/")
    for item in pictures:
        assert f'src="/cases/{pack_case.pk}/evidence/{item.pk}/thumb/?size=small"' in package
    # The problem description and the PDF get the file icon; kinds are in words.
    assert package.count("/static/img/file.svg") == 2
    assert "图片，" in package and "PDF 文件，" in package and "image/png" not in package
    assert "下载合并 PDF（4 页）" in package and "要单独上传" in package


def _opened(page: str) -> list[str]:
    return re.findall(r'<details class="kr-details kr-section" id="(\w+)"[^>]*\bopen\b', page)


def test_before_filing_the_statement_is_the_open_section(user_client, pack_case):
    # Not yet negotiated: the warning to ask the seller first is what to do; all folded.
    page = user_client.get(url(pack_case)).content.decode()
    assert "先协商，再申诉" in page and _opened(page) == []
    NegotiationAttempt.objects.create(case=pack_case, sent_at=at(2, 10), outcome="refused")
    page = user_client.get(url(pack_case)).content.decode()
    assert _opened(page) == ["statement"]
    assert page.count('name="appeal"') == 5  # one accordion: a section opens, another closes
    # Nothing logged yet: no 已记录的申诉 section with nothing in it.
    assert 'id="records"' not in page
    statement = _section(page, "statement")
    assert 'name="statement"' in statement and "复制申诉说明" in statement
    # The one filled button on screen is the copy button.
    assert re.search(r'class="kr-button" type="button" data-copy-target', statement)


def test_sections_holding_errors_are_all_open(user_client, pack_case):
    response = user_client.post(
        url(pack_case, "record/"),
        {"version": version(pack_case), "action": "save", "statement": "退" * 2001},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert set(_opened(page)) == {"statement", "log"}
    # Not an accordion while two sections hold errors: opening one must not close the other.
    assert 'name="appeal"' not in page


def test_a_filed_appeal_waits_with_its_outcome_form_open(user_client, pack_case):
    user_client.post(
        url(pack_case, "record/"),
        {"version": version(pack_case), "action": "save", "submitted_at": "2026-03-03T09:00"},
    )
    page = user_client.get(url(pack_case)).content.decode()
    records = _section(page, "records")
    assert " open" in records.split(">", 1)[0]
    assert re.search(r'<details class="kr-appeal__outcome" open>', records)


# The evidence page: thumbnails, kinds in words, the fingerprint behind 存证详情.


def test_evidence_list_shows_thumbnails_and_keeps_fingerprints_in_a_disclosure(
    user_client, pack_case
):
    # Every card, with ?all=1: the page itself lists the newest of each kind (issue 18).
    page = user_client.get(f"/cases/{pack_case.pk}/evidence/?all=1").content.decode()
    for item in pack_case.evidence.exclude(file=""):
        card = page[page.index(f">{item.description}</p>") :]
        card = card[: card.index("</details>")]
        proof = card[card.index('<details class="kr-evidence-item__proof">') :]
        assert "<summary>存证详情</summary>" in proof
        assert item.sha256 in proof and "服务器接收时间" in proof
        assert item.sha256 not in card.replace(proof, "")
        assert f"{item.content_type}" not in card
    for item in pack_case.evidence.filter(content_type__startswith="image/"):
        thumb = f"/cases/{pack_case.pk}/evidence/{item.pk}/thumb/"
        assert f'<img src="{thumb}?size=small" alt="查看图片：{item.description}"' in page
    assert "PDF 文件，" in page and page.count("/static/img/file.svg") == 1
    # Complete checklist and record: both forms fold away, the next step is the one button.
    folded = re.findall(r'<details class="kr-details kr-section" id="(add|record)"([^>]*)>', page)
    assert folded == [("add", ' name="evidence"'), ("record", ' name="evidence"')]
    assert '<a class="kr-button" href="/cases/' in page and "下一步：找商家协商" in page


def test_print_page_parts_are_sections_with_a_stacking_file_list(user_client, pack_case):
    page = user_client.get(url(pack_case, "print/")).content.decode()
    assert page.count('<details class="kr-details kr-section kr-package__part"') == 6
    # Closed on screen; the print stylesheet shows every part.
    assert not re.search(r"<details[^>]*\bopen\b", page)
    for label in ("类型", "发生时间", "服务器接收时间", "大小", "SHA-256"):
        assert page.count(f'data-label="{label}"') == len(SEED_ORDER)
    assert "这个文件（PDF 文件）不能直接印在纸上" in page


def _safe_name_part_by_character(text: str) -> str:
    """safe_name_part as first written: every character looked up."""
    import unicodedata

    text = unicodedata.normalize("NFC", text)
    text = "".join(" " if unicodedata.category(char)[0] in "CZ" else char for char in text)
    text = appeal_package.UNSAFE_IN_NAME.sub("_", text)
    text = re.sub(r"\s+", " ", text).strip(" ._")
    return text[: appeal_package.NAME_PART_LIMIT].rstrip(" ._")


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=40))
@example("订单详情页 截图")
@example("a\u3000b\u200bc\td\u2028e")
def test_file_name_parts_read_printable_text_whole_with_the_same_result(text):
    assert appeal_package.safe_name_part(text) == _safe_name_part_by_character(text)
