"""Pages leave compressed (with Django's BREACH padding); evidence and exports leave as they are."""

import gzip

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cases.services.evidence import evidence_item_add

GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}


@pytest.fixture
def case(user):
    from cases.services.case import case_create

    return case_create(owner=user, product_name="王者荣耀 100 元点卡", platform_name="某卡盟")


def test_a_private_page_is_sent_compressed_and_reads_the_same(user_client, case):
    plain = user_client.get(f"/cases/{case.pk}/").content
    response = user_client.get(f"/cases/{case.pk}/", **GZIP)
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    sent = response.content
    assert len(sent) < len(plain) / 2
    # Same page, apart from the per-request CSRF token.
    assert gzip.decompress(sent).count(b"<h1>") == plain.count(b"<h1>") == 1


def test_the_compressed_length_is_padded_against_breach(user_client, case):
    lengths = {len(user_client.get(f"/cases/{case.pk}/", **GZIP).content) for _ in range(8)}
    assert len(lengths) > 1  # Django adds random bytes, so the length says little


def test_evidence_files_and_exports_are_sent_as_they_are(user_client, case, png_bytes):
    item = evidence_item_add(
        case=case, kind="failure", description="截图", upload=SimpleUploadedFile("a.png", png_bytes)
    )
    download = user_client.get(f"/cases/{case.pk}/evidence/{item.pk}/file/", **GZIP)
    assert download.status_code == 200 and not download.has_header("Content-Encoding")
    export = user_client.get(f"/cases/{case.pk}/export/", **GZIP)
    assert export.status_code == 200 and not export.has_header("Content-Encoding")


@pytest.mark.parametrize("accept", ["", "identity"])
def test_a_client_that_does_not_ask_for_gzip_gets_plain_html(user_client, case, accept):
    response = user_client.get(f"/cases/{case.pk}/", HTTP_ACCEPT_ENCODING=accept)
    assert not response.has_header("Content-Encoding")
