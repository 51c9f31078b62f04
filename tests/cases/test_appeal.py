"""Stage 4 — platform appeal, through the test client: advice, statement, package, log."""

import hashlib
import html
import io
import json
import re
import zipfile
from dataclasses import replace
from datetime import datetime, timedelta
from decimal import Decimal
from urllib.parse import quote
from zoneinfo import ZoneInfo

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import StreamingHttpResponse
from django.test import Client
from django.utils import timezone
from PIL import Image

from cases.facts import AttemptFacts, CaseFacts, EvidenceFacts
from cases.models import (
    AppealRecord,
    Case,
    CaseEvent,
    EvidenceItem,
    NegotiationAttempt,
    StageState,
    WizardText,
)
from cases.services.evidence import evidence_item_add
from cases.texts import appeal as appeal_texts
from cases.texts import appeal_package
from cases.texts.defaults import DEFAULTS
from tests.cases.conftest import image_bytes
from tests.queries import count_queries

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
ORDER_NUMBER = "KM20260301001"
# The order the platform reads the package in, as the ZIP must hold it.
SEED_ORDER = [
    "01-订单截图-订单详情页.png",
    "02-问题描述.txt",
    "03-沟通记录-QQ 聊天记录.png",
    "04-失效证明-输入卡密报错.png",
    "05-其他-付款记录.pdf",
]


def url(case, suffix: str = "") -> str:
    return f"/cases/{case.pk}/appeal/{suffix}"


def version(case) -> int:
    state = StageState.objects.filter(case=case, stage="appeal").first()
    return state.version if state else 0


def textarea(page: str, name: str) -> str:
    match = re.search(rf'<textarea name="{name}"[^>]*>(.*?)</textarea>', page, re.S)
    assert match, f"no textarea {name}"
    return html.unescape(match.group(1)).strip()


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 3, day, hour, minute, tzinfo=SHANGHAI)


def add_file(case, kind: str, description: str, content: bytes, name: str, occurred_at=None):
    return evidence_item_add(
        case=case,
        kind=kind,
        description=description,
        occurred_at=occurred_at,
        upload=SimpleUploadedFile(name, content),
    )


def read_zip(response) -> zipfile.ZipFile:
    assert response.status_code == 200
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


@pytest.fixture
def appeal_case(make_case, user, pdf_bytes):
    """A case on the platform, its evidence added in the wrong order on purpose."""
    case = make_case(
        owner=user,
        order_number=ORDER_NUMBER,
        amount=Decimal("100"),
        seller_id="shop8888",
        ordered_at=at(1, 9, 15),
        problems=["invalid_code"],
        goods_kind="game_card",
        payment_method="platform",
        remedy="refund",
    )
    add_file(case, "failure", "输入卡密报错", image_bytes(size=(9, 9)), "err.png", at(2, 11))
    add_file(case, "other", "付款记录", pdf_bytes, "pay.pdf", at(1, 9, 16))
    add_file(case, "communication", "QQ 聊天记录", image_bytes(size=(7, 7)), "qq.png", at(2, 10))
    evidence_item_add(case=case, kind="communication", description="电话沟通，商家说再等等")
    add_file(case, "transaction", "订单详情页", image_bytes(size=(5, 5)), "o.png", at(1, 9, 15))
    return case


def negotiate(case) -> NegotiationAttempt:
    return NegotiationAttempt.objects.create(
        case=case,
        sent_at=at(2, 10),
        deadline=at(2, 17),
        seller_answer="卡密已发放，无法回收",
        outcome="refused",
    )


# The page: where to click, who must prove what, the negotiation warning.


def test_page_says_where_to_click_and_who_must_prove_what(user_client, appeal_case):
    page = user_client.get(url(appeal_case)).content.decode()
    assert "订单详情" in page and "退款纠纷" in page
    assert "举证责任分配" in page
    # FACTS part 4: the seller holds the back-end data and must show valid proof of delivery.
    assert "卡密使用日志" in page and "系统发货记录" in page
    assert "在你收到之前就被用过" in page and "晚于购买时间" not in page
    assert 'href="/guide/appeal/"' in page
    # Editor Markdown is rendered, not shown as asterisks.
    assert "<strong>订单详情 → 退款纠纷</strong>" in page and "**" not in page


def test_without_negotiation_the_page_warns_but_does_not_block(user_client, appeal_case):
    page = user_client.get(url(appeal_case)).content.decode()
    assert "先协商，再申诉" in page and "可能被驳回" in page
    # A warning, not a block: the statement, the package and the log are all there.
    assert 'name="statement"' in page and 'name="submitted_at"' in page
    assert 'name="action" value="zip"' in page and 'name="action" value="pdf"' in page
    response = user_client.post(
        url(appeal_case, "record/"),
        {"version": version(appeal_case), "action": "save", "submitted_at": "2026-03-03T09:00"},
    )
    assert response.status_code == 302 and appeal_case.appeals.count() == 1


def test_with_a_logged_negotiation_there_is_no_warning(user_client, appeal_case):
    negotiate(appeal_case)
    page = user_client.get(url(appeal_case)).content.decode()
    assert "先协商，再申诉" not in page
    assert "订单详情" in page


def test_private_transfer_points_to_outside_channels(user_client, make_case, user):
    case = make_case(owner=user, payment_method="private")
    page = user_client.get(url(case)).content.decode()
    assert "私下转账" in page and "外部维权" in page
    assert 'name="statement"' not in page


# The statement: generated from the case, editable, kept.


def test_statement_is_generated_from_the_case(user_client, appeal_case):
    statement = textarea(user_client.get(url(appeal_case)).content.decode(), "statement")
    assert ORDER_NUMBER in statement and "王者荣耀 100 元点卡" in statement
    assert "卡密无法正常使用" in statement and "请平台介入" in statement
    assert "待补充" not in statement


def test_statement_follows_the_editors_template(user_client, appeal_case):
    WizardText.objects.update_or_create(
        key="appeal_statement",
        defaults={
            "label": "申诉说明模板",
            "body": "编辑改过的模板：订单{order_number}，{amount}。",
        },
    )
    statement = textarea(user_client.get(url(appeal_case)).content.decode(), "statement")
    # A Latin letter or digit meeting Chinese gets a space, however the editor typed it.
    assert statement == f"编辑改过的模板：订单 {ORDER_NUMBER}，100 元。"


def test_missing_order_number_is_marked_then_filled_once_known(user_client, make_case, user):
    case = make_case(owner=user, problems=["late"], payment_method="platform")
    page = user_client.get(url(case)).content.decode()
    assert "【待补充：订单号】" in textarea(page, "statement")
    assert "还有【待补充】" in page and f'href="/cases/{case.pk}/evidence/"' in page
    # The buyer saves their own wording with the mark still in it …
    user_client.post(
        url(case, "record/"),
        {"version": version(case), "action": "draft", "statement": "我的说明。【待补充：订单号】"},
    )
    # … then fills in the order number on the evidence page: the mark is replaced.
    case.order_number = ORDER_NUMBER
    case.save()
    statement = textarea(user_client.get(url(case)).content.decode(), "statement")
    assert statement == f"我的说明。{ORDER_NUMBER}"


def test_edited_statement_is_saved_as_a_draft_and_used_by_the_package(user_client, appeal_case):
    mine = "订单 KM20260301001 的卡密无效，商家拒绝处理。请平台介入退款。（我自己改的）"
    response = user_client.post(
        url(appeal_case, "record/"),
        {
            "version": version(appeal_case),
            "action": "draft",
            "statement": mine,
            "ticket_number": "T-1",
        },
    )
    assert response.status_code == 302 and response["Location"] == url(appeal_case)
    page = user_client.get(url(appeal_case)).content.decode()
    assert textarea(page, "statement") == mine and 'value="T-1"' in page
    assert CaseEvent.objects.filter(case=appeal_case, message="保存了草稿：平台申诉").exists()
    archive = read_zip(user_client.get(url(appeal_case, "package.zip")))
    assert archive.read("申诉说明.txt").decode("utf-8-sig").startswith(mine)
    assert mine in archive.read("02-问题描述.txt").decode("utf-8-sig")
    assert mine in user_client.get(url(appeal_case, "print/")).content.decode()


def test_save_and_download_keeps_the_edit_and_goes_to_the_zip(user_client, appeal_case):
    response = user_client.post(
        url(appeal_case, "record/"),
        {"version": version(appeal_case), "action": "zip", "statement": "压缩包用这一版。"},
    )
    assert response.status_code == 302 and response["Location"] == url(appeal_case, "package.zip")
    response = user_client.post(
        url(appeal_case, "record/"),
        {"version": version(appeal_case), "action": "print", "statement": "打印用这一版。"},
    )
    assert response["Location"] == url(appeal_case, "print/")
    assert "打印用这一版。" in user_client.get(response["Location"]).content.decode()
    # A download is not a step of the case: no 保存了草稿 line in its timeline for each one.
    assert not CaseEvent.objects.filter(case=appeal_case, message__startswith="保存了草稿").exists()


def test_stale_tab_is_refused_with_the_input_kept(user_client, appeal_case):
    stale = version(appeal_case)
    user_client.post(
        url(appeal_case, "record/"),
        {"version": stale, "action": "draft", "statement": "另一个标签页保存的说明"},
    )
    response = user_client.post(
        url(appeal_case, "record/"),
        {"version": stale, "action": "draft", "statement": "这个标签页里写的说明"},
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "这一页在别处更新过" in page
    assert textarea(page, "statement") == "这个标签页里写的说明"
    state = StageState.objects.get(case=appeal_case, stage="appeal")
    assert state.draft["appeal"]["statement"] == ["另一个标签页保存的说明"]
    # Saving again from the refreshed form (the new version) replaces it.
    version_now = re.search(r'name="version" value="(\d+)"', page).group(1)
    response = user_client.post(
        url(appeal_case, "record/"),
        {"version": version_now, "action": "draft", "statement": "这个标签页里写的说明"},
    )
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("submitted_at", "message"),
    [
        ("2026-02-30T10:00", "时间的格式不对"),
        ("0001-01-01T00:00", "年份不对"),
        ("", "请填写提交申诉的时间"),
        ("2099-01-01T10:00", "不能晚于现在"),
    ],
)
def test_bad_log_input_gets_a_message_and_keeps_what_was_typed(
    user_client, appeal_case, submitted_at, message
):
    response = user_client.post(
        url(appeal_case, "record/"),
        {
            "version": version(appeal_case),
            "action": "save",
            "statement": "我写的说明",
            "submitted_at": submitted_at,
            "ticket_number": "GD-778",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page and "有 1 处要改，见下面。你已经填的内容都保留着。" in page
    assert textarea(page, "statement") == "我写的说明" and 'value="GD-778"' in page
    assert not appeal_case.appeals.exists()


def test_overlong_statement_is_refused_with_a_count(user_client, appeal_case):
    response = user_client.post(
        url(appeal_case, "record/"),
        {
            "version": version(appeal_case),
            "action": "save",
            "statement": "退" * 2001,
            "submitted_at": "2026-03-03T09:00",
        },
    )
    assert response.status_code == 200 and "最多 2000 个字，现在是 2001 个" in html.unescape(
        response.content.decode()
    )


# The package: print page and ZIP, in the seed's order.


def test_print_page_lists_files_with_sha256_in_seed_order(user_client, appeal_case):
    response = user_client.get(url(appeal_case, "print/"))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    page = html.unescape(response.content.decode())
    listed = re.findall(r'<th scope="row" class="kr-package__name">([^<]+)</th>', page)
    assert listed == SEED_ORDER
    rows = page.split("data-package-file")[1:]
    for item in appeal_case.evidence.exclude(file=""):
        assert len(item.sha256) == 64 and item.sha256 in page
    # The problem description row carries the fingerprint of the very text in the ZIP.
    archive = read_zip(user_client.get(url(appeal_case, "package.zip")))
    description_hash = hashlib.sha256(archive.read("02-问题描述.txt")).hexdigest()
    assert description_hash in rows[1]
    # Sections in the platform's order, each its own printed page.
    titles = ["交易记录（订单截图）", "问题描述", "沟通记录", "商品失效证明", "其他材料"]
    positions = [page.index(f"{n}. {title}</h2>") for n, title in enumerate(titles, 1)]
    assert positions == sorted(positions)
    assert page.count('class="kr-package__section"') == 5
    # Images get a thumbnail from the owner-only route; the PDF gets the file icon.
    images = appeal_case.evidence.filter(content_type="image/png")
    for item in images:
        assert f'src="/cases/{appeal_case.pk}/evidence/{item.pk}/thumb/"' in page
    assert page.count("kr-package__thumb") == 3 and "/static/img/file.svg" in page
    # An item without a file is still listed, in its section.
    assert "电话沟通，商家说再等等" in page
    # CSP: no inline style anywhere on the page.
    assert "style=" not in page and "<style" not in page


def test_print_page_numbers_only_the_parts_it_has_and_flags_gaps(user_client, make_case, user):
    case = make_case(owner=user, problems=["late"], payment_method="platform")
    add_file(case, "failure", "报错截图", image_bytes(), "e.png", at(2, 9))
    page = user_client.get(url(case, "print/")).content.decode()
    # No order screenshot yet: the description is part 1, the failure proof part 2.
    assert "1. 问题描述</h2>" in page and "2. 商品失效证明</h2>" in page
    assert "交易记录（订单截图）</h2>" not in page
    assert "材料包里还没有：交易记录（订单截图）、沟通记录" in page
    assert "还有【待补充】" in page


def test_print_styles_are_a4_with_page_breaks():
    from django.conf import settings

    css = (settings.BASE_DIR / "static" / "css" / "site.css").read_text()
    block = css[css.index("/* Stage 4 — appeal") : css.index("/* End stage 4 — appeal */")]
    print_rules = block[block.index("@media print") :]
    assert "size: A4" in print_rules
    assert re.search(r"\.kr-package__section \{[^}]*break-before: page", print_rules)
    assert re.search(r"\.kr-package__item[^{]*\{[^}]*break-inside: avoid", print_rules)


def test_zip_entries_are_in_seed_order_and_the_manifest_matches_the_stored_files(
    user_client, appeal_case
):
    archive = read_zip(user_client.get(url(appeal_case, "package.zip")))
    assert archive.namelist() == [*SEED_ORDER, "申诉说明.txt", "manifest.json"]
    assert archive.testzip() is None
    manifest = json.loads(archive.read("manifest.json"))
    rows = {row["name"]: row for row in manifest["files"]}
    assert [row["name"] for row in manifest["files"]] == SEED_ORDER
    for item in appeal_case.evidence.exclude(file=""):
        with item.file.open("rb") as handle:
            stored = handle.read()
        row = next(row for row in manifest["files"] if row["description"] == item.description)
        assert row["sha256"] == hashlib.sha256(stored).hexdigest() == item.sha256
        assert row["size"] == len(stored) == item.size
        assert archive.read(row["name"]) == stored
        assert row["received_at"] and row["occurred_at"]
        assert row["matches_upload"] is True
    transaction = rows[SEED_ORDER[0]]
    assert transaction["kind"] == "transaction" and transaction["occurred_at"].startswith(
        "2026-03-01T09:15"
    )
    # The problem description and the statement travel with the files.
    description = archive.read("02-问题描述.txt")
    assert rows["02-问题描述.txt"]["sha256"] == hashlib.sha256(description).hexdigest()
    text = description.decode("utf-8-sig")
    assert ORDER_NUMBER in text and "100 元" in text and "卡密无法正常使用" in text
    cover = archive.read("申诉说明.txt").decode("utf-8-sig")
    assert "请平台介入" in cover
    for name in SEED_ORDER:
        assert f"{name}  SHA-256：{rows[name]['sha256']}" in cover


def test_zip_is_streamed_as_a_private_attachment(user_client, appeal_case):
    response = user_client.get(url(appeal_case, "package.zip"))
    assert isinstance(response, StreamingHttpResponse) and response.streaming
    assert response["Content-Type"] == "application/zip"
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=utf-8''" in disposition.lower() and ORDER_NUMBER in disposition
    read_zip(response)


def test_the_problem_description_downloads_alone_as_its_numbered_file(user_client, appeal_case):
    page = user_client.get(url(appeal_case)).content.decode()
    link = url(appeal_case, "description.txt")
    assert f'href="{link}"' in page
    response = user_client.get(link)
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "no-store" in response["Cache-Control"]
    # The same bytes, under the same numbered name, as the ZIP's file.
    archive = read_zip(user_client.get(url(appeal_case, "package.zip")))
    (name,) = [n for n in archive.namelist() if n.endswith("问题描述.txt") and n[:2].isdigit()]
    assert response.content == archive.read(name)
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;") and quote(name) in disposition


def test_a_large_video_is_never_held_in_memory_whole(user_client, appeal_case):
    big = bytes(range(256)) * (12 * 1024)  # 3 MB
    item = EvidenceItem(
        case=appeal_case,
        kind="failure",
        description="录屏",
        content_type="video/mp4",
        size=len(big),
        sha256=hashlib.sha256(big).hexdigest(),
        received_at=timezone.now(),
    )
    item.file.save("evidence", ContentFile(big), save=True)
    response = user_client.get(url(appeal_case, "package.zip"))
    chunks = [len(chunk) for chunk in response.streaming_content]
    assert sum(chunks) > len(big) and max(chunks) <= 256 * 1024


def test_a_file_gone_from_storage_is_marked_missing_not_an_error(user_client, appeal_case):
    item = appeal_case.evidence.get(kind="failure")
    item.file.storage.delete(item.file.name)
    archive = read_zip(user_client.get(url(appeal_case, "package.zip")))
    assert "04-失效证明-输入卡密报错.png" not in archive.namelist()
    manifest = json.loads(archive.read("manifest.json"))
    row = next(row for row in manifest["files"] if row["name"].startswith("04-"))
    assert row["missing"] is True and row["sha256"] is None
    assert "（文件缺失，没有放进压缩包）" in archive.read("申诉说明.txt").decode("utf-8-sig")


# Thumbnails: owner only, never a 500.


def test_thumbnail_is_served_inline_to_the_owner_only(user_client, other_client, appeal_case):
    item = appeal_case.evidence.get(kind="transaction")
    thumb = f"/cases/{appeal_case.pk}/evidence/{item.pk}/thumb/"
    response = user_client.get(thumb)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    assert not response["Content-Disposition"].startswith("attachment")
    with item.file.open("rb") as handle:
        assert b"".join(response.streaming_content) == handle.read()
    assert other_client.get(thumb).status_code == 404
    assert Client().get(thumb).status_code == 404
    other_case_thumb = (
        f"/cases/{appeal_case.pk}/evidence/{'0' * 8}-0000-4000-8000-{'0' * 12}/thumb/"
    )
    assert user_client.get(other_case_thumb).status_code == 404


def test_the_small_preview_is_a_scaled_down_copy_turned_upright(user_client, appeal_case):
    # A tall phone screenshot, stored with EXIF saying "turn 90°", as some phones do.
    buffer = io.BytesIO()
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: rotate 90° clockwise to show
    Image.new("RGB", (2340, 1080), (30, 120, 200)).save(buffer, "JPEG", exif=exif.tobytes())
    item = EvidenceItem(
        case=appeal_case, kind="failure", description="x", content_type="image/jpeg"
    )
    item.file.save("evidence", ContentFile(buffer.getvalue()), save=True)
    thumb = f"/cases/{appeal_case.pk}/evidence/{item.pk}/thumb/?size=small"
    response = user_client.get(thumb)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert "no-store" in response["Cache-Control"]
    preview = Image.open(io.BytesIO(response.content))
    assert preview.size == (89, 192)  # upright, within 192 × 192
    assert len(response.content) < len(buffer.getvalue()) / 5
    with item.file.open("rb") as handle:
        assert handle.read() == buffer.getvalue()  # the evidence itself is untouched
    assert Client().get(thumb).status_code == 404


@pytest.mark.parametrize(
    ("content_type", "content"),
    [
        ("image/heic", b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00heicmif1"),
        ("image/png", b"not a picture at all"),
        ("application/pdf", b"%PDF-1.4\n%%EOF"),
    ],
)
def test_thumbnail_of_what_a_browser_cannot_draw_is_the_file_icon(
    user_client, appeal_case, content_type, content
):
    item = EvidenceItem(
        case=appeal_case, kind="failure", description="x", content_type=content_type
    )
    item.file.save("evidence", ContentFile(content), save=True)
    response = user_client.get(f"/cases/{appeal_case.pk}/evidence/{item.pk}/thumb/")
    assert response.status_code == 302 and response["Location"].endswith("/img/file.svg")


def test_thumbnail_of_a_file_gone_from_storage_is_the_file_icon(user_client, appeal_case):
    item = appeal_case.evidence.get(kind="transaction")
    item.file.storage.delete(item.file.name)
    response = user_client.get(f"/cases/{appeal_case.pk}/evidence/{item.pk}/thumb/")
    assert response.status_code == 302
    assert user_client.get(url(appeal_case, "print/")).status_code == 200


def test_another_users_case_is_404_on_every_appeal_route(other_client, appeal_case):
    record = AppealRecord.objects.create(case=appeal_case, submitted_at=at(3, 9))
    for path in ("", "print/", "package.zip", "description.txt"):
        assert other_client.get(url(appeal_case, path)).status_code == 404
    data = {"version": 0, "action": "draft", "statement": "x"}
    assert other_client.post(url(appeal_case, "record/"), data).status_code == 404
    update = url(appeal_case, f"record/{record.pk}/")
    assert other_client.post(update, {f"appeal-{record.pk}-outcome": "refunded"}).status_code == 404
    record.refresh_from_db()
    assert record.outcome == "pending"


# The log: submitted at, ticket number, outcome.


def test_log_an_appeal_then_record_rejection_then_refund(user_client, appeal_case):
    response = user_client.post(
        url(appeal_case, "record/"),
        {
            "version": version(appeal_case),
            "action": "save",
            "statement": "提交给平台的说明",
            "submitted_at": "2026-03-03T09:30",
            "ticket_number": "GD-778",
        },
    )
    assert response.status_code == 302
    record = appeal_case.appeals.get()
    assert record.ticket_number == "GD-778" and record.statement == "提交给平台的说明"
    assert timezone.localtime(record.submitted_at) == at(3, 9, 30)
    assert record.outcome == "pending"
    state = StageState.objects.get(case=appeal_case, stage="appeal")
    assert state.status == "in_progress"
    assert CaseEvent.objects.filter(
        case=appeal_case, message="记录了平台申诉：2026年3月3日 09:30 提交，工单号 GD-778"
    ).exists()
    page = user_client.get(url(appeal_case)).content.decode()
    # Submitted in March, still pending: past the platform's answer time (issue 17).
    assert "工单号 GD-778" in page and "该有答复了" in page

    update = url(appeal_case, f"record/{record.pk}/")
    response = user_client.post(
        update, {"version": version(appeal_case), f"appeal-{record.pk}-outcome": "rejected"}
    )
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.outcome == "rejected"
    assert CaseEvent.objects.filter(
        case=appeal_case, message="更新了申诉 GD-778 的结果：申诉被驳回。下一步：外部维权"
    ).exists()
    page = user_client.get(url(appeal_case)).content.decode()
    assert "申诉被驳回" in page and "下一步：外部维权" in page
    assert StageState.objects.get(case=appeal_case, stage="appeal").status == "done"

    response = user_client.post(
        update, {"version": version(appeal_case), f"appeal-{record.pk}-outcome": "refunded"}
    )
    assert response.status_code == 302 and response["Location"] == f"/cases/{appeal_case.pk}/"
    appeal_case.refresh_from_db()
    assert appeal_case.resolution == "refunded" and appeal_case.resolved_at is not None
    messages = list(
        CaseEvent.objects.filter(case=appeal_case)
        .order_by("at", "id")
        .values_list("message", flat=True)
    )
    assert messages[-2:] == [
        "更新了申诉 GD-778 的结果：平台判退款",
        "记录了结果：全额退款。备注：平台申诉判了退款",
    ]


def test_an_overdue_appeal_over_the_buyers_own_reasons_does_not_point_outside(
    user_client, appeal_case
):
    AppealRecord.objects.create(case=appeal_case, submitted_at=at(3, 9))
    page = user_client.get(url(appeal_case)).content.decode()
    assert "该有答复了" in page and "下一步是外部维权" in page
    appeal_case.problems = ["too_expensive"]
    appeal_case.save()
    page = user_client.get(url(appeal_case)).content.decode()
    assert "该有答复了" in page and "下一步是外部维权" not in page


def test_a_rejected_appeal_over_the_buyers_own_reasons_leads_to_recording_the_end(
    user_client, appeal_case
):
    appeal_case.problems = ["not_needed"]
    appeal_case.save()
    record = AppealRecord.objects.create(case=appeal_case, submitted_at=at(3, 9))
    response = user_client.post(
        url(appeal_case, f"record/{record.pk}/"),
        {"version": version(appeal_case), f"appeal-{record.pk}-outcome": "rejected"},
    )
    assert response.status_code == 302
    assert CaseEvent.objects.filter(
        case=appeal_case, message="更新了申诉的结果：申诉被驳回"
    ).exists()
    page = user_client.get(url(appeal_case)).content.decode()
    resolve = f'href="/cases/{appeal_case.pk}/#resolve-title"'
    assert "外部渠道通常也帮不了" in page and resolve in page
    assert "下一步：外部维权" not in page


def test_no_answer_points_to_outside_channels(user_client, appeal_case):
    record = AppealRecord.objects.create(case=appeal_case, submitted_at=at(3, 9))
    response = user_client.post(
        url(appeal_case, f"record/{record.pk}/"),
        {"version": version(appeal_case), f"appeal-{record.pk}-outcome": "no_answer"},
    )
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.outcome == "no_answer"
    appeal_case.refresh_from_db()
    assert not appeal_case.resolution
    assert "平台没有答复" in user_client.get(url(appeal_case)).content.decode()


def test_stale_outcome_update_is_refused(user_client, appeal_case):
    record = AppealRecord.objects.create(case=appeal_case, submitted_at=at(3, 9))
    stale = version(appeal_case)
    user_client.post(url(appeal_case, "record/"), {"version": stale, "action": "draft"})
    response = user_client.post(
        url(appeal_case, f"record/{record.pk}/"),
        {"version": stale, f"appeal-{record.pk}-outcome": "rejected"},
    )
    assert response.status_code == 409 and "这一页在别处更新过" in response.content.decode()
    record.refresh_from_db()
    assert record.outcome == "pending"


def test_unknown_outcome_is_refused_with_a_message(user_client, appeal_case):
    record = AppealRecord.objects.create(case=appeal_case, submitted_at=at(3, 9))
    response = user_client.post(
        url(appeal_case, f"record/{record.pk}/"),
        {"version": version(appeal_case), f"appeal-{record.pk}-outcome": "won_the_lottery"},
    )
    assert response.status_code == 200 and "请选择平台的处理结果" in response.content.decode()
    record.refresh_from_db()
    assert record.outcome == "pending"


def test_anonymous_session_owner_can_use_the_appeal_stage(client):
    client.post("/cases/new/", {"product_name": "点卡", "platform_name": "某卡盟"})
    case = Case.objects.get()
    assert client.get(url(case)).status_code == 200
    response = client.post(
        url(case, "record/"),
        {"version": version(case), "action": "save", "submitted_at": "2026-03-03T09:00"},
    )
    assert response.status_code == 302 and case.appeals.count() == 1
    assert read_zip(client.get(url(case, "package.zip"))).namelist() == [
        "01-问题描述.txt",
        "申诉说明.txt",
        "manifest.json",
    ]


# Query counts stay the same however much the case holds.


@pytest.mark.parametrize(
    ("path", "stream"), [("", False), ("print/", False), ("package.zip", True)]
)
def test_query_counts_stay_constant_as_evidence_and_events_grow(
    user_client, make_case, user, path, stream, django_assert_num_queries
):
    case = make_case(owner=user, order_number=ORDER_NUMBER, payment_method="platform")
    add_file(case, "transaction", "订单", image_bytes(size=(3, 3)), "o.png", at(1, 9))
    negotiate(case)
    AppealRecord.objects.create(case=case, submitted_at=at(3, 9), ticket_number="A-1")
    small = count_queries(user_client, url(case, path))
    for n in range(5):
        add_file(
            case, "communication", f"聊天 {n}", image_bytes(size=(4 + n, 4)), "c.png", at(2, n)
        )
    negotiate(case)
    AppealRecord.objects.create(case=case, submitted_at=at(4, 9), ticket_number="A-2")
    CaseEvent.objects.bulk_create([CaseEvent(case=case, message=f"事件 {n}") for n in range(50)])
    assert case.evidence.count() == 6
    with django_assert_num_queries(small):
        response = user_client.get(url(case, path))
        if stream:
            names = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))).namelist()
            assert len(names) == 6 + 1 + 2


# The pure package rules (cases.texts.appeal).


def _facts(kind, occurred=None, received=None, has_file=True, **fields) -> EvidenceFacts:
    return EvidenceFacts(
        id=fields.pop("id", kind),
        kind=kind,
        description=fields.pop("description", kind),
        occurred_at=occurred,
        received_at=received,
        has_file=has_file,
        content_type=fields.pop("content_type", "image/png"),
        **fields,
    )


@pytest.mark.parametrize(
    ("items", "expected"),
    [
        # By section first, whatever the order they were added in.
        (
            [_facts("failure"), _facts("other"), _facts("communication"), _facts("transaction")],
            ["transaction", "communication", "failure", "other"],
        ),
        # Within a section by when it happened; unknown times last.
        (
            [
                _facts("communication", id="late", occurred=at(2, 12)),
                _facts("communication", id="unknown"),
                _facts("communication", id="early", occurred=at(2, 9)),
            ],
            ["early", "late", "unknown"],
        ),
        # Same time: by when the server received it.
        (
            [
                _facts("failure", id="second", occurred=at(2, 9), received=at(3, 10)),
                _facts("failure", id="first", occurred=at(2, 9), received=at(3, 9)),
            ],
            ["first", "second"],
        ),
        # An unknown kind goes with "other", at the end.
        ([_facts("mystery", id="m"), _facts("transaction", id="t")], ["t", "m"]),
    ],
)
def test_package_order(items, expected):
    ordered = appeal_package.ordered_items(items)
    key = "kind" if expected[0] in appeal_package.SECTIONS else "id"
    assert [getattr(item, key) for item in ordered] == expected


@pytest.mark.parametrize(
    ("number", "section", "description", "content_type", "expected"),
    [
        (1, "transaction", "订单详情页", "image/png", "01-订单截图-订单详情页.png"),
        (2, "statement", "ignored", "", "02-问题描述.txt"),
        (3, "communication", "../../etc/passwd", "image/jpeg", "03-沟通记录-etc_passwd.jpg"),
        (4, "failure", 'a:b*c?"d<e>|f', "video/mp4", "04-失效证明-a_b_c__d_e__f.mp4"),
        (5, "failure", "   ", "video/quicktime", "05-失效证明.mov"),
        (6, "other", "x\x00y\u202ez", "application/x-unknown", "06-其他-x y z.bin"),
        (12, "failure", "长" * 60, "image/heic", f"12-失效证明-{'长' * 40}.heic"),
    ],
)
def test_entry_names_are_numbered_and_safe(number, section, description, content_type, expected):
    name = appeal_package.entry_name(number, section, description, content_type)
    assert name == expected and "/" not in name and "\\" not in name


def test_package_numbers_only_files_and_puts_the_problem_description_second():
    items = [
        _facts("communication", id="chat", has_file=False),
        _facts("failure", id="err"),
        _facts("transaction", id="order"),
    ]
    package = appeal_package.build_package(items, statement="s", description="d")
    assert [(entry.number, entry.section) for entry in package.entries] == [
        (1, "transaction"),
        (2, "statement"),
        (3, "failure"),
    ]
    communication = next(s for s in package.sections if s.section == "communication")
    assert communication.entries == () and [i.id for i in communication.without_file] == ["chat"]


def test_statement_leaves_out_the_buyers_own_reasons_and_marks_gaps():
    template = DEFAULTS["appeal_statement"].body
    facts = CaseFacts(product_name="点卡", problems=("not_needed", "late"))
    statement = appeal_texts.statement_from(template, facts)
    assert "过了约定的时间还没有收到商品" in statement and "不需要" not in statement
    assert "【待补充：订单号】" in statement
    assert appeal_texts.has_missing_mark(statement)
    given = CaseFacts(order_number="N1", problems=("late",), remedy="refund", amount=Decimal(30))
    filled = appeal_texts.refill(statement, given)
    assert "N1" in filled and not appeal_texts.has_missing_mark(filled)


def test_problem_description_lists_the_negotiation_and_the_statement():
    attempt = AttemptFacts(
        sent_at=at(2, 10), deadline=at(2, 17), seller_answer="不退", outcome="refused"
    )
    facts = CaseFacts(
        order_number="N1", amount=Decimal("30"), ordered_at=at(1, 9, 5), negotiations=(attempt,)
    )
    text = appeal_texts.problem_description(facts, statement="请退款")
    assert "订单号：N1" in text and "金额：30 元" in text and "下单时间：2026年3月1日 09:05" in text
    assert "商品名称：【待补充：商品名称】" in text
    assert "- 2026年3月2日 10:00 联系商家，请商家在 2026年3月2日 17:00 前处理" in text
    assert "商家回复“不退”；结果：商家拒绝" in text and text.rstrip().endswith("请退款")
    none = appeal_texts.problem_description(replace(facts, negotiations=()), statement="")
    assert "【待补充：什么时候联系的商家、商家怎么回复】" in none


def test_future_submission_allows_a_few_minutes_of_clock_skew(user_client, appeal_case):
    soon = timezone.localtime() + timedelta(minutes=3)
    response = user_client.post(
        url(appeal_case, "record/"),
        {
            "version": version(appeal_case),
            "action": "save",
            "submitted_at": soon.strftime("%Y-%m-%dT%H:%M"),
        },
    )
    assert response.status_code == 302


def test_a_buyer_with_only_their_own_reasons_is_told_an_appeal_rarely_helps(
    user_client, make_case, user
):
    case = make_case(owner=user, problems=["not_needed"], payment_method="platform")
    html = user_client.get(f"/cases/{case.pk}/appeal/").content.decode()
    assert "平台申诉通常帮不了这种情况" in html and "第二十五条" in html
    assert f'href="/cases/{case.pk}/negotiation/"' in html
    # Said before the to-do list, which then reads as the way for a buyer who appeals anyway.
    assert html.index("平台申诉通常帮不了这种情况") < html.index("现在要做什么")
    assert "还是想申诉的话：" in html
    # Not negotiated yet: said once, in that warning, instead of a second box to step 3.
    assert "大多数平台也要求先协商、再申诉" in html and "先协商，再申诉" not in html


def test_a_seller_fault_gets_no_own_reasons_warning(user_client, appeal_case):
    html = user_client.get(f"/cases/{appeal_case.pk}/appeal/").content.decode()
    assert "平台申诉通常帮不了这种情况" not in html


@pytest.mark.parametrize("problems", [["not_needed"], ["invalid_code"], []])
def test_the_list_of_gaps_names_only_the_marks_in_the_statement(
    user_client, user, make_case, problems
):
    case = make_case(owner=user, order_number="", problems=problems)
    page = user_client.get(url(case)).content.decode()
    marks = set(re.findall(r"【待补充：(.*?)】", textarea(page, "statement")))
    listed = re.search(r"先补上【待补充】.*?<ul>(.*?)</ul>", page, re.S).group(1)
    named = {
        label
        for item in re.findall(r"<li>(.*?)</li>", listed, re.S)
        for label in html.unescape(re.sub(r"<[^>]+>", "", item)).split("：", 1)[-1].split("、")
    }
    assert named == marks


def test_saving_an_unchanged_appeal_result_says_so_and_records_nothing(user_client, appeal_case):
    record = AppealRecord.objects.create(
        case=appeal_case, submitted_at=at(3, 9, 30), ticket_number="GD-1", outcome="rejected"
    )
    events = CaseEvent.objects.filter(case=appeal_case).count()
    update = url(appeal_case, f"record/{record.pk}/")
    same = {"version": version(appeal_case), f"appeal-{record.pk}-outcome": "rejected"}
    page = user_client.post(update, same, follow=True).content.decode()
    assert "没有改动：结果还是“申诉被驳回”。" in page and "已记录结果" not in page
    assert CaseEvent.objects.filter(case=appeal_case).count() == events


def test_a_rejected_goodwill_appeal_is_not_promised_an_outside_channel(
    user_client, user, make_case
):
    case = make_case(owner=user, problems=["not_needed"], payment_method="platform")
    record = AppealRecord.objects.create(case=case, submitted_at=at(3, 9, 30), outcome="pending")
    update = url(case, f"record/{record.pk}/")
    rejected = {"version": version(case), f"appeal-{record.pk}-outcome": "rejected"}
    page = user_client.post(update, rejected, follow=True).content.decode()
    assert "已记录结果。下一步见下面。" in page and "考虑外部维权，理由和渠道" not in page


def test_once_an_appeal_is_filed_the_overview_waits_for_the_platform(user_client, make_case, user):
    """Filed and pending: the overview says to wait for the platform's answer, not to go and
    file the appeal (订单详情 → 退款纠纷) again."""
    case = make_case(owner=user, problems=["invalid_code"])
    AppealRecord.objects.create(
        case=case, submitted_at=timezone.now() - timedelta(hours=3), ticket_number="TS778899"
    )
    for stage, status in (("eligibility", "done"), ("negotiation", "done")):
        StageState.objects.create(case=case, stage=stage, status=status)
    StageState.objects.create(case=case, stage="appeal", status="in_progress")
    html = user_client.get(f"/cases/{case.pk}/").content.decode()
    assert "继续「平台申诉」" in html and "申诉已经提交，等平台处理" in html
    assert "退款纠纷</strong>提交申诉" not in html
