"""Messages that say only what happened: files named only when there were files, the
anonymous case described as it is stored, the reminder caption fitting who reads it."""

import pytest

from cases.models import Case
from cases.services.evidence import evidence_item_add
from cases.views.common import SIGN_UP_INVITE

pytestmark = pytest.mark.django_db


def _flash(response) -> str:
    return response.content.decode()


def test_deleting_an_item_without_a_file_does_not_mention_one(user_client, case):
    item = evidence_item_add(case=case, kind="communication", description="电话沟通")
    url = f"/cases/{case.pk}/evidence/{item.pk}/delete/"
    page = _flash(user_client.post(url, follow=True))
    assert "这条证据已删除。" in page and "和它的文件" not in page


def test_deleting_a_case_without_files_does_not_mention_them(user_client, case):
    title = case.display_title
    response = user_client.post(f"/cases/{case.pk}/delete/", {"confirm": "on"}, follow=True)
    page = _flash(response)
    assert f"案件“{title}”已删除。" in page and "全部文件" not in page


def test_an_anonymous_case_is_described_as_it_is_stored(client):
    # Stored on the site, opened only from this browser: not "saved in this browser".
    start = client.get("/cases/new/").content.decode()
    assert "案件虽然存在本站，却只有这个浏览器能打开" in start
    client.post("/cases/new/", {"product_name": "某点卡"})
    case = Case.objects.get()
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "只有这个浏览器能打开这个案件" in page
    assert "只保存在这个浏览器" not in page + start
    assert "案件存在本站，但只有这个浏览器能打开" in SIGN_UP_INVITE


def test_a_signed_in_buyer_without_an_address_is_asked_only_for_the_address(user_client, case):
    page = user_client.get(f"/cases/{case.pk}/").content.decode()
    assert "需要在账号里填邮箱" in page and "需要登录、账号里有邮箱" not in page


def test_another_case_address_tells_its_owner_how_to_open_it(client, case):
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "如果这是你自己的案件" in page and "/accounts/login/?next=" in page
    assert "如果这是你自己的案件" not in client.get("/no-such-page/").content.decode()


def test_the_export_is_offered_as_a_backup_and_the_pack_for_the_platform(user_client, case):
    page = user_client.get(f"/cases/{case.pk}/").content.decode()
    assert "适合自己留一份完整备份" in page and "交给平台或警方" not in page
    delete = user_client.get(f"/cases/{case.pk}/delete/").content.decode()
    assert "0 条证据" not in delete and "0 个上传的文件" not in delete
