"""Typed input an attacker shapes: too long, holding NUL, in a charset we refuse (issue 15).

Each test goes through the door the attack used: a form's post, a kept session, a raw body.
NUL reaches PostgreSQL only there (jsonb refuses \\u0000; SQLite stores it): run this file
with DATABASE_URL=postgres://… too.
"""

import json
from html import escape

import pytest
from django import forms
from django.test import Client
from django.utils import timezone

import cases.views.negotiation as negotiation_views
import cases.views.negotiation_page as negotiation_page
from cases import kept_input
from cases.choices import Stage
from cases.forms.appeal import AppealRecordForm
from cases.forms.eligibility import EligibilityForm
from cases.forms.escalation import EscalationDetailsForm, EscalationRecordForm
from cases.forms.evidence import EvidenceItemForm, TransactionRecordForm
from cases.forms.negotiation import NEGOTIATION_TEXT_LIMIT, NegotiationMessageForm
from cases.models import Case, StageState
from cases.rules.tone import tone_check
from cases.selectors.case import stage_state
from cases.services.case import case_create
from tests.security.routes import all_routes

pytestmark = pytest.mark.django_db

PASSWORD = "a-Long-pass-2026"
NUL_MESSAGE = "看不见的控制字符"
# Django's own too-long text, which no buyer should meet (tests/accounts/test_buyer_language.py).
STOCK_TOO_LONG = "确保该变量包含不超过"


@pytest.fixture
def case(user) -> Case:
    return case_create(owner=user, product_name="王者荣耀 100 元点卡", platform_name="某卡盟")


# Every form whose input is kept as a draft: (address under the case, the action that keeps
# it as a draft, its form, its stage, the draft's name).
DRAFTS = [
    ("eligibility/", "draft", EligibilityForm, Stage.ELIGIBILITY, "eligibility"),
    ("evidence/", "draft", TransactionRecordForm, Stage.EVIDENCE, "transaction"),
    ("evidence/add/", "draft", EvidenceItemForm, Stage.EVIDENCE, "item"),
    ("negotiation/message/", "save", NegotiationMessageForm, Stage.NEGOTIATION, "message"),
    ("appeal/record/", "draft", AppealRecordForm, Stage.APPEAL, "appeal"),
    ("escalation/", "draft", EscalationDetailsForm, Stage.ESCALATION, "details"),
    ("escalation/records/add/", "draft", EscalationRecordForm, Stage.ESCALATION, "record"),
]
DRAFT_IDS = [row[0] for row in DRAFTS]


def _post_draft(client: Client, case: Case, row, data: dict):
    path, action, _, stage, _ = row
    version = stage_state(case=case, stage=stage).version
    return client.post(
        f"/cases/{case.pk}/{path}", {**data, "version": str(version), "action": action}
    )


def _stored_drafts(case: Case) -> str:
    return json.dumps([s.draft for s in StageState.objects.filter(case=case)], ensure_ascii=False)


def _text_fields(form_class: type[forms.Form]) -> list[tuple[str, forms.CharField]]:
    return [(n, f) for n, f in form_class.base_fields.items() if isinstance(f, forms.CharField)]


def test_the_table_names_every_form_whose_input_becomes_a_draft():
    all_routes()  # imports every view, and so every @keeps_input
    assert {(str(row[3]), row[4]) for row in DRAFTS} == set(kept_input.DRAFT_FORMS)
    for _, _, form_class, stage, draft in DRAFTS:
        assert kept_input.DRAFT_FORMS[(str(stage), draft)] is form_class


# Finding 0: the tone check. Its cost is linear (tests/cases/test_tone.py); here, whatever
# arrives, it never reads more than the form takes.


@pytest.fixture
def tone_reads(monkeypatch) -> list[int]:
    """Record the length of every text the negotiation views hand to the tone check."""
    lengths: list[int] = []

    def spy(text: str):
        lengths.append(len(text))
        return tone_check(text)

    # The live check is a view; the page's check is part of what the page shows.
    monkeypatch.setattr(negotiation_views, "tone_check", spy)
    monkeypatch.setattr(negotiation_page, "tone_check", spy)
    return lengths


THREATS = "不退就差评，"
HUGE_THREATS = THREATS * (300_000 // len(THREATS))  # 300,000 characters, ~900 kB posted


def _flag_count(text: str) -> int:
    return len(tone_check(text[:NEGOTIATION_TEXT_LIMIT]).flags)


def test_a_300_kB_live_tone_check_is_answered_for_the_first_2000_characters(
    user_client, case, tone_reads
):
    response = user_client.post(
        f"/cases/{case.pk}/negotiation/tone/",
        {"message": HUGE_THREATS},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert f"有 {_flag_count(HUGE_THREATS)} 处像是在威胁商家" in response.content.decode()
    assert tone_reads and max(tone_reads) <= NEGOTIATION_TEXT_LIMIT


def test_checking_a_300_kB_message_says_it_is_too_long_and_checks_what_fits(
    user_client, case, tone_reads
):
    response = user_client.post(
        f"/cases/{case.pk}/negotiation/message/", {"action": "check", "message": HUGE_THREATS}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert f"最多 {NEGOTIATION_TEXT_LIMIT} 字，现在有 {len(HUGE_THREATS)} 字" in html
    assert f"有 {_flag_count(HUGE_THREATS)} 处像是在威胁商家" in html
    assert tone_reads and max(tone_reads) <= NEGOTIATION_TEXT_LIMIT
    assert not StageState.objects.filter(case=case, stage=Stage.NEGOTIATION).exists()


def _keep_in_session(client: Client, case: Case, stage: Stage, draft: str, data: dict) -> None:
    """Leave kept input in the session as an older version kept it: unfiltered."""
    session = client.session
    session[kept_input.SESSION_KEY] = {
        "case_id": str(case.pk),
        "stage": str(stage),
        "form_name": draft,
        "data": data,
        "kept_at": timezone.now().isoformat(),
    }
    session.save()


def test_kept_input_restores_a_message_no_longer_than_the_form_takes(user_client, case, tone_reads):
    message = "请尽快处理。" * 5_000  # 30,000 characters, kept before the limit applied
    _keep_in_session(user_client, case, Stage.NEGOTIATION, "message", {"message": [message]})

    response = user_client.get(f"/cases/{case.pk}/negotiation/")
    assert response.status_code == 200
    assert "已经存成草稿填回去了" in response.content.decode()
    restored = stage_state(case=case, stage=Stage.NEGOTIATION).draft["message"]["message"]
    assert restored == [message[:NEGOTIATION_TEXT_LIMIT]]
    assert max(tone_reads) <= NEGOTIATION_TEXT_LIMIT


def test_a_message_kept_after_sign_out_is_kept_at_the_forms_limit(client, user, case):
    client.force_login(user)
    client.logout()  # signed out: the save meets a 404 and the input is kept
    response = client.post(
        f"/cases/{case.pk}/negotiation/message/",
        {"action": "save", "version": "0", "message": "退" * 30_000, "junk": "x" * 50_000},
    )
    assert response.status_code == 404
    kept = client.session[kept_input.SESSION_KEY]["data"]
    assert kept == {"message": ["退" * NEGOTIATION_TEXT_LIMIT]}


# Finding 2: NUL in typed input. A CharField refuses it with a message that names it; any
# other value (a choice, a date, a field the form does not have) loses it. Nothing stored
# ever holds one, so PostgreSQL never refuses the write.


@pytest.mark.parametrize("row", DRAFTS, ids=DRAFT_IDS)
def test_nul_in_any_draft_field_is_refused_or_dropped_never_stored(user_client, case, row):
    form_class = row[2]
    for name, field in form_class.base_fields.items():
        if isinstance(field, forms.FileField):
            continue
        response = _post_draft(user_client, case, row, {name: "a\x00b", "extra\x00": "\x00"})
        where = f"{row[0]} {name}"
        assert response.status_code in (200, 302), where
        if isinstance(field, forms.CharField):
            assert NUL_MESSAGE in response.content.decode(), where
        assert "\\u0000" not in _stored_drafts(case), where
    assert "extra" not in _stored_drafts(case)


def test_nul_in_kept_input_never_breaks_a_page_of_the_case(client, user, case):
    client.force_login(user)
    client.logout()
    response = client.post(
        f"/cases/{case.pk}/eligibility/",
        {"action": "draft", "version": "0", "promised_delivery": "1 小时\x00内", "goods\x00": "x"},
    )
    assert response.status_code == 404
    assert "\\u0000" not in json.dumps(client.session[kept_input.SESSION_KEY])

    client.force_login(user)
    page = client.get(f"/cases/{case.pk}/eligibility/")
    assert page.status_code == 200 and "1 小时内" in page.content.decode()
    assert stage_state(case=case, stage=Stage.ELIGIBILITY).draft["eligibility"] == {
        "promised_delivery": ["1 小时内"]
    }


@pytest.mark.parametrize("row", DRAFTS, ids=DRAFT_IDS)
def test_nul_kept_by_an_older_version_is_dropped_and_every_page_opens(user_client, case, row):
    _, _, form_class, stage, draft = row
    data = {name: ["a\x00b"] for name in form_class.base_fields} | {"x\x00": ["\x00"]}
    _keep_in_session(user_client, case, stage, draft, data)

    for suffix in ("", "eligibility/", "evidence/", "negotiation/", "appeal/", "escalation/"):
        assert user_client.get(f"/cases/{case.pk}/{suffix}").status_code == 200, suffix
    assert kept_input.SESSION_KEY not in user_client.session
    stored = _stored_drafts(case)
    assert "\\u0000" not in stored and "ab" in stored and '"x' not in stored


# Finding 3: a urlencoded form in another charset than UTF-8.


@pytest.mark.parametrize("signed_in", [False, True], ids=["signed-out", "signed-in"])
def test_a_form_in_another_charset_gets_the_400_page_on_every_address(user, signed_in):
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    if signed_in:
        client.force_login(user)
    client.cookies["csrftoken"] = "a" * 32
    routes, _ = all_routes()
    urls = [route.url for route in routes] + ["/no-such-page/"]
    for url in urls:
        for charset in ("utf-16", "utf8", "latin-1"):
            response = client.generic(
                "POST",
                url,
                "a=1&csrfmiddlewaretoken=x".encode(charset.replace("utf8", "utf-8")),
                content_type=f"application/x-www-form-urlencoded; charset={charset}",
            )
            html = response.content.decode()
            assert response.status_code == 400, (url, charset, response.status_code)
            assert "请求有误" in html, (url, charset)
            assert ("退出" in html) is signed_in, (url, charset)


def test_a_form_that_names_utf_8_is_read_as_always(client, user):
    response = client.generic(
        "POST",
        "/accounts/login/",
        f"username=buyer&password={PASSWORD}".encode(),
        content_type="application/x-www-form-urlencoded; charset=UTF-8",
    )
    assert response.status_code == 302


# Finding 9: a draft keeps what a person could type into the form, no more.


@pytest.mark.parametrize("row", DRAFTS, ids=DRAFT_IDS)
def test_a_draft_too_long_for_its_box_is_refused_with_the_limit_and_keeps_the_rest(
    user_client, case, row
):
    form_class = row[2]
    texts = _text_fields(form_class)
    for name, field in texts:
        other = next((n for n, _ in texts if n != name), None)
        data = {name: "字" * (field.max_length + 1)}
        if other:
            data[other] = "我填的其他内容"
        before = _stored_drafts(case)
        response = _post_draft(user_client, case, row, data)
        html = response.content.decode()
        # The form's own message, as a real save would show it.
        bound = form_class(data)
        bound.is_valid()
        expected = escape(bound.errors[name][0])
        assert response.status_code == 200, name
        assert expected in html and STOCK_TOO_LONG not in html, name
        assert "最多" in expected and str(field.max_length) in expected, name
        if other:
            assert "我填的其他内容" in html, name
        assert _stored_drafts(case) == before, name


@pytest.mark.parametrize("row", DRAFTS, ids=DRAFT_IDS)
def test_a_draft_keeps_only_the_forms_fields_and_what_each_takes(user_client, case, row):
    form_class, stage, draft = row[2], row[3], row[4]
    data: dict = {"not_a_field": "x" * 200_000}
    for name, field in form_class.base_fields.items():
        if isinstance(field, forms.FileField):
            continue
        # A choice, a date or an amount sent thirty thousand characters long, three times.
        data[name] = "好" if isinstance(field, forms.CharField) else ["9" * 30_000] * 3
    response = _post_draft(user_client, case, row, data)
    assert response.status_code == 302
    kept = stage_state(case=case, stage=stage).draft[draft]
    assert kept and set(kept) <= set(form_class.base_fields)
    for name, values in kept.items():
        field = form_class.base_fields[name]
        many = len(field.choices) if isinstance(field, forms.MultipleChoiceField) else 1
        assert len(values) <= many, name
        assert all(len(v) <= (getattr(field, "max_length", None) or 100) for v in values), name
    assert len(_stored_drafts(case)) < 5_000


def test_an_old_oversized_draft_no_longer_slows_the_negotiation_page(user_client, case, tone_reads):
    # What a draft could hold before the limits: ~1.9 MB of text.
    StageState.objects.create(
        case=case, stage=Stage.NEGOTIATION, draft={"message": {"message": [THREATS * 300_000]}}
    )
    assert user_client.get(f"/cases/{case.pk}/negotiation/").status_code == 200
    assert max(tone_reads) <= NEGOTIATION_TEXT_LIMIT
