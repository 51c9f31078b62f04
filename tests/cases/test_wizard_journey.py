"""Issue 4, acceptance 1: a case with evidence through negotiation, appeal, escalation, resolved.

Every step goes through the doors a browser uses (the test client), in order.
"""

import hashlib
import html
import io
import json
import re
import zipfile
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from cases.models import AppealRecord, Case, NegotiationAttempt
from tests.cases.test_escalation import advice_on_page

ORDER = "KM20261120-0088"
SELLER = "shop-7788"

pytestmark = pytest.mark.django_db


def _version(page: str) -> str:
    return re.search(r'name="version" value="(\d+)"', page).group(1)


def _textarea(page: str, field_id: str) -> str:
    """Return the text of a text area on the page, by id or by name, unescaped."""
    match = re.search(
        rf'<textarea[^>]*(?:id|name)="{re.escape(field_id)}"[^>]*>\n?(.*?)</textarea>', page, re.S
    )
    assert match, f"no text area {field_id}"
    return html.unescape(match.group(1))


def _local_minute(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def _written(moment) -> str:
    """Return a moment as the generated texts write it, e.g. 2026年11月23日 10:00."""
    local = timezone.localtime(moment)
    return f"{local.year}年{local.month}月{local.day}日 {local:%H:%M}"


@pytest.fixture
def case_with_evidence(user_client, make_case, user, png_bytes, pdf_bytes):
    """A 600 元 case: stage 1 answered, the transaction record kept, three kinds of evidence.

    The files go up out of the seed's order, so the package has to put them back in it.
    """
    case = make_case(owner=user, product_name="王者荣耀 600 元点卡")
    eligibility = f"/cases/{case.pk}/eligibility/"
    page = user_client.get(eligibility).content.decode()
    answers = {
        "version": _version(page),
        "goods_kind": "game_card",
        "problems": ["invalid_code"],
        "no_refund_notice": "no",
        "fraud_signs": "no",
        "payment_method": "platform",
        "amount": "600",
        "remedy": "refund",
    }
    assert user_client.post(eligibility, answers).status_code == 302

    evidence = f"/cases/{case.pk}/evidence/"
    page = user_client.get(evidence).content.decode()
    ordered_at = timezone.localtime() - timedelta(days=5)
    record = {
        "version": _version(page),
        "order_number": ORDER,
        "seller_id": SELLER,
        "ordered_at": ordered_at.strftime("%Y-%m-%dT%H:%M"),
    }
    assert user_client.post(evidence, record).status_code == 302

    chat = "商家：15 分钟内到账。\n（2 小时后）买家：卡密提示已被使用。\n".encode()
    uploads = [
        ("failure", "输入卡密后报错的截图", "报错.png", png_bytes),
        ("communication", "和商家的聊天记录", "聊天.txt", chat),
        ("transaction", "订单详情页截图", "订单.pdf", pdf_bytes),
    ]
    for kind, description, name, content in uploads:
        data = {
            "version": "0",
            "kind": kind,
            "description": description,
            "file": SimpleUploadedFile(name, content),
        }
        assert user_client.post(f"/cases/{case.pk}/evidence/add/", data).status_code == 302
    case.refresh_from_db()
    assert case.evidence.count() == 3 and case.amount == 600
    case.uploaded = {kind: content for kind, _, _, content in uploads}
    return case


def test_case_with_evidence_to_resolved(user_client, case_with_evidence, make_case, user):
    case = case_with_evidence
    overview = f"/cases/{case.pk}/"

    # Negotiation: the three-step message with the order number, the rule and the deadline.
    negotiation = f"/cases/{case.pk}/negotiation/"
    page = user_client.get(negotiation).content.decode()
    deadline = (timezone.localtime() + timedelta(days=1)).replace(
        hour=17, minute=0, second=0, microsecond=0
    )
    choices = {
        "version": _version(page),
        "rule": "none",
        "deadline": deadline.strftime("%Y-%m-%dT%H:%M"),
        "action": "generate",
    }
    assert user_client.post(f"{negotiation}message/", choices).status_code == 302
    page = user_client.get(negotiation).content.decode()
    message = _textarea(page, "message")
    assert ORDER in message
    assert "《" not in message and "我的要求是全额退款 600 元" in message
    assert _written(deadline) in message
    assert "语气检查：</strong>没发现威胁商家的话" in page

    # The buyer sent it two days ago with a deadline that has passed since: no answer.
    sent_at = timezone.now() - timedelta(days=2)
    passed = timezone.now() - timedelta(days=1)
    logged = {
        "sent-sent_at": _local_minute(sent_at),
        "sent-deadline": _local_minute(passed),
        "sent-message": message,
    }
    assert user_client.post(f"{negotiation}attempts/", logged).status_code == 302
    attempt = NegotiationAttempt.objects.get(case=case)
    assert "期限已过" in user_client.get(overview).content.decode()
    page = user_client.get(negotiation).content.decode()
    outcome = {"version": _version(page), f"attempt-{attempt.pk}-outcome": "no_answer"}
    assert user_client.post(f"{negotiation}attempts/{attempt.pk}/", outcome).status_code == 302
    attempt.refresh_from_db()
    assert attempt.outcome == "no_answer"
    page = user_client.get(overview).content.decode()
    assert re.search(r'id="status-negotiation">已完成<', page)
    assert "协商没有结果：向平台申诉" in page

    # Appeal: the statement, then the ZIP in the seed's order with honest hashes.
    appeal = f"/cases/{case.pk}/appeal/"
    page = user_client.get(appeal).content.decode()
    assert "还没有记录过和商家协商" not in page
    statement = _textarea(page, "statement")
    assert ORDER in statement
    submitted = {
        "version": _version(page),
        "statement": statement,
        "submitted_at": _local_minute(timezone.now() - timedelta(hours=20)),
        "ticket_number": "T-20261124-01",
        "action": "save",
    }
    assert user_client.post(f"{appeal}record/", submitted).status_code == 302

    response = user_client.get(f"{appeal}package.zip")
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    names = archive.namelist()
    numbered = [name for name in names if re.match(r"\d\d-", name)]
    assert [name[3:7] for name in numbered] == ["订单截图", "问题描述", "沟通记录", "失效证明"]
    assert numbered == sorted(numbered)
    assert {"申诉说明.txt", "manifest.json"} <= set(names)
    assert ORDER in archive.read("申诉说明.txt").decode("utf-8-sig")
    manifest = json.loads(archive.read("manifest.json"))
    rows = {row["name"]: row for row in manifest["files"]}
    assert set(numbered) == set(rows)
    for name in numbered:
        assert rows[name]["sha256"] == hashlib.sha256(archive.read(name)).hexdigest()
    by_kind = {row["kind"]: row for row in manifest["files"]}
    for kind, content in case.uploaded.items():
        assert by_kind[kind]["sha256"] == hashlib.sha256(content).hexdigest()

    record = AppealRecord.objects.get(case=case)
    page = user_client.get(appeal).content.decode()
    rejected = {"version": _version(page), f"appeal-{record.pk}-outcome": "rejected"}
    assert user_client.post(f"{appeal}record/{record.pk}/", rejected).status_code == 302

    # Escalation: 12315 and police texts with the order, the amount and a dated timeline.
    page = user_client.get(f"/cases/{case.pk}/escalation/").content.decode()
    sent_line = f"{_written(sent_at)}，我联系商家要求处理"
    for facts in ("c12315-facts", "police-facts"):
        story = _textarea(page, facts)
        assert ORDER in story and "600" in story, facts
        assert sent_line in story and "商家到期没有回复" in story, facts
        assert "我向平台申诉（工单号 T-20261124-01）" in story, facts
    assert "600" in _textarea(page, "c12315-request")
    assert _textarea(page, "police-amount") == "600 元"
    assert ORDER in _textarea(page, "police-payment")
    assert advice_on_page(page)["公安机关报案"] == "recommended"

    # The same story at 30 元: the police are not the advice.
    small = make_case(
        owner=user,
        amount="30",
        order_number="KM-SMALL-30",
        problems=["invalid_code"],
        goods_kind="game_card",
        fraud_signs=False,
        payment_method="platform",
    )
    NegotiationAttempt.objects.create(
        case=small, sent_at=sent_at, deadline=passed, outcome="no_answer"
    )
    AppealRecord.objects.create(case=small, submitted_at=timezone.now(), outcome="rejected")
    small_page = user_client.get(f"/cases/{small.pk}/escalation/").content.decode()
    assert advice_on_page(small_page)["公安机关报案"] != "recommended"

    # Resolved.
    resolved = {"resolution": "partly_refunded", "note": "12315 调解后退了 300 元"}
    assert user_client.post(f"/cases/{case.pk}/resolve/", resolved).status_code == 302
    case = Case.objects.get(pk=case.pk)
    assert case.resolution == "partly_refunded" and case.resolved_at is not None
    page = user_client.get(overview).content.decode()
    assert "结果：部分退款" in page and "12315 调解后退了 300 元" in page
    timeline = [html.unescape(line) for line in re.findall(r"</time> ([^<]+)</li>", page)]
    assert any(line.startswith("给商家发了协商消息") for line in timeline)
    assert any("到期未回复" in line for line in timeline)
    assert any("部分退款" in line for line in timeline)
