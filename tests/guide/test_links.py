"""A chapter's address never breaks: old slugs redirect, the site links by key (guide/links.py)."""

import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse

from cases.services import record as record_services
from cases.services.case import case_create
from guide.links import LINK_KEYS, guide_url
from guide.models import GuidePart

pytestmark = pytest.mark.django_db

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
GUIDE_LINK = re.compile(r'href="(/guide/[^"/]+/)"')


def _rename(admin_client, part: GuidePart, slug: str):
    data = {
        "title": part.title,
        "slug": slug,
        "order": part.order,
        "summary": part.summary,
        "body_markdown": part.body_markdown,
        "wizard_stage": part.wizard_stage,
        "published": "on" if part.published else "",
        "change_note": f"网址改成 {slug}",
    }
    return admin_client.post(reverse("admin:guide_guidepart_change", args=[part.pk]), data)


def _wizard_pages(user) -> list[str]:
    """Return the wizard's pages of two cases between them linking to every chapter."""
    told = case_create(owner=user, product_name="王者荣耀 100 元点卡", platform_name="某卡盟")
    told.goods_kind = "game_card"
    told.problems = ["not_needed"]
    told.payment_method = "private"
    told.amount = Decimal("800")
    told.save()
    ended = case_create(owner=user, product_name="激活码", platform_name="某卡盟")
    record_services.case_resolve(case=ended, resolution="gave_up")
    stages = ["eligibility", "evidence", "negotiation", "appeal", "escalation"]
    return [f"/cases/{told.pk}/{stage}/" for stage in stages] + [f"/cases/{ended.pk}/"]


def test_renaming_every_chapter_keeps_old_links_working_and_moves_every_wizard_link(
    admin_client, user_client, user, client, seeded_guide
):
    chapters = [part for part in seeded_guide if part.key in LINK_KEYS]
    old = {part.key: part.slug for part in chapters}
    assert set(old) == LINK_KEYS
    for part in chapters:
        response = _rename(admin_client, part, f"{part.slug}-new")
        assert response.status_code == 302, response.content.decode()[:2000]

    for key, slug in old.items():
        response = client.get(f"/guide/{slug}/")
        assert response.status_code == 301
        assert response["Location"] == f"/guide/{slug}-new/"
        assert client.get(response["Location"]).status_code == 200
        assert guide_url(key) == f"/guide/{slug}-new/"

    linked = set()
    for url in _wizard_pages(user):
        response = user_client.get(url)
        assert response.status_code == 200, url
        linked |= set(GUIDE_LINK.findall(response.content.decode()))
    assert linked == {f"/guide/{slug}-new/" for slug in old.values()}


def test_a_chapter_renamed_twice_answers_at_every_old_address(admin_client, client, seeded_guide):
    part = seeded_guide[1]
    first = part.slug
    _rename(admin_client, part, "second-name")
    part.refresh_from_db()
    _rename(admin_client, part, "third-name")
    for slug in (first, "second-name"):
        assert client.get(f"/guide/{slug}/")["Location"] == "/guide/third-name/"


def test_an_old_address_cannot_be_given_to_another_chapter(admin_client, seeded_guide):
    first, second = seeded_guide[0], seeded_guide[1]
    _rename(admin_client, first, "new-name")
    response = _rename(admin_client, second, first.slug)
    assert response.status_code == 200
    assert f"这个网址名以前是《{first.title}》用的" in response.content.decode()
    second.refresh_from_db()
    assert second.slug != first.slug


def test_a_chapter_may_take_back_its_own_old_address(admin_client, client, seeded_guide):
    part = seeded_guide[0]
    original = part.slug
    _rename(admin_client, part, "temporary")
    part.refresh_from_db()
    assert _rename(admin_client, part, original).status_code == 302
    assert client.get(f"/guide/{original}/").status_code == 200
    assert client.get("/guide/temporary/")["Location"] == f"/guide/{original}/"


def test_an_old_address_of_a_draft_redirects_staff_only(admin_client, client, seeded_guide):
    part = seeded_guide[0]
    old = part.slug
    _rename(admin_client, part, "draft-name")
    GuidePart.objects.filter(pk=part.pk).update(published=False)
    assert client.get(f"/guide/{old}/").status_code == 404
    assert admin_client.get(f"/guide/{old}/")["Location"] == "/guide/draft-name/"


def test_a_link_to_an_unpublished_chapter_goes_to_the_contents(seeded_guide):
    GuidePart.objects.filter(key="prevention").update(published=False)
    assert guide_url("prevention") == "/guide/"


def test_a_key_no_chapter_is_linked_by_is_a_mistake_in_code():
    with pytest.raises(ValueError, match="refundible"):
        guide_url("refundible")


def test_templates_link_to_chapters_by_key_never_by_slug():
    used = set()
    for template in TEMPLATES.rglob("*.html"):
        source = template.read_text()
        assert "'guide:part'" not in source and '"guide:part"' not in source, template
        used |= set(re.findall(r"\{% guide_url '([^']+)' %\}", source))
    assert used == LINK_KEYS


def test_the_links_of_a_page_cost_at_most_one_version_check(
    rf, seeded_guide, settings, django_assert_num_queries
):
    guide_url("refundable")  # the first page of a process reads the addresses
    request = rf.get("/")
    with django_assert_num_queries(1):  # the guide's version (GUIDE_VERSION_RECHECK_SECONDS = 0)
        for key in sorted(LINK_KEYS) * 2:
            guide_url(key, request)
    settings.GUIDE_VERSION_RECHECK_SECONDS = 60
    with django_assert_num_queries(0):
        for key in sorted(LINK_KEYS):
            guide_url(key, rf.get("/"))
