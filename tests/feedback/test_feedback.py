"""这一页有帮助吗？: asked on every guide chapter and wizard stage, answered without an account."""

import datetime
import re
import time
from unittest import mock
from urllib.parse import unquote

import pytest
from django.conf import settings
from django.core import signing
from django.forms.models import model_to_dict
from django.test import Client

from cases.services.case import case_create
from feedback import markers
from feedback.models import COMMENT_MAX_LENGTH, PageFeedback
from feedback.selectors import feedback_totals
from guide.models import GuidePart

pytestmark = pytest.mark.django_db

STAGES = ["eligibility", "evidence", "negotiation", "appeal", "escalation"]


@pytest.fixture
def chapter(seeded_guide) -> GuidePart:
    return seeded_guide[0]


def widget(html: str) -> str:
    start = html.index('<div class="kr-feedback" id="feedback"')
    return html[start : html.index("</div>", start)]


def answer(client: Client, part: GuidePart, helpful: str = "yes", **extra):
    data = {"page": f"guide:{part.pk}", "helpful": helpful, "next": part.get_absolute_url()}
    return client.post("/feedback/", data, **extra)


def signed_answer(response) -> str:
    return unquote(re.search(r"answer=([^&]+)", response["Location"]).group(1))


# Where it is asked


def test_a_chapter_asks_with_the_same_markup_for_every_visitor(client, user_client, chapter):
    url = chapter.get_absolute_url()
    anonymous = widget(client.get(url).content.decode())
    cached = widget(client.get(url).content.decode())
    signed_in = widget(user_client.get(url).content.decode())
    assert anonymous == cached == signed_in
    assert "这一页有帮助吗？" in anonymous
    assert f'name="page" value="guide:{chapter.pk}"' in anonymous
    # Nothing of the visitor: no token, no session, no case.
    assert "csrfmiddlewaretoken" not in anonymous


@pytest.mark.parametrize("stage", STAGES)
def test_each_stage_page_asks_for_the_stage_not_the_case(user, stage):
    browser = Client()
    browser.force_login(user)
    case = case_create(owner=user, product_name="点卡", platform_name="某卡盟")
    html = widget(browser.get(f"/cases/{case.pk}/{stage}/").content.decode())
    assert f'name="page" value="stage:{stage}"' in html
    response = browser.post("/feedback/", {"page": f"stage:{stage}", "helpful": "no"})
    assert response.status_code == 302
    (row,) = PageFeedback.objects.all()
    assert row.stage == stage and row.part is None and row.helpful is False


def test_site_pages_and_drafts_do_not_ask(client, admin_client, seeded_guide):
    draft = GuidePart.objects.create(
        title="草稿", slug="draft", order=90, summary="摘要", body_markdown="正文",
        updated_on=datetime.date(2026, 1, 2), published=False,
    )  # fmt: skip
    assert 'id="feedback"' not in admin_client.get("/guide/draft/").content.decode()
    assert answer(client, draft).status_code == 400
    site_page = GuidePart.objects.site_pages().first()
    data = {"page": f"guide:{site_page.pk}", "helpful": "yes"}
    assert client.post("/feedback/", data).status_code == 400
    assert not PageFeedback.objects.exists()


# Answering, with and without JavaScript


def test_without_javascript_an_answer_then_a_sentence_each_land_on_a_page(client, chapter):
    response = answer(client, chapter)
    assert response.status_code == 302
    assert response["Location"].startswith("/feedback/thanks/?answer=")
    cookie = response.cookies[markers.COOKIE_NAME]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert cookie["max-age"] == markers.COOKIE_MAX_AGE

    thanks = client.get(response["Location"])
    html = thanks.content.decode()
    assert "谢谢你的回答" in html and 'name="comment"' in html
    assert f'<a href="{chapter.get_absolute_url()}">回到刚才的页面</a>' in html
    assert "no-store" in thanks["Cache-Control"]

    sent = client.post(
        "/feedback/comment/",
        {"answer": signed_answer(response), "comment": "第二段没讲清楚", "next": "/guide/"},
    )
    assert sent.status_code == 302
    assert "收到了，谢谢" in client.get(sent["Location"]).content.decode()
    (row,) = PageFeedback.objects.all()
    assert (row.part, row.helpful, row.comment) == (chapter, True, "第二段没讲清楚")


def test_with_htmx_the_question_is_swapped_for_the_sentence_then_for_thanks(client, chapter):
    response = answer(client, chapter, headers={"HX-Request": "true"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html and "谢谢你的回答" in html
    assert 'hx-post="/feedback/comment/"' in html and 'hx-target="#feedback"' in html
    signed = re.search(r'name="answer" value="([^"]+)"', html).group(1)
    done = client.post(
        "/feedback/comment/",
        {"answer": signed, "comment": "很有用"},
        headers={"HX-Request": "true"},
    )
    assert done.status_code == 200 and "收到了，谢谢" in done.content.decode()
    assert PageFeedback.objects.get().comment == "很有用"


def test_a_second_answer_from_the_same_browser_replaces_the_first(client, chapter):
    answer(client, chapter, "yes")
    answer(client, chapter, "no")
    assert list(PageFeedback.objects.values_list("helpful", flat=True)) == [False]
    answer(Client(), chapter, "yes")  # another browser
    assert PageFeedback.objects.count() == 2
    for helpful in ("yes", "no"):
        client.post("/feedback/", {"page": "stage:appeal", "helpful": helpful})
    assert list(PageFeedback.objects.filter(stage="appeal").values_list("helpful", flat=True)) == [
        False
    ]


def test_one_browsers_answers_on_two_pages_share_nothing_that_links_them(client, seeded_guide):
    answer(client, seeded_guide[0])
    answer(client, seeded_guide[1])
    first, second = PageFeedback.objects.order_by("id")
    assert first.visitor_marker != second.visitor_marker
    token = client.cookies[markers.COOKIE_NAME].value
    assert token not in first.visitor_marker + second.visitor_marker


def test_a_browser_without_cookies_still_adds_its_sentence_to_its_own_answer(chapter):
    browser = Client()
    response = answer(browser, chapter)
    browser.cookies.clear()
    browser.post("/feedback/comment/", {"answer": signed_answer(response), "comment": "好"})
    assert PageFeedback.objects.get().comment == "好"


# What is kept: no address, no account, no session


def test_an_answer_keeps_no_address_account_session_or_case(user, chapter):
    browser = Client(REMOTE_ADDR="203.0.113.7")
    browser.force_login(user)
    case = case_create(owner=user, product_name="点卡", platform_name="某卡盟")
    answer(browser, chapter, "no")
    browser.post("/feedback/", {"page": "stage:evidence", "helpful": "yes"})
    assert {field.name for field in PageFeedback._meta.get_fields()} == {
        "id", "part", "stage", "helpful", "comment", "visitor_marker", "answered_at",
    }  # fmt: skip
    stored = " ".join(
        str(value)
        for row in PageFeedback.objects.all()
        for value in [*model_to_dict(row).values(), row.visitor_marker]
    )
    for personal in ("203.0.113.7", user.username, browser.session.session_key, str(case.pk)):
        assert personal not in stored
    # Answering gives a reader no session: the guide's cached pages stay theirs.
    reader = Client()
    response = answer(reader, chapter)
    assert settings.SESSION_COOKIE_NAME not in response.cookies


def test_an_answering_reader_is_still_served_from_the_page_cache(
    client, chapter, django_assert_max_num_queries
):
    url = chapter.get_absolute_url()
    client.get(url)
    answer(client, chapter)
    assert markers.COOKIE_NAME in client.cookies
    with django_assert_max_num_queries(1):
        html = client.get(url).content.decode()
    assert "这一页有帮助吗？" in html and "谢谢你的回答" not in html


# Limits and refusals


def test_the_hourly_limit_per_address_refuses_with_the_wait_and_stores_nothing(chapter, settings):
    settings.QUOTA_FEEDBACK_PER_HOUR_PER_IP = 2
    same_address = {"REMOTE_ADDR": "198.51.100.20"}
    for _ in range(2):
        assert answer(Client(**same_address), chapter).status_code == 302
    refused = answer(Client(**same_address), chapter)
    assert refused.status_code == 429
    assert re.search(r"提交的反馈太多了，请 \d+ 分钟后再试", refused.content.decode())
    htmx = answer(Client(**same_address), chapter, headers={"HX-Request": "true"})
    assert htmx.status_code == 200 and "分钟后再试" in htmx.content.decode()
    assert PageFeedback.objects.count() == 2
    # Another address is counted apart.
    assert answer(Client(REMOTE_ADDR="198.51.100.21"), chapter).status_code == 302


def test_the_sentence_counts_against_the_limit_too(client, chapter, settings):
    settings.QUOTA_FEEDBACK_PER_HOUR_PER_IP = 1
    response = answer(client, chapter)
    refused = client.post(
        "/feedback/comment/", {"answer": signed_answer(response), "comment": "再说一句"}
    )
    assert refused.status_code == 429
    assert PageFeedback.objects.get().comment == ""


def test_a_long_or_empty_sentence_is_refused_in_chinese(client, chapter):
    signed = signed_answer(answer(client, chapter))
    too_long = client.post(
        "/feedback/comment/", {"answer": signed, "comment": "字" * (COMMENT_MAX_LENGTH + 1)}
    )
    html = too_long.content.decode()
    assert too_long.status_code == 200
    assert f"最多 {COMMENT_MAX_LENGTH} 个字，现在有 {COMMENT_MAX_LENGTH + 1} 个" in html
    empty = client.post("/feedback/comment/", {"answer": signed, "comment": " \u3000\n"})
    assert "还没有写内容" in empty.content.decode()
    assert PageFeedback.objects.get().comment == ""


def test_the_sentence_is_kept_on_one_line_without_invisible_characters(client, chapter):
    signed = signed_answer(answer(client, chapter))
    client.post("/feedback/comment/", {"answer": signed, "comment": "第一行\n\u202e第二行\u200b "})
    assert PageFeedback.objects.get().comment == "第一行 第二行"


def test_a_forged_or_day_old_answer_is_refused(client, chapter):
    signed = signed_answer(answer(client, chapter))
    forged = client.post("/feedback/comment/", {"answer": signed + "x", "comment": "改别人的"})
    assert "这条反馈已经过期了" in forged.content.decode()
    later = time.time() + markers.ANSWER_MAX_AGE + 60
    with mock.patch("django.core.signing.time.time", return_value=later):
        old = client.post("/feedback/comment/", {"answer": signed, "comment": "太晚了"})
    assert "这条反馈已经过期了" in old.content.decode()
    assert PageFeedback.objects.get().comment == ""


def test_another_sites_form_is_refused_by_what_the_browser_says(client, chapter):
    for headers in ({"Origin": "https://evil.example"}, {"Sec-Fetch-Site": "cross-site"}):
        response = answer(client, chapter, headers=headers)
        assert response.status_code == 403
        assert "页面已过期，请重新提交" in response.content.decode()
    assert not PageFeedback.objects.exists()
    assert answer(client, chapter, headers={"Origin": "http://testserver"}).status_code == 302


@pytest.mark.parametrize("page", ["guide:999999", "stage:nowhere", "x", "guide:-1", ""])
def test_a_page_that_does_not_ask_is_refused(client, chapter, page):
    response = client.post("/feedback/", {"page": page, "helpful": "yes"})
    assert response.status_code == 400
    assert "没有收到" in response.content.decode()
    assert not PageFeedback.objects.exists()


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/", "javascript:x"])
def test_the_way_back_stays_on_this_site(client, chapter, next_url):
    data = {"page": f"guide:{chapter.pk}", "helpful": "yes", "next": next_url}
    thanks = client.get(client.post("/feedback/", data)["Location"]).content.decode()
    assert "evil.example" not in thanks and "javascript:" not in thanks
    assert '<a href="/">回到首页</a>' in thanks


# What editors see


def test_editors_see_counts_per_page_and_the_sentences_newest_first(admin_client, seeded_guide):
    first, second = seeded_guide[0], seeded_guide[1]
    for helpful, comment in (("yes", "清楚"), ("no", "没看懂第三段"), ("no", "")):
        browser = Client()
        response = answer(browser, first, helpful)
        if comment:
            browser.post(
                "/feedback/comment/", {"answer": signed_answer(response), "comment": comment}
            )
    answer(Client(), second, "yes")
    Client().post("/feedback/", {"page": "stage:appeal", "helpful": "no"})

    html = admin_client.get("/admin/feedback/pagefeedback/").content.decode()
    totals = re.findall(r"<tr data-page-totals><th scope=\"row\">(.*?)</th>(.*?)</tr>", html)
    assert [(title, re.findall(r"<td>(\d+)</td>", cells)) for title, cells in totals] == [
        (first.title, ["1", "2", "2"]),
        (second.title, ["1", "0", "0"]),
        ("向导：平台申诉", ["0", "1", "0"]),
    ]
    assert html.index("没看懂第三段") < html.index("清楚")  # newest first
    assert admin_client.get("/admin/feedback/pagefeedback/add/").status_code == 403


def test_the_totals_cost_one_query_however_many_answers(seeded_guide, django_assert_num_queries):
    for part in seeded_guide:
        for _ in range(3):
            answer(Client(), part, "yes")
    with django_assert_num_queries(1):
        totals = feedback_totals()
    assert [t.title for t in totals] == [part.title for part in seeded_guide]


def test_the_marker_is_an_hmac_of_the_token_and_the_page():
    token, new = markers.browser_token(mock.Mock(COOKIES={}))
    assert new and re.fullmatch(r"[0-9a-f]{32}", token)
    assert markers.browser_token(mock.Mock(COOKIES={markers.COOKIE_NAME: token})) == (token, False)
    assert markers.browser_token(mock.Mock(COOKIES={markers.COOKIE_NAME: "字" * 32}))[1]
    assert markers.marker(token, "guide:1") != markers.marker(token, "guide:2")
    assert markers.answer_id(signing.dumps("1", salt="feedback.answer")) is None
