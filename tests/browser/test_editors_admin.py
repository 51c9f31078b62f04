"""The editors' admin as a Chinese editor who is not a programmer meets it (issue 16).

Two journeys in a real Chromium: every page an editor reaches speaks Chinese, and a chapter
is edited beside its live preview, saved with a note, read in the history and reverted,
the public page showing each version.
"""

import re

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import PHONE
from tests.browser.helpers import assert_accessible, assert_no_horizontal_scroll, signed_in_page

pytestmark = pytest.mark.browser

PASSWORD = "Kameng-refund-2026"
# A Chinese name: the header greets the editor by it, and an English one would be a word.
EDITOR = "编辑小王"
# Latin words the admin's own text may hold, and why:
ALLOWED_WORDS = {
    "Markdown",  # the name of the syntax editors write chapters in; it has no Chinese name
    "https",  # how a link's address begins, in the Markdown cheat-sheet's example
}
# What holds editor content or data, not the admin's own text: form values, the previews
# (built from the editor's text), the diffs and notes (the editor's sentences).
CONTENT_SELECTORS = (
    "textarea, input, script, style, template, .kr-preview, .kr-diff__old, .kr-diff__new, "
    ".kr-default, .kr-history__note, "
    # A password's hash, salt and algorithm, as Django shows them on the user's page.
    ".field-password bdi"
)
VISIBLE_TEXT = """selector => {
  for (const element of document.querySelectorAll(selector)) element.remove();
  return document.body.innerText;
}"""


@pytest.fixture
def editor(transactional_db, seeded_guide):
    return get_user_model().objects.create_superuser(
        username=EDITOR, password=PASSWORD, email="editor@example.com"
    )


def _english_words(page, content: list[str]) -> dict[str, str]:
    """Return the Latin words of the page's own text, each with the line it is on."""
    text = page.evaluate(VISIBLE_TEXT, CONTENT_SELECTORS)
    for value in sorted(content, key=len, reverse=True):
        if value:
            text = text.replace(value, " ")
    found = {}
    for line in text.splitlines():
        for word in re.findall(r"[A-Za-z]{3,}", line):
            if word not in ALLOWED_WORDS:
                found.setdefault(word, line.strip())
    return found


def _first_sentence(markdown: str) -> str:
    """Return the first sentence of the body's first paragraph (not a heading or a list)."""
    for line in markdown.splitlines():
        if line and not line.startswith(("#", "-", ">", "|")) and "。" in line:
            return line[: line.index("。") + 1]
    raise AssertionError("no plain sentence in the chapter")


def test_editor_writes_beside_the_preview_saves_with_a_note_reads_the_diff_and_reverts(
    new_context, live_server, editor, seeded_guide, screenshot
):
    part = seeded_guide[0]
    old_sentence = _first_sentence(part.body_markdown)
    new_sentence = "先弄清楚一件事：钱能不能要回来，要看问题出在谁身上。"
    page = signed_in_page(new_context, live_server, editor)
    refused = []
    page.on(
        "console", lambda message: refused.append(message.text) if message.type == "error" else None
    )
    page.goto(f"/admin/guide/guidepart/{part.pk}/change/")
    reader = new_context().new_page()

    # A tall box, its preview beside it, rendered as the public page renders it.
    box = page.locator("#id_body_markdown")
    pane = page.locator("#id_body_markdown-preview")
    expect(pane.get_by_role("heading", level=1, name=part.title)).to_be_visible()
    box_area, pane_area = box.bounding_box(), pane.bounding_box()
    assert box_area["height"] >= 500, box_area
    assert pane_area["x"] >= box_area["x"] + box_area["width"], (box_area, pane_area)
    assert pane_area["y"] < box_area["y"] + box_area["height"], (box_area, pane_area)
    expect(page.get_by_text("Markdown 速查")).to_be_visible()

    box.fill(part.body_markdown.replace(old_sentence, new_sentence))
    expect(pane).to_contain_text(new_sentence)
    expect(pane).not_to_contain_text(old_sentence)
    screenshot(page, "admin-chapter-editor")
    page.locator("#id_change_note").fill("开头第一句改得更直白")
    page.get_by_role("button", name="保存", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("成功修改")

    reader.goto(f"/guide/{part.slug}/")
    expect(reader.locator(".kr-prose")).to_contain_text(new_sentence)
    expect(reader.locator(".kr-updated")).to_contain_text("开头第一句改得更直白")

    # The history shows the changed sentence whole, before and after, with who and why.
    page.goto(f"/admin/guide/guidepart/{part.pk}/history/")
    newest = page.locator(".kr-history__entry").first
    expect(newest).to_contain_text(EDITOR)
    expect(newest).to_contain_text("给读者的更新说明：开头第一句改得更直白")
    expect(newest.locator(".kr-diff__new")).to_contain_text(new_sentence)
    expect(newest.locator(".kr-diff__old")).to_contain_text(old_sentence)
    expect(newest.locator(".kr-diff__new ins").first).to_be_visible()
    screenshot(page, "admin-chapter-history")

    # Revert: the same diff of what will change, in plain words, and a note for readers.
    page.locator(".kr-history__entry").nth(1).get_by_role("link", name="恢复成这一版…").click()
    expect(page.get_by_role("heading", name="会改回哪些内容")).to_be_visible()
    expect(page.locator(".kr-diff__old").first).to_contain_text(new_sentence)
    expect(page.locator(".kr-diff__new").first).to_contain_text(old_sentence)
    expect(page.get_by_text("现在的内容不会丢")).to_be_visible()
    screenshot(page, "admin-chapter-revert")
    page.get_by_role("button", name="确定恢复成这一版").click()
    expect(page.locator(".errorlist")).to_contain_text("请写一句新的更新说明")
    page.get_by_label("给读者的更新说明").fill("第一句恢复成原来的说法")
    page.get_by_role("button", name="确定恢复成这一版").click()
    expect(page.locator(".messagelist")).to_contain_text("已经恢复成")
    expect(page.locator(".kr-history__entry").first).to_contain_text("恢复成")

    reader.goto(f"/guide/{part.slug}/")
    expect(reader.locator(".kr-prose")).to_contain_text(old_sentence)
    expect(reader.locator(".kr-prose")).not_to_contain_text(new_sentence)
    expect(reader.locator(".kr-updated")).to_contain_text("第一句恢复成原来的说法")
    # htmx and the editor's script run under the strict CSP: nothing was refused.
    assert refused == []


def test_the_preview_is_under_the_editor_on_a_phone(new_context, live_server, editor, seeded_guide):
    part = seeded_guide[0]
    page = signed_in_page(
        new_context,
        live_server,
        editor,
        f"/admin/guide/guidepart/{part.pk}/change/",
        viewport=PHONE,
        is_mobile=True,
        has_touch=True,
    )
    box = page.locator("#id_body_markdown")
    pane = page.locator("#id_body_markdown-preview")
    box.fill("## 手机上写的小标题\n\n手机上也能看到预览。")
    expect(pane).to_contain_text("手机上也能看到预览。")
    assert pane.bounding_box()["y"] > box.bounding_box()["y"] + box.bounding_box()["height"] - 1
    pane.scroll_into_view_if_needed()
    expect(pane.get_by_role("heading", name="手机上写的小标题")).to_be_in_viewport()


@pytest.fixture
def admin_with_records(editor, seeded_guide):
    """Give every page of the admin something to show: edits, history and sign-in records."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    from cases.models import WizardText
    from cases.texts.defaults import DEFAULTS

    login = {
        "user_agent": "测试用的浏览器",
        "ip_address": "10.0.0.8",
        "username": "买家甲",
        "http_accept": "*/*",
        "path_info": "/账号/登录/",
    }
    AccessAttempt.objects.create(**login, get_data="", post_data="", failures_since_start=2)
    AccessLog.objects.create(**login)
    AccessFailureLog.objects.create(**login)

    part = seeded_guide[0]
    part.body_markdown = part.body_markdown.replace("。", "，编辑补充的一句。", 1)
    part.change_note = "补充了一句"
    part._history_user = editor
    part.save()
    # The texts are seeded by a migration, and an earlier live-server test may have flushed them.
    default = DEFAULTS["negotiation_message"]
    text, _ = WizardText.objects.get_or_create(
        key=default.key, defaults={"label": default.label, "body": default.body}
    )
    text.body = text.body.replace("请核实处理", "请尽快核实处理")
    text._history_user = editor
    text._change_reason = "语气更急一点"
    text.save()
    return part, text


def _admin_pages(editor, part, text) -> list[str]:
    """Return every admin page an editor reaches: lists, forms, histories, reverts."""
    from django.test import RequestFactory

    request = RequestFactory().get("/admin/")
    request.user = editor
    pages = ["/admin/", reverse("admin:password_change"), reverse("admin:cases_stats")]
    for model, model_admin in admin.site._registry.items():
        info = model._meta.app_label, model._meta.model_name
        pages.append(reverse("admin:app_list", args=[info[0]]))
        pages.append(reverse("admin:{}_{}_changelist".format(*info)))
        if model_admin.has_add_permission(request):
            pages.append(reverse("admin:{}_{}_add".format(*info)))
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            pages.append(reverse("admin:{}_{}_change".format(*info), args=[first.pk]))
    pages.append(reverse("admin:auth_user_password_change", args=[editor.pk]))
    for record in (part, text):
        info = record._meta.app_label, record._meta.model_name
        older, newer = record.history.order_by("history_date", "history_id")[:2]
        pages += [
            reverse("admin:{}_{}_history".format(*info), args=[record.pk]),
            reverse("admin:{}_{}_simple_history".format(*info), args=[record.pk, older.pk]),
            reverse("admin:{}_{}_compare".format(*info), args=[record.pk])
            + f"?old={older.pk}&new={newer.pk}",
        ]
    pages.append(reverse("admin:cases_wizardtext_default", args=[text.pk]))
    return list(dict.fromkeys(pages))


def _content(models) -> list[str]:
    """Return the text of every row the admin may show: editors' and users' data."""
    values = []
    for model in models:
        for row in model._default_manager.all()[:200]:
            values.append(str(row))
            for field in model._meta.concrete_fields:
                value = getattr(row, field.attname)
                if isinstance(value, str):
                    values.extend([value, *value.splitlines()])
    return values


def test_every_admin_page_an_editor_reaches_speaks_chinese(
    new_context, live_server, editor, admin_with_records
):
    part, text = admin_with_records
    pages = _admin_pages(editor, part, text)
    page = signed_in_page(new_context, live_server, editor)
    # After signing in: the sign-in itself is a row of axes' log.
    content = _content(admin.site._registry)
    english = {}
    for url in pages:
        response = page.goto(url)
        assert response.status == 200, f"{url}: {response.status}"
        assert "/admin/login/" not in page.url, url
        for word, line in _english_words(page, content).items():
            english.setdefault(url, {})[word] = line
    assert not english, "English in the admin's own text:\n" + "\n".join(
        f"{url}: {words}" for url, words in english.items()
    )
    # The changed sentence is whole in the history, before and after.
    page.goto(reverse("admin:guide_guidepart_history", args=[part.pk]))
    newest = page.locator(".kr-history__entry").first
    expect(newest.locator(".kr-diff__new")).to_contain_text("，编辑补充的一句。")
    page.goto(reverse("admin:cases_wizardtext_history", args=[text.pk]))
    newest = page.locator(".kr-history__entry").first
    expect(newest).to_contain_text("修改说明：语气更急一点")
    expect(newest.locator(".kr-diff__new")).to_contain_text("请尽快核实处理。")


@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_the_editing_pages_are_accessible(
    new_context, live_server, editor, admin_with_records, phone
):
    part, text = admin_with_records
    options = {"viewport": PHONE, "is_mobile": True, "has_touch": True} if phone else {}
    page = signed_in_page(new_context, live_server, editor, **options)
    older = part.history.order_by("history_date", "history_id").first()
    for url in [
        reverse("admin:guide_guidepart_change", args=[part.pk]),
        reverse("admin:guide_guidepart_history", args=[part.pk]),
        reverse("admin:guide_guidepart_simple_history", args=[part.pk, older.pk]),
        reverse("admin:cases_wizardtext_change", args=[text.pk]),
        reverse("admin:cases_wizardtext_history", args=[text.pk]),
        reverse("admin:cases_wizardtext_default", args=[text.pk]),
    ]:
        assert page.goto(url).status == 200, url
        if phone:
            assert_no_horizontal_scroll(page, PHONE["width"])
        else:
            assert_accessible(page, url)


def test_a_placeholder_goes_in_with_one_tap_and_the_preview_fills_it(
    new_context, live_server, editor, admin_with_records, screenshot
):
    from cases.texts.sample import SAMPLE_CASE

    _, text = admin_with_records
    page = signed_in_page(
        new_context, live_server, editor, reverse("admin:cases_wizardtext_change", args=[text.pk])
    )
    box = page.locator("#id_body")
    box.fill("请核对订单：")
    box.press("End")
    page.get_by_role("button", name="{订单号}", exact=True).click()
    expect(box).to_have_value("请核对订单：{订单号}")
    pane = page.locator("#id_body-preview")
    expect(pane).to_contain_text(f"请核对订单：{SAMPLE_CASE.order_number}")
    screenshot(page, "admin-wizard-text-editor")
    # A unit written again after a placeholder that carries it is caught as the editor types.
    box.fill("请退 {金额}元。")
    expect(pane).to_contain_text("{金额} 已经带“元”，不用再写“元”。")
