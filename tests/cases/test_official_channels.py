"""The official channels are named where the buyer files: the escalation page and 联系我们.

Plain text and plain links the buyer follows; nothing on our pages makes the browser
request them (the CSP allows only this site, and no src or form points at them).
"""

import re

import pytest

from cases.rules.channels import OFFICIAL_ENTRANCES
from cases.rules.escalation import C12315, HEIMAO, POLICE

pytestmark = pytest.mark.django_db

OFFICIAL = ("https://www.12315.cn/", "https://tousu.sina.com.cn/")


def _section(html: str, name: str) -> str:
    start = html.index(f'<summary class="kr-details__summary">{name}')
    return html[start : html.index("</details>", start)]


def test_every_complaint_says_where_to_file_it(user_client, case):
    html = user_client.get(f"/cases/{case.pk}/escalation/").content.decode()
    c12315 = _section(html, "12315")
    assert '<a href="https://www.12315.cn/" rel="noreferrer">www.12315.cn</a>' in c12315
    assert "App" in c12315 and "微信小程序" in c12315 and "全国12315平台" in c12315
    heimao = _section(html, "黑猫投诉")
    assert '<a href="https://tousu.sina.com.cn/" rel="noreferrer">tousu.sina.com.cn</a>' in heimao
    police = _section(html, "公安机关报案")
    assert "96110" in police and "110" in police and "派出所" in police


def test_each_channel_has_its_ways_in_and_only_https_links():
    assert set(OFFICIAL_ENTRANCES) == {C12315, HEIMAO, POLICE}
    urls = [way.url for ways in OFFICIAL_ENTRANCES.values() for way in ways if way.url]
    assert sorted(urls) == sorted(OFFICIAL)


@pytest.mark.parametrize("url", ["escalation", "contact"])
def test_the_channels_are_linked_never_loaded(user_client, case, seeded_guide, url):
    page = f"/cases/{case.pk}/escalation/" if url == "escalation" else "/contact/"
    html = user_client.get(page).content.decode()
    assert "96110" in html
    for site in OFFICIAL:
        assert f'href="{site}"' in html
        loaded = re.findall(rf'(?:src|action|data)="{re.escape(site)}', html)
        assert loaded == []
