import datetime

import pytest

from guide.models import GuidePart


@pytest.fixture
def make_part(db):
    def make(**fields) -> GuidePart:
        defaults = {
            "title": "测试章节",
            "slug": "test-part",
            "order": 90,
            "summary": "一句话摘要。",
            "body_markdown": "## 小标题\n\n正文。",
            "published": True,
            "updated_on": datetime.date(2026, 1, 2),
            "change_note": "首次发布",
        }
        defaults.update(fields)
        return GuidePart.objects.create(**defaults)

    return make
