"""Case record: resolve and reopen, export everything as a ZIP, delete a case with its files."""

import datetime
import decimal
import hashlib
import io
import json
import os
import re
import uuid
import zipfile
from urllib.parse import quote

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.test import Client
from django.utils import timezone

from cases.models import (
    AppealRecord,
    Case,
    CaseEvent,
    EscalationRecord,
    EvidenceItem,
    NegotiationAttempt,
    ReminderMail,
    StageState,
    WizardText,
)
from cases.services import record as record_services
from cases.services.evidence import evidence_item_add

pytestmark = pytest.mark.django_db


def files_under(root) -> list[str]:
    """Return every file below root (the evidence store), walking the directory."""
    return [os.path.join(folder, name) for folder, _, names in os.walk(root) for name in names]


def read_zip(response) -> zipfile.ZipFile:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def fill_every_record(case: Case, png_bytes: bytes, pdf_bytes: bytes) -> None:
    """Give the case rows of every related model, two uploaded files and a file-less item."""
    case.order_number = "KM20260315001"
    case.seller_id = "seller-88"
    case.amount = decimal.Decimal("68.50")
    case.ordered_at = timezone.make_aware(datetime.datetime(2026, 3, 15, 10, 30))
    case.goods_kind = "game_card"
    case.problems = ["invalid_code"]
    case.payment_method = "platform"
    case.save()
    evidence_item_add(
        case=case,
        kind="transaction",
        description="订单截图",
        upload=SimpleUploadedFile("订单 截图.png", png_bytes),
    )
    evidence_item_add(
        case=case,
        kind="failure",
        description="报错页面",
        upload=SimpleUploadedFile("../../报错.pdf", pdf_bytes),
    )
    evidence_item_add(case=case, kind="communication", description="旺旺聊天")
    now = timezone.now()
    NegotiationAttempt.objects.create(
        case=case, sent_at=now, deadline=now + datetime.timedelta(days=1), message="请处理"
    )
    AppealRecord.objects.create(case=case, submitted_at=now, ticket_number="T-1")
    EscalationRecord.objects.create(case=case, channel="12315", filed_on=now.date())
    # The reminder mail sent about the deadline (issue 17).
    case.reminders_since = now - datetime.timedelta(days=2)
    case.save()
    ReminderMail.objects.create(
        case=case, kind="negotiation_deadline", due_at=now, claimed_at=now, sent_at=now
    )


def expected_json(instance: models.Model, field: models.Field):
    """Return what the export must say for one field, per the documented format."""
    value = getattr(instance, field.attname)
    if value is None:
        return None
    if field.choices and not field.is_relation:
        return {"code": value, "label": str(dict(field.flatchoices).get(value, ""))}
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    return value


def assert_row_exported(instance: models.Model, row: dict, archive: zipfile.ZipFile) -> None:
    """Every concrete field is in the row, so a field added later is checked without edits."""
    names = {field.name for field in instance._meta.concrete_fields}
    assert set(row) == names, f"{instance._meta.label}: {set(row) ^ names}"
    for field in instance._meta.concrete_fields:
        exported = row[field.name]
        where = f"{instance._meta.label}.{field.name}"
        if field.name == "session_key":
            assert exported in (None, {"redacted": "登录凭据，不导出"}), where
        elif isinstance(field, models.FileField):
            stored = getattr(instance, field.name)
            if not stored:
                assert exported is None, where
                continue
            with stored.open("rb") as handle:
                original = handle.read()
            assert archive.read(exported["path"]) == original, where
            assert exported["sha256"] == hashlib.sha256(original).hexdigest(), where
            assert exported["size"] == len(original), where
        else:
            assert exported == expected_json(instance, field), where


@pytest.fixture
def full_case(case, png_bytes, pdf_bytes):
    fill_every_record(case, png_bytes, pdf_bytes)
    return case


# Timeline


def test_timeline_shows_the_saves_of_every_stage_dated_in_beijing_time(user_client, case):
    from cases.services import appeal as appeal_services
    from cases.services import escalation as escalation_services
    from cases.services import negotiation as negotiation_services

    sent = datetime.datetime(2026, 3, 16, 1, 5, tzinfo=datetime.UTC)  # 09:05 in Beijing
    negotiation_services.attempt_log(
        case=case, sent_at=sent, deadline=sent + datetime.timedelta(days=1), message="请退款"
    )
    appeal_services.appeal_record_add(
        case=case, submitted_at=sent + datetime.timedelta(days=2), ticket_number="T-88", version=0
    )
    escalation_services.escalation_record_add(
        case=case,
        channel="12315",
        filed_on=datetime.date(2026, 3, 20),
        reference="C-1",
        outcome="pending",
    )
    record_services.case_resolve(case=case, resolution="gave_up")
    # Give the stage events known moments; 16:30 UTC is already the next day in Beijing.
    moments = {
        "给商家发了协商消息": datetime.datetime(2026, 3, 16, 16, 30, tzinfo=datetime.UTC),
        "记录了平台申诉": datetime.datetime(2026, 3, 18, 2, 0, tzinfo=datetime.UTC),
        "记录了外部投诉": datetime.datetime(2026, 3, 20, 8, 15, tzinfo=datetime.UTC),
    }
    for prefix, moment in moments.items():
        assert CaseEvent.objects.filter(case=case, message__startswith=prefix).update(at=moment)

    html = user_client.get(f"/cases/{case.pk}/").content.decode()
    timeline = html[html.index('<ol class="kr-timeline"') :]
    timeline = timeline[: timeline.index("</ol>")]
    assert "给商家发了协商消息（2026年3月16日 09:05 发送，期限 2026年3月17日 09:05）" in timeline
    assert "记录了平台申诉：2026年3月18日 09:05 提交，工单号 T-88" in timeline
    assert "记录了外部投诉：12315 消费投诉，2026年3月20日提交，编号 C-1" in timeline
    assert "记录了结果：放弃" in timeline and "创建了案件" in timeline
    assert '<time datetime="2026-03-17T00:30:00+08:00">2026年3月17日 00:30</time>' in timeline
    assert '<time datetime="2026-03-18T10:00:00+08:00">2026年3月18日 10:00</time>' in timeline
    assert '<time datetime="2026-03-20T16:15:00+08:00">2026年3月20日 16:15</time>' in timeline
    # Newest first: the result (saved just now) above the complaint, the complaint above the appeal.
    assert (
        timeline.index("记录了结果")
        < timeline.index("记录了外部投诉")
        < timeline.index("记录了平台申诉")
        < timeline.index("给商家发了协商消息")
    )
    assert len(re.findall(r"<li><time ", timeline)) == CaseEvent.objects.filter(case=case).count()


# Resolve and reopen


def test_overview_offers_the_resolve_form_and_export_and_delete_links(user_client, case):
    html = user_client.get(f"/cases/{case.pk}/").content.decode()
    assert f'action="/cases/{case.pk}/resolve/"' in html
    assert "全额退款" in html and "部分退款" in html and "放弃" in html
    assert f'href="/cases/{case.pk}/export/"' in html
    assert f'href="/cases/{case.pk}/delete/"' in html
    assert "金牌商家" not in html  # the closing checklist waits for the end


def test_resolving_through_the_overview_form_records_an_event_and_shows_prevention(
    user_client, case
):
    response = user_client.post(
        f"/cases/{case.pk}/resolve/", {"resolution": "partly_refunded", "note": "退了 50 元"}
    )
    assert response.status_code == 302 and response["Location"] == f"/cases/{case.pk}/"
    case.refresh_from_db()
    assert case.resolution == "partly_refunded" and case.resolved_at is not None
    assert CaseEvent.objects.filter(
        case=case, message="记录了结果：部分退款。备注：退了 50 元"
    ).exists()

    html = user_client.get(f"/cases/{case.pk}/").content.decode()
    assert "结果：部分退款" in html
    assert "案件已结束，结果：部分退款" in html and 'href="#prevention-title"' in html
    # Untouched stages no longer wait for the buyer.
    assert html.count("kr-tag--na") == 5
    assert "金牌商家" in html and "微信转账" in html and "懂规则、留证据、善沟通" in html
    assert "/guide/prevention/" in html
    assert f'action="/cases/{case.pk}/reopen/"' in html
    assert f'action="/cases/{case.pk}/resolve/"' not in html


def test_prevention_checklist_is_the_editors_text(user_client, case):
    WizardText.objects.update_or_create(
        key="record_prevention", defaults={"label": "清单", "body": "- 编辑改过的**防骗清单**"}
    )
    record_services.case_resolve(case=case, resolution="refunded")
    html = user_client.get(f"/cases/{case.pk}/").content.decode()
    assert "编辑改过的" in html and "<strong>防骗清单</strong>" in html
    assert "金牌商家" not in html


def test_reopening_undoes_resolved_with_an_event(user_client, case):
    record_services.case_resolve(case=case, resolution="gave_up")
    response = user_client.post(f"/cases/{case.pk}/reopen/")
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.resolution == "" and case.resolved_at is None
    assert CaseEvent.objects.filter(case=case, message__startswith="撤销了结束").exists()
    html = user_client.get(f"/cases/{case.pk}/").content.decode()
    assert "kr-tag--na" not in html and "开始「退款资格」" in html
    assert f'action="/cases/{case.pk}/resolve/"' in html


def test_reopening_an_open_case_changes_nothing(user_client, case):
    events = CaseEvent.objects.filter(case=case).count()
    assert user_client.post(f"/cases/{case.pk}/reopen/").status_code == 302
    assert CaseEvent.objects.filter(case=case).count() == events


def test_resolve_without_a_choice_explains_and_keeps_the_note(user_client, case):
    response = user_client.post(f"/cases/{case.pk}/resolve/", {"note": "商家失联了"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "请选择结果" in html and "商家失联了" in html and "data-error-summary" in html
    assert html.count("<h1") == 1
    case.refresh_from_db()
    assert case.resolution == ""


@pytest.mark.parametrize(
    "data",
    [
        {"resolution": "won_lottery"},
        {"resolution": "refunded", "note": "长" * 201},
        {"resolution": ["refunded", "gave_up", "\x00"]},
        {"resolution": "refunded", "note": "a\x00b"},
    ],
)
def test_bad_resolve_input_is_refused_without_a_500(user_client, case, data):
    response = user_client.post(f"/cases/{case.pk}/resolve/", data)
    assert response.status_code == 200 and "data-error-summary" in response.content.decode()
    case.refresh_from_db()
    assert case.resolution == ""


def test_htmx_resolve_errors_come_back_as_the_form_fragment(user_client, case):
    response = user_client.post(f"/cases/{case.pk}/resolve/", {}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<form id="resolve-form"') and "<h1" not in html
    ok = user_client.post(
        f"/cases/{case.pk}/resolve/", {"resolution": "refunded"}, headers={"HX-Request": "true"}
    )
    assert ok["HX-Redirect"] == f"/cases/{case.pk}/"


# Export


def test_case_export_holds_every_field_of_the_case_and_its_rows_and_the_files(
    user_client, full_case
):
    response = user_client.get(f"/cases/{full_case.pk}/export/")
    archive = read_zip(response)
    document = json.loads(archive.read("case.json"))
    exported = document["case"]
    assert exported["model"] == "cases.case"
    assert_row_exported(full_case, exported["fields"], archive)

    direct = {rel.related_model._meta.label_lower for rel in Case._meta.related_objects}
    assert set(exported["related"]) >= direct
    # A model added later must get a row in fill_every_record, or its fields go unchecked.
    empty = sorted(label for label in direct if not exported["related"][label])
    assert empty == [], f"give these a row in fill_every_record: {empty}"
    checked = 0
    for label, rows in exported["related"].items():
        model = apps.get_model(label)
        if label in direct:
            assert len(rows) == model.objects.filter(case=full_case).count(), label
        for row in rows:
            assert_row_exported(model.objects.get(pk=row[model._meta.pk.name]), row, archive)
            checked += 1
    # 3 evidence items, a stage state, 4 events, an attempt, an appeal, an escalation at least.
    assert checked >= 11

    names = archive.namelist()
    files = sorted(name for name in names if "/files/" in name)
    assert files == [
        f"{full_case.pk}/files/01-订单_截图.png",
        f"{full_case.pk}/files/02-报错.pdf",
    ]
    assert "说明.txt" in names


def test_export_formats_times_amounts_and_choices(user_client, full_case):
    archive = read_zip(user_client.get(f"/cases/{full_case.pk}/export/"))
    fields = json.loads(archive.read("case.json"))["case"]["fields"]
    assert fields["ordered_at"] == "2026-03-15T10:30:00+08:00"
    assert fields["amount"] == "68.50"
    assert fields["goods_kind"] == {"code": "game_card", "label": "游戏点卡 / 充值卡"}
    assert fields["owner"] == full_case.owner_id


def test_export_is_a_private_attachment_with_a_utf8_name(user_client, case):
    response = user_client.get(f"/cases/{case.pk}/export/")
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=utf-8''" + quote("维权案件") in disposition
    cache_control = response["Cache-Control"]
    assert "private" in cache_control and "no-store" in cache_control


def test_anonymous_owner_exports_their_case_without_the_session_key():
    browser = Client()
    browser.post("/cases/new/", {"product_name": "激活码"})
    case = Case.objects.get()
    archive = read_zip(browser.get(f"/cases/{case.pk}/export/"))
    text = archive.read("case.json").decode()
    assert json.loads(text)["case"]["fields"]["product_name"] == "激活码"
    assert case.session_key and case.session_key not in text


def test_export_says_so_when_a_stored_file_is_missing(user_client, case, png_bytes):
    item = evidence_item_add(
        case=case,
        kind="transaction",
        description="订单截图",
        upload=SimpleUploadedFile("order.png", png_bytes),
    )
    item.file.storage.delete(item.file.name)
    archive = read_zip(user_client.get(f"/cases/{case.pk}/export/"))
    rows = json.loads(archive.read("case.json"))["case"]["related"]["cases.evidenceitem"]
    assert rows[0]["file"]["missing"] is True
    assert not [name for name in archive.namelist() if "/files/" in name]


def test_case_export_query_count_is_constant(
    user_client, full_case, png_bytes, django_assert_num_queries
):
    url = f"/cases/{full_case.pk}/export/"

    def export_queries() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            b"".join(user_client.get(url).streaming_content)
        return len(captured.captured_queries)

    small = export_queries()
    for n in range(5):
        evidence_item_add(
            case=full_case,
            kind="other",
            description=f"付款记录 {n}",
            upload=SimpleUploadedFile(f"pay{n}.png", png_bytes),
        )
    CaseEvent.objects.bulk_create(
        [CaseEvent(case=full_case, message=f"事件 {n}") for n in range(100)]
    )
    StageState.objects.get_or_create(case=full_case, stage="negotiation")
    with django_assert_num_queries(small):
        archive = read_zip(user_client.get(url))
    assert len([name for name in archive.namelist() if "/files/" in name]) == 7


# Delete


def test_delete_page_names_what_is_lost_and_suggests_export(user_client, full_case):
    html = user_client.get(f"/cases/{full_case.pk}/delete/").content.decode()
    assert "3 条证据，其中 2 个上传的文件" in html
    assert "建议先导出" in html and f'href="/cases/{full_case.pk}/export/"' in html
    assert html.count("<h1") == 1


def test_delete_without_confirming_deletes_nothing(user_client, full_case, private_media):
    response = user_client.post(f"/cases/{full_case.pk}/delete/", {})
    assert response.status_code == 200 and "请先勾选确认" in response.content.decode()
    assert Case.objects.filter(pk=full_case.pk).exists()
    assert len(files_under(private_media)) == 2


def test_deleting_a_case_removes_its_rows_and_files(
    user_client,
    user,
    full_case,
    make_case,
    png_bytes,
    private_media,
    django_capture_on_commit_callbacks,
):
    keep = make_case(owner=user, product_name="另一个案件")
    evidence_item_add(
        case=keep,
        kind="transaction",
        description="留着",
        upload=SimpleUploadedFile("k.png", png_bytes),
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = user_client.post(f"/cases/{full_case.pk}/delete/", {"confirm": "on"})
    assert response.status_code == 302 and response["Location"] == "/cases/"
    assert not Case.objects.filter(pk=full_case.pk).exists()
    for relation in Case._meta.related_objects:
        assert not relation.related_model.objects.filter(case_id=full_case.pk).exists()
    remaining = files_under(private_media)
    assert len(remaining) == 1 and str(keep.pk) in remaining[0]
    assert EvidenceItem.objects.filter(case=keep).count() == 1
    assert "已删除" in user_client.get("/cases/").content.decode()


# Only the owner


@pytest.mark.parametrize("path", ["export/", "delete/", "resolve/"])
def test_other_users_and_strangers_get_404(other_client, full_case, path):
    url = f"/cases/{full_case.pk}/{path}"
    for client in (other_client, Client()):
        assert client.get(url).status_code == 404
        assert client.post(url, {"confirm": "on", "resolution": "gave_up"}).status_code in {
            404,
            405,
        }
    full_case.refresh_from_db()
    assert full_case.resolution == "" and full_case.evidence.count() == 3
