"""The appeal pack on a phone (issue 14): copy the statement, see each file, take one PDF.

At 360 × 800, a buyer who has talked to the seller and is about to appeal: the evidence
page shows their pictures as thumbnails; the appeal page's statement copies whole; the
pack lists the files in the platform's order with thumbnails; one tap downloads the
combined PDF. Every page passes axe and never scrolls sideways.
"""

import io
import os
from datetime import timedelta
from decimal import Decimal

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from bench.filled import answered_case, told_seller_case
from tests.browser.helpers import (
    assert_accessible,
    assert_no_horizontal_scroll,
    signed_in_page,
)

pytestmark = [pytest.mark.browser, pytest.mark.sections_as_served]

SCREEN = {"width": 360, "height": 800}
CLIPBOARD = ["clipboard-read", "clipboard-write"]
ORDER_NUMBER = "KM20261120-0088"


def _picture(size: tuple[int, int], colour: tuple[int, int, int], fmt: str = "PNG") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, fmt)
    return buffer.getvalue()


@pytest.fixture
def ready_to_appeal(transactional_db, guide_parts):
    """A used code, refused by the seller: three pictures and a PDF, nothing filed yet."""
    from cases.choices import Stage
    from cases.selectors.case import stage_state
    from cases.services.case import case_create
    from cases.services.eligibility import eligibility_save
    from cases.services.evidence import evidence_item_add, transaction_record_save
    from cases.services.negotiation import attempt_log

    user = get_user_model().objects.create_user(username="appealer", password="Kameng-2026-pw")
    case = case_create(owner=user, product_name="王者荣耀 100 元点卡", platform_name="某卡盟")
    now = timezone.now()
    eligibility_save(
        case=case,
        answers={
            "goods_kind": "game_card",
            "problems": ["invalid_code"],
            "no_refund_notice": False,
            "fraud_signs": False,
            "payment_method": "platform",
            "amount": Decimal("100.00"),
            "ordered_at": now - timedelta(days=2),
            "remedy": "refund",
        },
        version=0,
    )
    transaction_record_save(
        case=case,
        fields={"order_number": ORDER_NUMBER, "seller_id": "shop8888"},
        version=stage_state(case=case, stage=Stage.EVIDENCE).version,
    )
    for kind, description, content, name in (
        ("transaction", "订单详情页截图", _picture((540, 1170), (30, 90, 160)), "o.png"),
        (
            "communication",
            "商家说卡密已发放",
            _picture((540, 1170), (40, 140, 60), "JPEG"),
            "c.jpg",
        ),
        ("failure", "提示已被使用的截图", _picture((540, 1170), (170, 40, 40)), "f.png"),
        ("other", "付款记录", _picture((300, 400), (0, 0, 0), "PDF"), "pay.pdf"),
    ):
        evidence_item_add(
            case=case,
            kind=kind,
            description=description,
            occurred_at=now - timedelta(days=2),
            upload=SimpleUploadedFile(name, content),
        )
    attempt_log(
        case=case,
        sent_at=now - timedelta(days=1, hours=20),
        deadline=now - timedelta(days=1),
        message="你好，我买的王者荣耀 100 元点卡卡密提示已被使用，请在期限前退款。",
    )
    return user, case


def _thumbnails_drawn(page, selector: str) -> list[int]:
    """Scroll each thumbnail into view (they load lazily) and return their drawn widths."""
    thumbs = page.locator(selector)
    widths = []
    for index in range(thumbs.count()):
        thumb = thumbs.nth(index)
        thumb.scroll_into_view_if_needed()
        expect(thumb).to_have_js_property("complete", True)
        widths.append(thumb.evaluate("img => img.naturalWidth"))
    return widths


def _phone(new_context, live_server, user, path: str):
    return signed_in_page(
        new_context,
        live_server,
        user,
        path,
        viewport=SCREEN,
        is_mobile=True,
        has_touch=True,
        permissions=CLIPBOARD,
    )


def test_appeal_pack_on_a_phone(new_context, live_server, ready_to_appeal):
    user, case = ready_to_appeal
    page = _phone(new_context, live_server, user, f"/cases/{case.pk}/evidence/")

    # The evidence list: each picture as a thumbnail, the fingerprint one tap away.
    # Drawn from the small preview (540 × 1170 scaled into 192 × 192), not the original.
    assert _thumbnails_drawn(page, ".kr-evidence-item__thumb img") == [89, 89, 89]
    proof = page.locator(".kr-evidence-item__proof").first
    sha256 = case.evidence.get(kind="transaction").sha256
    expect(page.get_by_text(sha256, exact=True)).to_be_hidden()
    proof.get_by_text("存证详情").click()
    expect(page.get_by_text(sha256, exact=True)).to_be_visible()
    assert_no_horizontal_scroll(page, SCREEN["width"])
    assert_accessible(page, "evidence")

    # The appeal page opens on the statement: shown whole, copied whole.
    page.goto(f"/cases/{case.pk}/appeal/")
    statement = page.get_by_role("textbox", name="申诉说明", exact=True)
    expect(statement).to_be_visible()
    text = statement.input_value()
    assert ORDER_NUMBER in text and "【待补充" not in text
    # Whole: the box grows with the text instead of scrolling inside the page.
    assert statement.evaluate("box => box.scrollHeight <= box.clientHeight + 1")
    page.get_by_role("button", name="复制申诉说明").click()
    expect(page.locator("#copy-status")).to_contain_text("已复制申诉说明")
    assert page.evaluate("() => navigator.clipboard.readText()") == text
    assert_no_horizontal_scroll(page, SCREEN["width"])
    assert_accessible(page, "appeal, statement open")

    # An edit is kept as it is typed: it is still there after a reload.
    statement.press("Control+End")
    statement.type("（补充：商家至今没有回复。）")
    expect(page.locator("#statement [data-autosave-status]")).to_contain_text("已自动保存")
    page.reload()
    expect(statement).to_have_value(f"{text}（补充：商家至今没有回复。）")

    # The pack: the files in the platform's order, each with its thumbnail and a download.
    page.locator("#package > summary").click()
    expect(page.locator("#statement")).not_to_have_attribute("open", "")
    names = page.locator(".kr-pack__name").all_inner_texts()
    assert [name[:7] for name in names] == [
        "01-订单截图",
        "02-问题描述",
        "03-沟通记录",
        "04-失效证明",
        "05-其他-付",
    ]
    assert _thumbnails_drawn(page, ".kr-pack__thumb[loading=lazy]") == [89, 89, 89]
    with page.expect_download() as download:
        page.locator(".kr-pack__file").first.get_by_role("link", name="下载").click()
    assert download.value.suggested_filename == names[0]
    assert_no_horizontal_scroll(page, SCREEN["width"])
    assert_accessible(page, "appeal, pack open")


def test_one_tap_downloads_the_combined_pdf(new_context, live_server, ready_to_appeal):
    if not settings.APPEAL_PDF_FONT.is_file():
        if os.environ.get("CI"):
            pytest.fail(f"CI is set but the PDF font is missing: {settings.APPEAL_PDF_FONT}")
        pytest.skip("fonts-noto-cjk is not installed: no combined PDF here")
    user, case = ready_to_appeal
    page = _phone(new_context, live_server, user, f"/cases/{case.pk}/appeal/")
    page.locator("#package > summary").click()
    with page.expect_download() as download:
        page.get_by_role("button", name="下载合并 PDF（4 页）").click()
    pdf = download.value
    assert pdf.suggested_filename.startswith(f"申诉材料-{ORDER_NUMBER}-")
    assert pdf.suggested_filename.endswith(".pdf")
    assert pdf.path().read_bytes().startswith(b"%PDF-")


# Before an appeal is filed: the seller refused, or has not answered yet, and the statement
# still has a gap; or the buyer's own reasons (issue 14; every page's height:
# tests/browser/test_page_heights.py).
@pytest.mark.parametrize("shape", ["refused", "no_answer_yet", "own_reason"])
def test_before_filing_the_statement_and_its_copy_button_are_in_view_on_a_phone(
    new_context, live_server, guide_parts, shape
):
    user = get_user_model().objects.create_user(username="tall", password="Kameng-2026-pw")
    if shape == "own_reason":
        case = answered_case(user, problems=["not_needed"], code_symptom="")
    else:
        case = told_seller_case(user, refused=shape == "refused")
    page = _phone(new_context, live_server, user, f"/cases/{case.pk}/appeal/")
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height <= 3 * SCREEN["height"], f"{shape}: {height} px"
    if shape != "own_reason":
        # The statement to copy and its button are open as served, the gap named beside it.
        expect(page.get_by_role("textbox", name="申诉说明", exact=True)).to_be_visible()
        expect(page.get_by_role("button", name="复制申诉说明")).to_be_visible()
        expect(page.locator("#statement")).to_contain_text("先补上【待补充】")
    assert_no_horizontal_scroll(page, SCREEN["width"])
    assert_accessible(page, f"appeal, {shape}")
