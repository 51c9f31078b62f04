"""保存并继续 on step 1: the way on saves what was typed (a link there used to lose it)."""

import re

import pytest

from cases.models import Case


def _version(html: str) -> str:
    return re.search(r'name="version" value="(\d+)"', html).group(1)


ANSWERS = {
    "goods_kind": "game_card",
    "problems": ["invalid_code"],
    "no_refund_notice": "no",
    "fraud_signs": "no",
    "payment_method": "platform",
    "amount": "100",
    "remedy": "refund",
}


def test_save_and_continue_saves_the_answers_and_opens_step_2(user_client, make_case, user):
    case = make_case(owner=user)
    url = f"/cases/{case.pk}/eligibility/"
    page = user_client.get(url).content.decode()
    assert (
        "保存并继续：整理证据" in page and '<a href="/cases/' not in page.split("</form>")[0][-300:]
    )
    data = ANSWERS | {"version": _version(page), "action": "continue"}
    response = user_client.post(url, data)
    assert response.status_code == 302
    assert response["Location"] == f"/cases/{case.pk}/evidence/"
    case = Case.objects.get(pk=case.pk)
    assert case.problems == ["invalid_code"] and case.remedy == "refund"


def test_save_and_continue_with_a_gap_stays_and_keeps_what_was_typed(user_client, make_case, user):
    case = make_case(owner=user)
    url = f"/cases/{case.pk}/eligibility/"
    page = user_client.get(url).content.decode()
    data = {"version": _version(page), "action": "continue", "amount": "68.5"}
    response = user_client.post(url, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "请选择你买的商品类型" in html and 'value="68.5"' in html
    assert Case.objects.get(pk=case.pk).goods_kind == ""


@pytest.mark.parametrize(
    ("stage", "field", "value"),
    [
        ("eligibility", "promised_delivery", "1 小时内到账"),
        ("negotiation/message", "message", "我改过的消息"),
        ("escalation", "complainant_name", "张三"),
        ("appeal/record", "statement", "我写的申诉说明"),
    ],
)
def test_a_link_out_of_a_stage_page_keeps_what_was_typed(
    user_client, make_case, user, stage, field, value
):
    case = make_case(owner=user)
    page = user_client.get(f"/cases/{case.pk}/{stage.split('/')[0]}/").content.decode()
    assert 'name="leave" value="/cases/"' in page  # the breadcrumb and header are buttons
    response = user_client.post(
        f"/cases/{case.pk}/{stage}/", {"version": "0", "leave": "/cases/", field: value}
    )
    assert response.status_code == 302 and response["Location"] == "/cases/"
    back = user_client.get(f"/cases/{case.pk}/{stage.split('/')[0]}/").content.decode()
    assert value in back


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "cases/"])
def test_a_way_out_never_leads_off_the_site(user_client, make_case, user, target):
    case = make_case(owner=user)
    response = user_client.post(
        f"/cases/{case.pk}/eligibility/", {"version": "0", "action": "draft", "leave": target}
    )
    assert response.status_code == 302 and response["Location"] == f"/cases/{case.pk}/eligibility/"


def _section_meta(html: str, slug: str) -> str:
    found = re.search(
        rf'id="section-{slug}".*?<span class="kr-section__meta">([^<]*)</span>', html, re.S
    )
    return found.group(1)


@pytest.mark.parametrize(
    ("answers", "problem", "wanted"),
    [
        # 全额退款 asks no amount of its own, and a late delivery has no code symptom.
        ({"problems": ["late"], "remedy": "refund"}, "已回答 2/2", "已回答 1/1"),
        ({"problems": ["invalid_code"], "code_symptom": "used"}, "已回答 3/3", "已回答 0/1"),
        ({"problems": ["invalid_code"], "remedy": "partial"}, "已回答 2/3", "已回答 1/2"),
    ],
)
def test_a_sections_count_asks_only_what_applies_to_the_answers(
    user_client, make_case, user, answers, problem, wanted
):
    case = make_case(owner=user)
    url = f"/cases/{case.pk}/eligibility/"
    page = user_client.get(url).content.decode()
    typed = {"goods_kind": "game_card", "no_refund_notice": "no", "fraud_signs": "no"} | answers
    response = user_client.post(url, typed | {"version": _version(page), "action": "draft"})
    assert response.status_code == 302
    page = user_client.get(url).content.decode()
    assert _section_meta(page, "goods") == "已回答 2/2"
    assert _section_meta(page, "problem") == problem
    assert _section_meta(page, "request") == wanted
    # The first-use facts are extra: never a count that reads like a gap.
    assert _section_meta(page, "first-use") == "查得到再填"


def _ticked(html: str, name: str) -> list[str]:
    return re.findall(rf'<input type="radio" name="{name}" value="([^"]*)"[^>]*\bchecked\b', html)


def test_a_new_case_has_no_yes_no_answer_ticked_for_the_buyer(user_client, make_case, user):
    # 不确定 is an answer; before step 1 is saved, nothing was answered and nothing is counted.
    case = make_case(owner=user)
    page = user_client.get(f"/cases/{case.pk}/eligibility/").content.decode()
    assert _ticked(page, "no_refund_notice") == [] and _ticked(page, "fraud_signs") == []
    assert _section_meta(page, "goods") == "已回答 0/2"
    assert _section_meta(page, "problem") == "已回答 0/2"


def test_a_saved_not_sure_stays_ticked(user_client, make_case, user):
    case = make_case(owner=user)
    url = f"/cases/{case.pk}/eligibility/"
    typed = ANSWERS | {"no_refund_notice": "unknown", "fraud_signs": "unknown"}
    page = user_client.get(url).content.decode()
    response = user_client.post(url, typed | {"version": _version(page), "action": "save"})
    assert response.status_code == 302
    page = user_client.get(url).content.decode()
    assert _ticked(page, "no_refund_notice") == ["unknown"]
    assert _ticked(page, "fraud_signs") == ["unknown"]


def test_save_and_continue_follows_the_verdict_to_the_polite_request(user_client, make_case, user):
    # No failing of the seller's to prove: the way on is the goodwill request, as the overview.
    case = make_case(owner=user)
    url = f"/cases/{case.pk}/eligibility/"
    page = user_client.get(url).content.decode()
    own = ANSWERS | {"problems": ["not_needed"], "version": _version(page), "action": "continue"}
    response = user_client.post(url, own)
    assert response["Location"] == f"/cases/{case.pk}/negotiation/"
    landed = user_client.get(response["Location"]).content.decode()
    assert "结论：通常不支持退款" in landed
    assert "保存并继续：请商家通融" in user_client.get(url).content.decode()


def test_leaving_by_a_way_out_names_the_step_whose_draft_was_kept(user_client, make_case, user):
    case = make_case(owner=user)
    response = user_client.post(
        f"/cases/{case.pk}/eligibility/",
        {"version": "0", "leave": "/cases/", "amount": "100"},
        follow=True,
    )
    html = response.content.decode()
    assert "「退款资格」这一步写的内容已存为草稿，回到这一步会自动填回。" in html
    assert "下次打开这一页" not in html


def test_the_live_verdict_renames_the_way_on_as_the_buyer_answers(user_client, make_case, user):
    # The button follows the verdict while the buyer is still choosing, before any save.
    case = make_case(owner=user)
    url = f"/cases/{case.pk}/eligibility/verdict/"
    page = user_client.get(f"/cases/{case.pk}/eligibility/").content.decode()
    assert '<span id="next-label">保存并继续：整理证据</span>' in page
    own = user_client.post(url, {"problems": ["not_needed"]}, headers={"HX-Request": "true"})
    assert '<span id="next-label" hx-swap-oob="true">保存并继续：请商家通融</span>' in (
        own.content.decode()
    )
    theirs = user_client.post(url, {"problems": ["late"]}, headers={"HX-Request": "true"})
    assert '<span id="next-label" hx-swap-oob="true">保存并继续：整理证据</span>' in (
        theirs.content.decode()
    )


def test_the_sign_of_fraud_the_buyer_saw_goes_into_the_report_not_the_public_post(
    user_client, make_case, user
):
    """Buyer F: 有欺诈迹象 with what they saw; the police and 12315 texts name it, the check
    page shows it, 黑猫投诉 (public) makes no accusation."""
    case = make_case(owner=user)
    url = f"/cases/{case.pk}/eligibility/"
    page = user_client.get(url).content.decode()
    seen = "收款后马上把我拉黑了"
    answers = ANSWERS | {"fraud_signs": "yes", "fraud_detail": seen}
    response = user_client.post(url, answers | {"version": _version(page), "action": "save"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.fraud_signs is True and case.fraud_detail == seen
    check = user_client.get(f"/cases/{case.pk}/check/").content.decode()
    assert "是什么迹象" in check and seen in check
    outside = user_client.get(f"/cases/{case.pk}/escalation/").content.decode()
    assert outside.count(f"我发现商家有欺诈的迹象：{seen}。") == 2  # 12315 and the police
