"""A buyer's whole first visit, through the same doors a browser uses."""

import hashlib
import re

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from cases.models import Case

PASSWORD = "Kameng-refund-2026"


def _version(html: str) -> str:
    return re.search(r'name="version" value="(\d+)"', html).group(1)


def test_anonymous_start_to_signed_in_overview(db, png_bytes, pdf_bytes):
    browser = Client()

    # Anonymous start.
    assert browser.get("/cases/new/").status_code == 200
    response = browser.post(
        "/cases/new/", {"product_name": "王者荣耀点卡", "platform_name": "某卡盟"}
    )
    case = Case.objects.get()
    eligibility_url = f"/cases/{case.pk}/eligibility/"
    assert response["Location"] == eligibility_url

    # Stage 1.
    page = browser.get(eligibility_url).content.decode()
    answers = {
        "version": _version(page),
        "goods_kind": "game_card",
        "problems": ["late", "invalid_code"],
        "no_refund_notice": "no",
        "fraud_signs": "unknown",
        "payment_method": "platform",
        "amount": "100",
        "promised_delivery": "1 小时内到账",
    }
    assert browser.post(eligibility_url, answers).status_code == 302
    assert "可以申请退款" in browser.get(eligibility_url).content.decode()

    # Sign up: the case moves into the new account, intact.
    anonymous_key = browser.session.session_key
    response = browser.post(
        "/accounts/signup/",
        {
            "username": "new-buyer",
            "email": "",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "next": f"/cases/{case.pk}/",
        },
    )
    assert response.status_code == 302 and response["Location"] == f"/cases/{case.pk}/"
    assert browser.session.session_key != anonymous_key
    buyer = get_user_model().objects.get(username="new-buyer")
    case.refresh_from_db()
    assert case.owner == buyer and case.session_key == ""
    assert case.problems == ["late", "invalid_code"] and str(case.amount) == "100.00"
    assert "王者荣耀点卡" in browser.get("/cases/").content.decode()

    # Stage 2: the transaction record and two real files.
    evidence_url = f"/cases/{case.pk}/evidence/"
    page = browser.get(evidence_url).content.decode()
    record = {"version": _version(page), "order_number": "KM202603010001", "seller_id": "shop-88"}
    assert browser.post(evidence_url, record).status_code == 302
    for kind, name, content in (
        ("transaction", "订单截图.png", png_bytes),
        ("failure", "报错说明.pdf", pdf_bytes),
    ):
        upload = SimpleUploadedFile(name, content)
        data = {"version": "0", "kind": kind, "description": name, "file": upload}
        assert browser.post(f"/cases/{case.pk}/evidence/add/", data).status_code == 302
    page = browser.get(evidence_url).content.decode()
    assert hashlib.sha256(png_bytes).hexdigest() in page
    assert hashlib.sha256(pdf_bytes).hexdigest() in page
    assert "2/3" in page

    # Log out: the case is no longer reachable from this browser.
    assert browser.get("/accounts/logout/").status_code == 405
    assert browser.post("/accounts/logout/").status_code == 302
    assert browser.get(f"/cases/{case.pk}/").status_code == 404

    # Log in again: everything is where it was.
    response = browser.post("/accounts/login/", {"username": "new-buyer", "password": PASSWORD})
    assert response.status_code == 302
    html = browser.get(f"/cases/{case.pk}/").content.decode()
    statuses = re.findall(r'id="status-(\w+)">([^<]+)<', html)
    assert dict(statuses) == {
        "eligibility": "已完成",
        "evidence": "进行中",
        "negotiation": "未开始",
        "appeal": "未开始",
        "escalation": "未开始",
    }
    assert "可以申请退款" in html and "KM202603010001" in html and "100 元" in html
    assert "2/3" in html and "添加了证据" in html and "案件已从这个浏览器转入账号" in html
