"""The house format: every amount, date, duration, quote and list the wizard writes."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from cases import wording

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, ""),
        (Decimal("600"), "600 元"),
        (Decimal("600.00"), "600 元"),
        (Decimal("68.5"), "68.50 元"),
        (Decimal("68.50"), "68.50 元"),
        (Decimal("0.01"), "0.01 元"),
        (Decimal("99999999.99"), "99999999.99 元"),
    ],
)
def test_amount(value, expected):
    assert wording.amount(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, ""),
        (datetime(2026, 12, 1, 17, 0, tzinfo=SHANGHAI), "2026年12月1日 17:00"),
        (datetime(2026, 3, 4, 9, 5, tzinfo=SHANGHAI), "2026年3月4日 09:05"),
        # Stored times are UTC: the text shows the buyer's local time.
        (datetime(2026, 3, 4, 12, 30, tzinfo=UTC), "2026年3月4日 20:30"),
        (datetime(2026, 3, 4, 9, 5), "2026年3月4日 09:05"),
        (datetime(2026, 3, 4, 0, 1, tzinfo=SHANGHAI), "2026年3月4日 00:01"),
        # A bare date is kept as midnight: the text gives the date, not a time never given.
        (datetime(2026, 3, 4, 0, 0, tzinfo=SHANGHAI), "2026年3月4日"),
        (datetime(2026, 3, 3, 16, 0, tzinfo=UTC), "2026年3月4日"),
    ],
)
def test_moment(settings, value, expected):
    settings.TIME_ZONE = "Asia/Shanghai"
    assert wording.moment(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [(None, ""), (date(2026, 1, 9), "2026年1月9日"), (date(2026, 12, 31), "2026年12月31日")],
)
def test_day(value, expected):
    assert wording.day(value) == expected


NOW = datetime(2026, 3, 10, 12, 0, tzinfo=SHANGHAI)


@pytest.mark.parametrize(
    ("since", "expected"),
    [
        (None, ""),
        (NOW - timedelta(minutes=59), ""),
        (NOW - timedelta(hours=1), "1 小时"),
        (NOW - timedelta(hours=48, minutes=30), "48 小时"),
        (NOW - timedelta(hours=71, minutes=59), "71 小时"),
        (NOW - timedelta(hours=72), "3 天"),
        (NOW - timedelta(days=10, hours=23), "10 天"),
    ],
)
def test_duration(since, expected):
    assert wording.duration(since, NOW) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("卡密已发放，无法回收", "“卡密已发放，无法回收”"),
        ("卡密已发放，无法回收。", "“卡密已发放，无法回收”"),
        ("  不退！ \n", "“不退”"),
        ("真的吗？", "“真的吗”"),
    ],
)
def test_quote_leaves_the_closing_punctuation_to_the_sentence(text, expected):
    assert wording.quote(text) == expected
    assert f"商家回复{wording.quote(text)}。".count("。") == 1


def test_missing_mark_round_trips():
    order, total = wording.missing("订单号"), wording.missing("金额")
    text = f"订单号：{order}；金额：{total}；{order}"
    assert wording.missing("订单号") == "【待补充：订单号】"
    assert wording.missing_labels(text) == ["订单号", "金额"]
    assert wording.missing_labels("都填好了") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "订单号 【待补充：订单号】，付款 【待补充：金额】。",
            "订单号【待补充：订单号】，付款【待补充：金额】。",
        ),
        ("请在 【待补充：期限】 前处理", "请在【待补充：期限】前处理"),
        # After a list number or a Latin word the space stays; numbers keep theirs.
        ("1. 【待补充：下单时间】，订单号 KM-1", "1. 【待补充：下单时间】，订单号 KM-1"),
        ("商家ID 【待补充：商家ID】 shop", "商家ID 【待补充：商家ID】 shop"),
        ("付款 100 元", "付款 100 元"),
    ],
)
def test_no_space_beside_a_missing_mark_in_chinese(text, expected):
    assert wording.close_up_marks(text) == expected


@pytest.mark.parametrize(
    ("items", "expected"),
    [
        ([], ""),
        (["截图"], "截图"),
        (["截图", "录屏"], "截图和录屏"),
        (["甲", "", "乙", "丙"], "甲、乙和丙"),
    ],
)
def test_series(items, expected):
    assert wording.series(items) == expected


def test_clauses_never_double_the_punctuation():
    assert wording.clauses(["到现在还没有发货。", "软件无法运行；", " "]) == (
        "到现在还没有发货；软件无法运行"
    )


@pytest.mark.parametrize(
    ("content_type", "kind"),
    [
        ("image/png", "图片"),
        ("image/heic", "图片"),
        ("video/mp4", "视频"),
        ("text/plain", "聊天记录（文本）"),
        ("application/pdf", "PDF 文件"),
        ("application/zip", "文件"),
        ("", "文件"),
    ],
)
def test_file_kind_in_words(content_type, kind):
    assert wording.file_kind(content_type) == kind


@pytest.mark.parametrize(
    ("value", "before", "after", "expected"),
    [
        ("QQ 会员月卡", "了", "，", " QQ 会员月卡"),
        ("Steam 充值卡", "品", "：", " Steam 充值卡"),
        ("KM-1", "号", "的", " KM-1 "),
        ("100 元", "款", "。", " 100 元"),
        ("点卡", "了", "，", "点卡"),
        ("KM-1", " ", " ", "KM-1"),
        ("KM-1", "：", "。", "KM-1"),
        ("KM-1", "", "", "KM-1"),
        ("", "了", "的", ""),
    ],
)
def test_a_value_meeting_chinese_gets_a_space_only_where_latin_meets_chinese(
    value, before, after, expected
):
    assert wording.spaced(value, before, after) == expected


@pytest.mark.parametrize(
    ("size", "expected"),
    [
        (0, "0 MB"),
        (12_700, "12.4 KB"),
        # A small text file: its bytes, never 0 KB.
        (25, "25 字节"),
        (1023, "1023 字节"),
        (1024, "1 KB"),
        # A case's few screenshots: never 共 0 MB.
        (48_000, "46.9 KB"),
        (400 * 1024, "0.4 MB"),
        (20 * 1024 * 1024, "20 MB"),
        (1000 * 1024 * 1024, "1000 MB"),
        (int(2.5 * 1024 * 1024), "2.5 MB"),
    ],
)
def test_file_size(size, expected):
    assert wording.file_size(size) == expected
