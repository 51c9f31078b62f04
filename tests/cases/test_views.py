"""Wizard pages through the test client: dashboard, start, overview, stages 1 and 2."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from cases.models import Case, CaseEvent, EvidenceItem, StageState
from cases.services.evidence import evidence_item_add
from tests.editors import editor_saves_text

pytestmark = pytest.mark.django_db

ELIGIBLE = {
    "version": "0",
    "goods_kind": "game_card",
    "problems": ["invalid_code"],
    "no_refund_notice": "no",
    "fraud_signs": "no",
    "payment_method": "platform",
    "amount": "68.5",
    "ordered_at": "2026-03-01T09:15",
    "promised_delivery": "1 小时内到账",
}


def test_start_page_then_create_redirects_to_eligibility(user_client, user):
    page = user_client.get("/cases/new/")
    assert page.status_code == 200 and "开始一个案件" in page.content.decode()
    response = user_client.post("/cases/new/", {"product_name": "点卡", "platform_name": "某卡盟"})
    case = Case.objects.get(owner=user)
    assert response["Location"] == f"/cases/{case.pk}/eligibility/"
    assert case.display_title == "点卡 · 某卡盟"
    assert CaseEvent.objects.filter(case=case, message="创建了案件").exists()


def test_start_with_a_stage_redirects_to_that_stage(user_client, user):
    page = user_client.get("/cases/new/?stage=evidence").content.decode()
    assert 'value="evidence"' in page
    response = user_client.post("/cases/new/", {"stage": "evidence"})
    case = Case.objects.get(owner=user)
    assert response["Location"] == f"/cases/{case.pk}/evidence/"


def test_start_with_a_stage_that_has_no_page_yet_falls_back(user_client, user):
    response = user_client.post("/cases/new/", {"stage": "escalation"})
    case = Case.objects.get(owner=user)
    assert response["Location"] in {f"/cases/{case.pk}/escalation/", f"/cases/{case.pk}/"}


def test_anonymous_visitor_can_start_a_case_kept_with_the_session(client):
    response = client.post("/cases/new/", {"product_name": "激活码"})
    case = Case.objects.get()
    assert case.owner is None and case.session_key == client.session.session_key
    assert client.get(response["Location"]).status_code == 200
    assert "激活码" in client.get("/cases/").content.decode()


def test_dashboard_lists_title_statuses_next_action_and_last_activity(user_client, case):
    html = user_client.get("/cases/").content.decode()
    assert case.display_title in html
    assert "开始「退款资格」" in html
    assert "未开始" in html
    assert "最近活动" in html


def test_dashboard_shows_the_result_of_a_resolved_case(user_client, case):
    assert "结果：" not in user_client.get("/cases/").content.decode()
    user_client.post(f"/cases/{case.pk}/resolve/", {"resolution": "partly_refunded"})
    html = user_client.get("/cases/").content.decode()
    assert "<strong>结果：</strong>部分退款" in html


def test_dashboard_does_not_list_other_peoples_cases(other_client, case):
    assert case.display_title not in other_client.get("/cases/").content.decode()


def test_case_pages_are_private_and_kept_out_of_htmx_history(user_client, case):
    for url in (
        "/cases/",
        f"/cases/{case.pk}/",
        f"/cases/{case.pk}/eligibility/",
        f"/cases/{case.pk}/evidence/",
    ):
        response = user_client.get(url)
        assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
        assert 'hx-history="false"' in response.content.decode()


def test_overview_shows_task_list_next_action_facts_and_timeline(user_client, case):
    user_client.post(f"/cases/{case.pk}/eligibility/", ELIGIBLE)
    html = user_client.get(f"/cases/{case.pk}/").content.decode()
    assert "已完成" in html and "未开始" in html
    assert f'href="/cases/{case.pk}/evidence/"' in html  # the one next action
    assert "开始「证据」" in html
    assert "68.50 元" in html
    assert "可以申请退款" in html
    assert "保存了退款资格" in html and "创建了案件" in html


def test_saving_the_same_answers_again_adds_no_second_timeline_line(user_client, case):
    # 保存，先看结论 and then 保存并继续 with the same answers: one thing done, one line.
    user_client.post(f"/cases/{case.pk}/eligibility/", {**ELIGIBLE, "action": "save"})
    again = {**ELIGIBLE, "version": "1", "action": "continue"}
    assert user_client.post(f"/cases/{case.pk}/eligibility/", again).status_code == 302
    assert CaseEvent.objects.filter(case=case, message__startswith="保存了退款资格").count() == 1
    # A different verdict is news again.
    changed = {**ELIGIBLE, "version": "2", "problems": ["not_needed"], "action": "save"}
    user_client.post(f"/cases/{case.pk}/eligibility/", changed)
    assert CaseEvent.objects.filter(case=case, message__startswith="保存了退款资格").count() == 2


def test_overview_says_in_one_sentence_what_the_next_stage_asks(user_client, case):
    html = user_client.get(f"/cases/{case.pk}/").content.decode()
    assert "先回答几个问题" in html and 'aria-describedby="next-hint"' in html
    user_client.post(f"/cases/{case.pk}/eligibility/", ELIGIBLE)
    html = user_client.get(f"/cases/{case.pk}/").content.decode()
    assert "先回答几个问题" not in html
    assert "把三类证据传上来" in html and "聊天记录先别删" in html
    assert "还缺" not in html  # nothing added yet: the sentence already names all three
    evidence_item_add(case=case, kind="communication", description="QQ 聊天")
    html = user_client.get(f"/cases/{case.pk}/").content.decode()
    assert "还缺：交易记录（订单截图）、商品失效证明。" in html


def test_next_step_hint_is_the_editors_text_with_the_operators_threshold(
    user_client, case, settings
):
    settings.POLICE_AMOUNT_THRESHOLD = 800
    editor_saves_text("next_eligibility", "编辑改过的**第一步**说明")
    html = user_client.get(f"/cases/{case.pk}/").content.decode()
    assert "编辑改过的<strong>第一步</strong>说明" in html
    for stage in ("evidence", "negotiation", "appeal"):
        StageState.objects.update_or_create(case=case, stage=stage, defaults={"status": "done"})
    StageState.objects.update_or_create(case=case, stage="eligibility", defaults={"status": "done"})
    html = user_client.get(f"/cases/{case.pk}/").content.decode()
    assert "开始「外部维权」" in html
    assert "金额超过 800 元" in html and "{police_threshold}" not in html


def test_eligibility_save_shows_the_verdict_with_reasons_and_guide_link(user_client, case):
    response = user_client.post(f"/cases/{case.pk}/eligibility/", ELIGIBLE)
    assert response.status_code == 302
    html = user_client.get(response["Location"]).content.decode()
    assert "可以申请退款" in html and "已被使用" in html
    assert 'href="/guide/refundable/"' in html
    case.refresh_from_db()
    assert case.problems == ["invalid_code"] and str(case.amount) == "68.50"
    assert StageState.objects.get(case=case, stage="eligibility").status == "done"


def test_eligibility_verdict_fragment_updates_without_saving(user_client, case):
    url = f"/cases/{case.pk}/eligibility/verdict/"
    response = user_client.post(url, {"problems": ["not_needed"]}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "通常不支持退款" in html and "<html" not in html
    assert 'href="/guide/prevention/"' in html
    case.refresh_from_db()
    assert case.problems == []
    page = user_client.get(f"/cases/{case.pk}/eligibility/").content.decode()
    assert f'hx-post="{url}"' in page and 'id="verdict-region"' in page


def test_validation_errors_keep_every_value_and_link_the_summary_to_fields(user_client, case):
    data = {**ELIGIBLE, "goods_kind": "", "amount": "六十八", "promised_delivery": "半小时"}
    response = user_client.post(f"/cases/{case.pk}/eligibility/", data)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="kr-error-summary" data-error-summary tabindex="-1"' in html
    assert 'href="#id_goods_kind_0"' in html and 'href="#id_amount"' in html
    assert 'value="六十八"' in html and 'value="半小时"' in html
    assert 'value="invalid_code" id="id_problems_2" checked' in html


def test_the_noticed_at_hint_asks_for_a_rough_time_not_a_bare_date(user_client, case):
    # A phone's date-and-time box cannot be sent without a time, and a bare date would be
    # quoted later as 00:00, a time the buyer never gave.
    html = user_client.get(f"/cases/{case.pk}/eligibility/").content.decode()
    hint = re.search(r'id="id_noticed_at_helptext">(.*?)<', html).group(1)
    assert hint.endswith("记不清具体时间，选个大概的时间就行。")
    assert "只填日期" not in html
    assert re.search(r'<input type="datetime-local" name="noticed_at"', html)


def test_a_bare_order_date_is_quoted_as_a_date_without_a_time(user_client, case):
    # A browser without a date-and-time box sends a bare date, kept as midnight.
    data = {**ELIGIBLE, "ordered_at": "2026-03-01", "action": "save"}
    assert user_client.post(f"/cases/{case.pk}/eligibility/", data).status_code == 302
    check = user_client.get(f"/cases/{case.pk}/check/").content.decode()
    assert ">2026年3月1日</time>" in check and "日 00:00" not in check
    complaint = user_client.get(f"/cases/{case.pk}/escalation/").content.decode()
    assert "下单时间：2026年3月1日\n" in complaint and "日 00:00" not in complaint


def test_what_exactly_is_wrong_is_said_in_the_buyers_words_in_every_text(user_client, case):
    detail = "页面写的是国服，发来的是港服的卡"
    data = {**ELIGIBLE, "problems": ["not_as_described"], "problem_detail": detail}
    response = user_client.post(f"/cases/{case.pk}/eligibility/", {**data, "action": "save"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.problem_detail == detail
    told = f"收到的商品和页面描述严重不符（{detail}）"
    assert told in user_client.get(f"/cases/{case.pk}/negotiation/").content.decode()
    assert told in user_client.get(f"/cases/{case.pk}/escalation/").content.decode()
    check = user_client.get(f"/cases/{case.pk}/check/").content.decode()
    assert "具体哪里不对" in check and detail in check
    too_long = {**data, "problem_detail": "字" * 201, "action": "save"}
    refused = user_client.post(f"/cases/{case.pk}/eligibility/", too_long).content.decode()
    assert "最多 200 个字，现在有 201 个" in refused


def test_draft_is_saved_raw_and_refills_the_form(user_client, case):
    draft = {"version": "0", "action": "draft", "goods_kind": "licence", "amount": "abc"}
    response = user_client.post(f"/cases/{case.pk}/eligibility/", draft)
    assert response.status_code == 302
    state = StageState.objects.get(case=case, stage="eligibility")
    assert state.draft == {"eligibility": {"goods_kind": ["licence"], "amount": ["abc"]}}
    assert state.status == "in_progress" and state.version == 1
    html = user_client.get(f"/cases/{case.pk}/eligibility/").content.decode()
    assert 'value="abc"' in html
    assert 'value="licence" required id="id_goods_kind_1" checked' in html
    assert 'name="version" value="1"' in html


def test_both_evidence_forms_keep_a_draft_and_refill_from_it(user_client, case):
    url = f"/cases/{case.pk}/evidence/"
    record = {"version": "0", "action": "draft", "order_number": "KM-草稿", "amount": "六十"}
    assert user_client.post(url, record).status_code == 302
    item = {"version": "1", "action": "draft", "kind": "failure", "description": "提示已被使用"}
    assert user_client.post(f"{url}add/", item).status_code == 302
    state = StageState.objects.get(case=case, stage="evidence")
    assert state.draft["transaction"]["order_number"] == ["KM-草稿"]
    assert state.draft["item"]["description"] == ["提示已被使用"]
    html = user_client.get(url).content.decode()
    assert 'value="KM-草稿"' in html and 'value="六十"' in html
    assert "提示已被使用" in html and re.search(r'value="failure"[^>]*selected', html)
    case.refresh_from_db()
    assert case.order_number == "" and not case.evidence.exists()  # a draft is not a save


def test_stale_tab_save_is_refused_and_the_input_redisplayed(user_client, case):
    assert user_client.post(f"/cases/{case.pk}/eligibility/", ELIGIBLE).status_code == 302
    stale = {**ELIGIBLE, "version": "0", "promised_delivery": "另一个标签页写的", "amount": "99"}
    response = user_client.post(f"/cases/{case.pk}/eligibility/", stale)
    html = response.content.decode()
    assert response.status_code == 409
    assert "这次没有保存" in html and "另一个标签页" in html
    assert 'value="另一个标签页写的"' in html
    assert 'name="version" value="1"' in html  # saving again now overrides knowingly
    case.refresh_from_db()
    assert case.promised_delivery == "1 小时内到账" and str(case.amount) == "68.50"


def test_stale_draft_is_refused_too(user_client, case):
    user_client.post(f"/cases/{case.pk}/eligibility/", ELIGIBLE)
    stale = {"version": "0", "action": "draft", "promised_delivery": "旧标签页"}
    response = user_client.post(f"/cases/{case.pk}/eligibility/", stale)
    assert response.status_code == 409
    assert StageState.objects.get(case=case, stage="eligibility").draft == {}


def test_stale_transaction_record_save_is_refused(user_client, case):
    url = f"/cases/{case.pk}/evidence/"
    user_client.post(url, {"version": "0", "order_number": "A1"})
    response = user_client.post(url, {"version": "0", "order_number": "B2"})
    assert response.status_code == 409 and 'value="B2"' in response.content.decode()
    case.refresh_from_db()
    assert case.order_number == "A1"


def test_stale_save_of_a_stage_never_saved_before_keeps_the_input(user_client, case):
    # A page loaded before anything was stored posts no version (or an old one).
    for version in ({}, {"version": "abc"}, {"version": "3"}):
        data = {**ELIGIBLE, "promised_delivery": "第一次保存"}
        data.pop("version")
        response = user_client.post(f"/cases/{case.pk}/eligibility/", {**data, **version})
        assert response.status_code == 409
        assert 'value="第一次保存"' in response.content.decode()
    assert not StageState.objects.filter(case=case, stage="eligibility").exists()


@pytest.mark.parametrize(
    ("path", "data", "field"),
    [
        ("eligibility/", ELIGIBLE, "ordered_at"),
        ("evidence/", {"version": "0", "order_number": "KM1"}, "ordered_at"),
        (
            "evidence/add/",
            {"version": "0", "kind": "communication", "description": "聊天截图"},
            "occurred_at",
        ),
    ],
)
@pytest.mark.parametrize(
    ("moment", "message"),
    [
        ("0001-01-01T00:00", "年份不对"),
        ("0001-01-01", "年份不对"),
        ("2999-01-01T00:00", "年份不对"),
        ("2099-01-01T00:00", "还没到"),
    ],
)
def test_an_impossible_time_is_refused_with_the_input_kept(
    user_client, case, path, data, field, moment, message
):
    response = user_client.post(f"/cases/{case.pk}/{path}", {**data, field: moment})
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html and f'href="#id_{field}"' in html
    assert data.get("order_number", data.get("description", "")) in html
    case.refresh_from_db()
    assert case.ordered_at is None and not case.evidence.exists()


def test_a_pasted_nul_character_is_named_for_what_it_is(user_client, case):
    data = {"version": "0", "order_number": "KM1", "seller_id": "shop\x0088"}
    html = user_client.post(f"/cases/{case.pk}/evidence/", data).content.decode()
    assert "看不见的控制字符" in html and 'href="#id_seller_id"' in html
    assert 'value="KM1"' in html
    case.refresh_from_db()
    assert case.order_number == ""


def test_a_form_never_blanks_an_answer_it_did_not_show(user_client, case):
    # Stage 2 stores the transaction record ...
    user_client.post(
        f"/cases/{case.pk}/evidence/",
        {"version": "0", "order_number": "202603010001", "seller_id": "金牌店铺", "amount": "30"},
    )
    # ... stage 1 does not show those fields, so saving it must not touch them.
    user_client.post(f"/cases/{case.pk}/eligibility/", {**ELIGIBLE, "amount": "30"})
    # A submission that lacks a field entirely (an old cached form) keeps it too.
    partial = {k: v for k, v in ELIGIBLE.items() if k not in {"promised_delivery", "ordered_at"}}
    partial["version"] = "1"
    assert user_client.post(f"/cases/{case.pk}/eligibility/", partial).status_code == 302
    case.refresh_from_db()
    assert case.order_number == "202603010001" and case.seller_id == "金牌店铺"
    assert case.promised_delivery == "1 小时内到账" and case.ordered_at is not None


def test_a_shown_field_left_blank_is_cleared_on_purpose(user_client, case):
    user_client.post(
        f"/cases/{case.pk}/evidence/", {"version": "0", "order_number": "A1", "seller_id": "S"}
    )
    user_client.post(
        f"/cases/{case.pk}/evidence/", {"version": "1", "order_number": "", "seller_id": "S"}
    )
    case.refresh_from_db()
    assert case.order_number == "" and case.seller_id == "S"


def test_transaction_record_is_saved_on_the_case_with_two_decimals(user_client, case):
    response = user_client.post(
        f"/cases/{case.pk}/evidence/",
        {
            "version": "0",
            "order_number": "202603010001",
            "product_name": "王者荣耀点卡",
            "seller_id": "shop-88",
            "platform_name": "某卡盟",
            "amount": "100",
            "ordered_at": "2026-03-01T09:15",
        },
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert str(case.amount) == "100.00" and case.seller_id == "shop-88"
    html = user_client.get(f"/cases/{case.pk}/evidence/").content.decode()
    assert 'value="202603010001"' in html and 'value="100.00"' in html


def test_filling_the_order_facts_ticks_the_transaction_record(user_client, case):
    base = {"version": "0", "order_number": "202603010001", "amount": "100"}
    user_client.post(f"/cases/{case.pk}/evidence/", base)
    html = user_client.get(f"/cases/{case.pk}/evidence/").content.decode()
    assert "已填订单信息" not in html  # the time of the order is still missing
    user_client.post(
        f"/cases/{case.pk}/evidence/", {**base, "version": "1", "ordered_at": "2026-03-01T09:15"}
    )
    html = user_client.get(f"/cases/{case.pk}/evidence/").content.decode()
    assert "已填订单信息" in html and "1/3" in html.replace(" ", "")
    overview = user_client.get(f"/cases/{case.pk}/").content.decode()
    assert "三类必备证据已有 1/3" in overview


def test_evidence_page_shows_checklist_meter_and_tips(user_client, case, png_bytes):
    evidence_item_add(
        case=case,
        kind="transaction",
        description="订单截图",
        upload=SimpleUploadedFile("o.png", png_bytes),
    )
    evidence_item_add(case=case, kind="communication", description="QQ 聊天")
    html = user_client.get(f"/cases/{case.pk}/evidence/").content.decode()
    assert '<meter class="kr-meter" min="0" max="3" value="2"' in html and "2/3" in html
    # The editable intro names the three kinds too; the order checked is the checklist's.
    checklist = html[html.index('<ol class="kr-evidence-list"') :]
    assert (
        checklist.index("交易记录（订单截图）")
        < checklist.index("沟通记录")
        < checklist.index("商品失效证明")
    )
    assert "状态栏的时间" in html and "别删聊天" in html and "存证" in html
    assert 'href="/guide/evidence/"' in html
    assert 'hx-encoding="multipart/form-data"' in html and "<progress" in html
    assert "data-upload-progress" in html


def test_evidence_page_states_both_size_limits_from_the_settings(user_client, case, settings):
    settings.EVIDENCE_MAX_BYTES = 5 * 1024 * 1024
    settings.EVIDENCE_VIDEO_MAX_BYTES = 50 * 1024 * 1024
    html = user_client.get(f"/cases/{case.pk}/evidence/").content.decode()
    assert "图片、PDF 和文本 5 MB，视频 50 MB" in html


def test_delete_asks_first_then_removes_the_item_and_its_file(
    user_client, case, png_bytes, private_media, django_capture_on_commit_callbacks
):
    item = evidence_item_add(
        case=case,
        kind="failure",
        description="报错截图",
        upload=SimpleUploadedFile("e.png", png_bytes),
    )
    stored = private_media / item.file.name
    assert stored.exists()
    url = f"/cases/{case.pk}/evidence/{item.pk}/delete/"
    confirm = user_client.get(url)
    assert confirm.status_code == 200 and "确定删除" in confirm.content.decode()
    assert EvidenceItem.objects.filter(pk=item.pk).exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = user_client.post(url)
    assert response.status_code == 302
    assert not EvidenceItem.objects.filter(pk=item.pk).exists()
    assert not stored.exists()
    assert CaseEvent.objects.filter(case=case, message__startswith="删除了证据").exists()


def test_saving_beyond_stage_one_anonymously_invites_sign_up_without_blocking(client):
    client.post("/cases/new/", {})
    case = Case.objects.get()
    response = client.post(
        f"/cases/{case.pk}/evidence/", {"version": "0", "order_number": "A1"}, follow=True
    )
    html = response.content.decode()
    assert "只有这个浏览器能打开" in html and "/accounts/signup/" in html
    case.refresh_from_db()
    assert case.order_number == "A1"


def test_signed_in_users_see_no_sign_up_invitation(user_client, case):
    html = user_client.get(f"/cases/{case.pk}/evidence/").content.decode()
    assert "/accounts/signup/" not in html


@pytest.mark.parametrize(
    "url", ["/cases/00000000-0000-4000-8000-000000000000/", "/cases/not-a-uuid/"]
)
def test_unknown_case_is_404(user_client, url):
    assert user_client.get(url).status_code == 404


def test_anonymous_visitor_without_session_sees_an_empty_dashboard():
    response = Client().get("/cases/")
    assert response.status_code == 200 and "还没有案件" in response.content.decode()


@pytest.mark.parametrize(
    ("stage", "position"),
    [
        ("eligibility", "第 1 步，共 5 步"),
        ("evidence", "第 2 步，共 5 步"),
        ("negotiation", "第 3 步，共 5 步"),
        ("appeal", "第 4 步，共 5 步"),
        ("escalation", "第 5 步，共 5 步"),
    ],
)
def test_every_stage_page_says_where_the_buyer_is(user_client, make_case, user, stage, position):
    case = make_case(owner=user)
    html = user_client.get(f"/cases/{case.pk}/{stage}/").content.decode()
    assert f'<p class="kr-step-count">{position}</p>' in html
