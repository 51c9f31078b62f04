"""Users, groups and sign-in records in the admin, every label in Chinese (accounts/admin.py)."""

import pytest
from django.contrib.auth.models import Permission

from accounts.admin import permission_label

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("app", "codename", "label"),
    [
        ("guide", "change_guidepart", "指南 · 指南章节 · 修改"),
        ("cases", "view_wizardtext", "维权向导 · 向导文字 · 查看"),
        ("guide", "view_historicalguidepart", "指南 · 指南章节的修改记录 · 查看"),
        ("axes", "delete_accessattempt", "登录保护 · 登录失败计数 · 删除"),
    ],
)
def test_permissions_read_as_app_model_and_action(app, codename, label):
    permission = Permission.objects.get(content_type__app_label=app, codename=codename)
    assert permission_label(permission) == label


def test_a_user_page_offers_the_permissions_of_what_the_admin_manages(admin_client, staff_user):
    html = admin_client.get(f"/admin/auth/user/{staff_user.pk}/change/").content.decode()
    assert "指南 · 指南章节 · 修改" in html and "Can add" not in html
    # Buyers' records have no page in the admin: a permission on them would give nothing.
    assert "维权向导 · evidence item" not in html and "维权向导 · case event" not in html
    # Django's help says to hold Control or Command; the two lists need neither.
    assert "按住" not in html and "加进右边" in html


def test_the_app_names_are_chinese(admin_client):
    html = admin_client.get("/admin/").content.decode()
    for name in ("指南", "维权向导", "登录保护", "后台任务", "认证和授权"):
        assert name in html
    for english in ("Axes", "Tasks Database Backend", "Access attempts"):
        assert english not in html
