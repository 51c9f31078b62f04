import pytest
from django.contrib.auth import get_user_model
from django.test import Client


@pytest.fixture
def user(db):
    return get_user_model().objects.create_user(username="buyer", password="a-Long-pass-2026")


@pytest.fixture
def other_user(db):
    return get_user_model().objects.create_user(username="stranger", password="a-Long-pass-2026")


@pytest.fixture
def staff_user(db):
    return get_user_model().objects.create_superuser(
        username="editor", password="a-Long-pass-2026", email="editor@example.com"
    )


@pytest.fixture
def user_client(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def other_client(other_user):
    other = Client()
    other.force_login(other_user)
    return other


@pytest.fixture
def admin_client(staff_user):
    editor = Client()
    editor.force_login(staff_user)
    return editor
