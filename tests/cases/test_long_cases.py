"""A case with many records: each page lists the newest few, and every record is one tap away.

Issue 18: a page costs the same with 1 record or 20, so it lists a bounded number of them;
the rest are behind a plain link (?all=1), and the documents (print page, ZIP, PDF, export)
stay complete.
"""

import re
from datetime import timedelta
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from cases.models import EvidenceItem, NegotiationAttempt
from cases.quotas import evidence_room
from cases.selectors.check import FIRST_EVIDENCE
from cases.selectors.evidence import NEWEST_PER_KIND
from cases.selectors.overview import NEWEST_EVENTS
from cases.services.evidence import evidence_item_add
from cases.services.stage import add_event
from cases.views.appeal import FIRST_FILES
from cases.views.check_records import LATEST_ATTEMPTS
from tests.cases.conftest import image_bytes


def _items(case, kind: str, count: int, *, files: bool = False) -> list[EvidenceItem]:
    """Add `count` items of one kind, oldest first (each save is later than the one before)."""
    picture = image_bytes()
    return [
        evidence_item_add(
            case=case,
            kind=kind,
            description=f"{kind} 第 {n} 条",
            upload=SimpleUploadedFile(f"shot{n}.png", picture) if files else None,
        )
        for n in range(1, count + 1)
    ]


def _attempts(case, count: int) -> list[NegotiationAttempt]:
    now = timezone.now()
    return [
        NegotiationAttempt.objects.create(
            case=case,
            sent_at=now - timedelta(days=30 - n),
            deadline=now - timedelta(days=29 - n),
            seller_answer="卡密已发放，无法回收",
            outcome="refused",
        )
        for n in range(count)
    ]


def _shown_items(html: str) -> set[str]:
    return set(re.findall(r'id="item-([0-9a-f-]+)"', html))


# Stage 2: the newest items of each kind, the rest one tap away.


@pytest.fixture
def many_items(case):
    chats = _items(case, "communication", 6, files=True)
    failures = _items(case, "failure", 1)
    return chats, failures


def test_evidence_page_lists_the_newest_item_of_each_kind(user_client, case, many_items):
    chats, failures = many_items
    html = user_client.get(f"/cases/{case.pk}/evidence/").content.decode()
    # The newest chat and the one failure; the five older chats are not on the page.
    assert NEWEST_PER_KIND == 1
    assert _shown_items(html) == {str(chats[-1].pk), str(failures[0].pk)}
    # Every kind still says how many it has, and the older ones are one tap away.
    assert "已有 6 条" in html
    link = f'href="/cases/{case.pk}/evidence/?all=1#kind-communication">显示全部'
    assert link in html
    assert 'id="kind-communication"' in html
    # One kind with one item needs no such link.
    assert "#kind-failure" not in html


def test_evidence_page_with_all_lists_every_item(user_client, case, many_items):
    chats, failures = many_items
    html = user_client.get(f"/cases/{case.pk}/evidence/?all=1").content.decode()
    assert _shown_items(html) == {str(item.pk) for item in [*chats, *failures]}
    assert "这里列出了全部 7 条证据" in html and "?all=1#kind-" not in html
    # Every listed item keeps its links: the picture, the original file, delete.
    for item in chats:
        assert f'href="/cases/{case.pk}/evidence/{item.pk}/file/"' in html
        assert f'href="/cases/{case.pk}/evidence/{item.pk}/delete/"' in html
        assert f'src="/cases/{case.pk}/evidence/{item.pk}/thumb/?size=small"' in html


def test_the_quota_hint_counts_every_file_not_only_the_listed(user_client, case, many_items):
    html = unescape(user_client.get(f"/cases/{case.pk}/evidence/").content.decode())
    files = EvidenceItem.objects.filter(case=case).exclude(file="")
    size = sum(item.size for item in files)
    assert evidence_room(anonymous=False, files=6, size=size).hint in html


def test_an_item_just_added_is_on_the_page_the_save_lands_on(user_client, case, many_items):
    response = user_client.post(
        f"/cases/{case.pk}/evidence/add/",
        {
            "version": "0",
            "kind": "communication",
            "description": "刚加的聊天截图",
            "occurred_at": "2026-03-01T10:30",
            "action": "save",
        },
    )
    assert response.status_code == 302
    added = EvidenceItem.objects.get(description="刚加的聊天截图")
    page, anchor = response["Location"].split("#")
    assert anchor == f"item-{added.pk}"
    html = user_client.get(page).content.decode()
    assert f'id="item-{added.pk}"' in html and "刚加的聊天截图" in html


# Stage 3: the latest attempts; an earlier one is one tap away, with its form when asked for.


def test_an_earlier_attempt_opens_with_its_form_when_asked_for(user_client, case):
    attempts = _attempts(case, 6)
    first = attempts[0]
    url = f"/cases/{case.pk}/negotiation/"
    html = user_client.get(url).content.decode()
    assert f'id="attempt-{first.pk}-title"' not in html
    html = user_client.get(f"{url}?edit={first.pk}").content.decode()
    assert f'id="attempt-{first.pk}-title">第 1 次协商' in html
    assert f'action="/cases/{case.pk}/negotiation/attempts/{first.pk}/"' in html
    html = user_client.get(f"{url}?all=1").content.decode()
    assert all(f'id="attempt-{attempt.pk}-title"' in html for attempt in attempts)
    # The log is open without JavaScript too.
    assert '<details class="kr-details kr-section" name="negotiation" id="log" open>' in html
    assert "这里列出了全部 6 次协商" in html


# 核对信息: the latest attempts and the first items, the rest one row with a link.


def test_check_page_lists_the_latest_attempts_and_the_first_evidence(user_client, case):
    _attempts(case, 5)
    _items(case, "communication", 7)
    html = unescape(user_client.get(f"/cases/{case.pk}/check/").content.decode())
    shown = [int(n) for n in re.findall(r">第 (\d+) 次协商：发送时间</dt>", html)]
    assert shown == list(range(5 - LATEST_ATTEMPTS + 1, 6))
    assert "第 1 至 3 次，每次的时间、回复和结果都在协商记录里" in html
    assert f'href="/cases/{case.pk}/negotiation/?all=1#log-title">查看' in html
    assert len(re.findall(r"<li>沟通记录：communication 第 \d 条</li>", html)) == FIRST_EVIDENCE
    assert "另有 2 项证据没有列在这里" in html
    assert f'href="/cases/{case.pk}/evidence/?all=1#meter-title">在第 2 步查看全部证据</a>' in html


def test_every_link_of_the_check_page_lands_on_its_place(user_client, case):
    _attempts(case, 5)
    _items(case, "communication", 7)
    html = unescape(user_client.get(f"/cases/{case.pk}/check/").content.decode())
    links = set(re.findall(rf'href="(/cases/{case.pk}/[^"#]*)#([^"]+)"', html))
    assert len(links) > 20
    pages: dict[str, str] = {}
    for path, anchor in links:
        if path not in pages:
            response = user_client.get(path)
            assert response.status_code == 200, path
            pages[path] = response.content.decode()
        assert f'id="{anchor}"' in pages[path], f"no #{anchor} on {path}"


# The overview: the newest lines of the timeline, the whole timeline one tap away.


def test_overview_shows_the_newest_of_the_timeline_and_links_to_all(user_client, case):
    for n in range(1, 21):
        add_event(case=case, stage="", message=f"第 {n} 件事")
    total = case.events.count()
    html = user_client.get(f"/cases/{case.pk}/").content.decode()
    assert f"{total} 条记录" in html
    events = re.findall(r"</time> (第 \d+ 件事)</li>", html)
    assert events == [f"第 {n} 件事" for n in range(20, 20 - NEWEST_EVENTS, -1)]
    assert f"更早的还有 {total - NEWEST_EVENTS} 条" in html
    assert 'href="?all=1#timeline">显示完整时间线</a>' in html
    html = user_client.get(f"/cases/{case.pk}/?all=1").content.decode()
    assert len(re.findall(r"</time> 第 \d+ 件事</li>", html)) == 20
    assert '<details class="kr-details kr-section" name="overview" id="timeline" open>' in html
    assert "显示完整时间线" not in html


# Stage 4: the package's first files on the page; the documents keep every one.


def test_appeal_page_lists_the_first_files_and_the_documents_keep_all(user_client, case):
    _items(case, "communication", FIRST_FILES + 3, files=True)
    entries = FIRST_FILES + 4  # every file and the problem description
    html = user_client.get(f"/cases/{case.pk}/appeal/").content.decode()
    assert html.count('class="kr-pack__name"') == FIRST_FILES
    assert f"另有 {entries - FIRST_FILES} 个文件，压缩包和打印版里都有" in html
    assert f'href="?all=1#package-title">逐个列出全部 {entries} 个文件</a>' in html
    html = user_client.get(f"/cases/{case.pk}/appeal/?all=1").content.decode()
    assert html.count('class="kr-pack__name"') == entries
    assert re.search(r'<details class="kr-details kr-section" id="package"[^>]* open>', html)
    # Each file downloads under its numbered name from the full list.
    for item in EvidenceItem.objects.filter(case=case):
        assert f'href="/cases/{case.pk}/appeal/files/{item.pk}/"' in html
    printed = user_client.get(f"/cases/{case.pk}/appeal/print/").content.decode()
    assert printed.count("data-package-file") == entries
