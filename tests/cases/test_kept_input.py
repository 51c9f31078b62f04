"""A buyer signed out mid-form (login expired, signed out elsewhere) loses nothing they typed."""

import datetime
import re

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from cases.choices import Stage
from cases.kept_input import SESSION_KEY
from cases.selectors.case import stage_state

PASSWORD = "a-Long-pass-2026"
ANSWERS = {
    "goods_kind": "game_card",
    "problems": ["not_delivered", "invalid_code"],
    "amount": "88.50",
    "promised_delivery": "下单后 1 小时内",
}


@pytest.fixture
def browser(db, user):
    client = Client()
    response = client.post("/accounts/login/", {"username": "buyer", "password": PASSWORD})
    assert response.status_code == 302
    return client


def _sign_out_everywhere() -> None:
    """What an expired login or a password change on another device leaves behind."""
    Session.objects.all().delete()


def _post_answers(browser: Client, case_id) -> str:
    response = browser.post(
        f"/cases/{case_id}/eligibility/", {**ANSWERS, "version": "0", "action": "save"}
    )
    assert response.status_code == 404
    return response.content.decode()


def test_answers_posted_after_sign_out_come_back_as_a_draft_after_logging_in(
    browser, make_case, user
):
    case = make_case(owner=user)
    _sign_out_everywhere()

    page = _post_answers(browser, case.pk)
    assert "你刚才填写的内容没有丢" in page
    login = f"/accounts/login/?next=/cases/{case.pk}/eligibility/"
    assert f'href="{login}"' in page
    # Nothing was saved while signed out.
    assert stage_state(case=case, stage=Stage.ELIGIBILITY).draft == {}

    response = browser.post(login, {"username": "buyer", "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == f"/cases/{case.pk}/eligibility/"
    html = response.content.decode()
    assert "已经存成草稿填回去了" in html
    assert re.search(r'value="game_card"[^>]*checked', html)
    assert re.search(r'value="invalid_code"[^>]*checked', html)
    assert 'value="88.50"' in html and "下单后 1 小时内" in html

    case.refresh_from_db()
    state = stage_state(case=case, stage=Stage.ELIGIBILITY)
    assert state.draft["eligibility"]["problems"] == ["not_delivered", "invalid_code"]
    # A draft, not a save: the stored answers wait for the buyer to check and save.
    assert case.goods_kind == "" and state.status == "in_progress"
    assert SESSION_KEY not in browser.session


def test_a_new_evidence_item_comes_back_without_its_file_and_says_so(browser, make_case, user):
    case = make_case(owner=user)
    _sign_out_everywhere()
    response = browser.post(
        f"/cases/{case.pk}/evidence/add/",
        {"kind": "communication", "description": "商家答应 15 分钟内激活", "version": "0"},
    )
    assert response.status_code == 404
    assert "你刚才填写的内容没有丢" in response.content.decode()

    browser.post("/accounts/login/", {"username": "buyer", "password": PASSWORD})
    html = browser.get(f"/cases/{case.pk}/evidence/").content.decode()
    assert "文件没法暂存，请重新选择" in html
    assert "商家答应 15 分钟内激活" in html


def test_kept_input_never_reaches_another_account(browser, make_case, user, other_user):
    case = make_case(owner=user)
    _sign_out_everywhere()
    _post_answers(browser, case.pk)

    browser.post("/accounts/login/", {"username": "stranger", "password": PASSWORD})
    assert browser.get(f"/cases/{case.pk}/").status_code == 404
    assert browser.get(f"/cases/{case.pk}/eligibility/").status_code == 404
    assert stage_state(case=case, stage=Stage.ELIGIBILITY).draft == {}
    # Still kept for the account that owns the case.
    assert browser.session[SESSION_KEY]["case_id"] == str(case.pk)


def test_the_answer_is_the_same_whether_or_not_the_case_exists(browser, make_case, user):
    case = make_case(owner=user)
    _sign_out_everywhere()
    real = _post_answers(browser, case.pk)
    missing_id = "00000000-0000-4000-8000-000000000000"
    missing = _post_answers(browser, missing_id)

    def same(html: str) -> str:
        return re.sub(r'nonce="[^"]+"|"X-CSRFToken": "[^"]+"', "", html)

    assert same(real.replace(str(case.pk), missing_id)) == same(missing)


def test_old_kept_input_is_dropped(browser, make_case, user):
    case = make_case(owner=user)
    _sign_out_everywhere()
    _post_answers(browser, case.pk)
    session = browser.session
    session[SESSION_KEY]["kept_at"] = (timezone.now() - datetime.timedelta(days=8)).isoformat()
    session.save()

    browser.post("/accounts/login/", {"username": "buyer", "password": PASSWORD})
    assert "已经存成草稿" not in browser.get(f"/cases/{case.pk}/eligibility/").content.decode()
    assert stage_state(case=case, stage=Stage.ELIGIBILITY).draft == {}
    assert SESSION_KEY not in browser.session


def test_forms_that_cannot_be_drafts_and_empty_forms_promise_nothing(browser, make_case, user):
    case = make_case(owner=user)
    _sign_out_everywhere()
    resolved = browser.post(f"/cases/{case.pk}/resolve/", {"resolution": "gave_up"})
    assert resolved.status_code == 404
    assert "没有丢" not in resolved.content.decode()
    empty = browser.post(f"/cases/{case.pk}/eligibility/", {"version": "0"})
    assert empty.status_code == 404
    assert "没有丢" not in empty.content.decode()
    assert SESSION_KEY not in browser.session


def test_bodies_that_are_too_big_or_unreadable_are_not_kept_and_still_404(
    browser, make_case, user, settings
):
    case = make_case(owner=user)
    _sign_out_everywhere()
    too_many = {f"field{i}": "x" for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)}
    response = browser.post(f"/cases/{case.pk}/eligibility/", too_many)
    assert response.status_code == 404
    huge = browser.post(
        f"/cases/{case.pk}/evidence/add/",
        {"description": "x"},
        CONTENT_LENGTH=str(10**12),
    )
    assert huge.status_code == 404
    assert "没有丢" not in huge.content.decode() + response.content.decode()
    assert SESSION_KEY not in browser.session


def test_text_of_a_form_that_is_not_a_draft_is_shown_back_to_copy(browser, make_case, user):
    case = make_case(owner=user)
    _sign_out_everywhere()
    answer = "商家说：卡密已发放，无法回收。<script>alert(1)</script>"
    response = browser.post(
        f"/cases/{case.pk}/negotiation/attempts/7/",
        {"attempt-7-seller_answer": answer, "attempt-7-outcome": "refused", "version": "3"},
    )
    assert response.status_code == 404
    html = response.content.decode()
    assert "这次没能保存：先把你写的文字复制下来" in html
    assert "<dt>商家怎么回复的</dt><dd>商家说：卡密已发放，无法回收。&lt;script&gt;" in html
    assert "<script>alert(1)</script>" not in html
    assert f'href="/accounts/login/?next=/cases/{case.pk}/negotiation/"' in html
    # Shown, not kept: nothing waits in the session.
    assert SESSION_KEY not in browser.session
