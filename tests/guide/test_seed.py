"""The six-part guide loaded by guide/migrations/0002_seed_guide.py and corrected by 0003."""

import datetime
import re

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from guide.models import GuidePart

SEEDED = [
    ("refundable", "eligibility"),
    ("evidence", "evidence"),
    ("negotiate", "negotiation"),
    ("appeal", "appeal"),
    ("escalate", "escalation"),
    ("prevention", ""),
]

# Every fact of the fact sheet must reach the reader: drop one and a case fails.
FACTS = [
    # Part 1: the words, and what can and cannot be refunded.
    ("refundable", "卡盟"),
    ("refundable", "虚拟商品的网上交易市场"),
    ("refundable", "游戏点卡、充值卡"),
    ("refundable", "软件授权、激活码"),
    ("refundable", "账号服务、会员"),
    ("refundable", "卡号加密码"),
    ("refundable", "开店卖东西的人"),
    ("refundable", "卡盟网站本身"),
    ("refundable", "走错一步"),
    ("refundable", "1 小时内到账"),
    ("refundable", "24 小时还没收到"),
    ("refundable", "终身VIP"),
    ("refundable", "短期试用"),
    ("refundable", "已被使用"),
    ("refundable", "运行不了"),
    ("refundable", "用不上"),
    ("refundable", "太贵"),
    ("refundable", "无理由退款"),
    ("refundable", "无限复制"),
    ("refundable", "通行做法"),
    ("refundable", "特殊商品不退换"),
    ("refundable", "二手账号"),
    ("refundable", "定制服务"),
    ("refundable", "不支持退款"),
    ("refundable", "伪造发货记录"),
    ("refundable", "《消费者权益保护法》"),
    ("refundable", "可能是无效的"),
    ("refundable", "第二十四条"),
    ("refundable", "第二十五条"),
    ("refundable", "数字化商品"),
    ("refundable", "第二十六条"),
    ("refundable", "格式条款"),
    # Part 2: evidence.
    ("evidence", "证据是所有退款请求的核心"),
    ("evidence", "证据链"),
    ("evidence", "交易记录"),
    ("evidence", "订单号"),
    ("evidence", "商品名称"),
    ("evidence", "商家ID"),
    ("evidence", "金额"),
    ("evidence", "下单时间"),
    ("evidence", "沟通记录"),
    ("evidence", "旺旺"),
    ("evidence", "QQ"),
    ("evidence", "15 分钟内激活"),
    ("evidence", "2 小时后"),
    ("evidence", "商品失效证明"),
    ("evidence", "录屏"),
    ("evidence", "即时性"),
    ("evidence", "完整性"),
    ("evidence", "别删聊天记录"),
    ("evidence", "状态栏的时间"),
    ("evidence", "时间水印"),
    ("evidence", "区块链存证"),
    # Part 3: negotiation.
    ("negotiate", "先协商，再申诉"),
    ("negotiate", "驳回"),
    ("negotiate", "三步法"),
    ("negotiate", "订单号"),
    ("negotiate", "已被使用"),
    ("negotiate", "《虚拟商品售后条例》"),
    ("negotiate", "24 小时内退款"),
    ("negotiate", "48 小时"),
    ("negotiate", "都是举例用的"),
    ("negotiate", "17:00"),
    ("negotiate", "否则我将向平台申诉"),
    ("negotiate", "卡密已发放，无法回收"),
    ("negotiate", "发货记录"),
    ("negotiate", "唯一标识"),
    ("negotiate", "发货日志"),
    ("negotiate", "假发货"),
    ("negotiate", "差评"),
    ("negotiate", "恶意维权"),
    # Part 4: the platform appeal.
    ("appeal", "尽快"),
    ("appeal", "订单详情 → 退款纠纷"),
    ("appeal", "订单截图"),
    ("appeal", "问题描述"),
    ("appeal", "沟通记录"),
    ("appeal", "失效证明"),
    ("appeal", "申诉说明"),
    ("appeal", "请平台介入并退款"),
    ("appeal", "卡密使用日志"),
    ("appeal", "系统发货记录"),
    ("appeal", "是在你收到它之前"),
    ("appeal", "用掉卡密的账号不是你的"),
    ("appeal", "充值记录、使用记录"),
    ("appeal", "举证责任分配"),
    ("appeal", "后台数据在商家手里"),
    # Part 5: outside channels.
    ("escalate", "12315"),
    ("escalate", "全国12315平台"),
    ("escalate", "消费者协会"),
    ("escalate", "市场监督管理部门"),
    ("escalate", "www.12315.cn"),
    ("escalate", "手机 App"),
    ("escalate", "微信小程序"),
    ("escalate", "7 个工作日内决定受理还是不受理"),
    ("escalate", "一次投诉只写一件事"),
    ("escalate", "超过 3 年才投诉的，不予受理"),
    ("escalate", "商家信息"),
    ("escalate", "平台的处理结果"),
    ("escalate", "黑猫投诉"),
    ("escalate", "tousu.sina.com.cn"),
    ("escalate", "舆论压力"),
    ("escalate", "公安机关报案"),
    ("escalate", "500 元"),
    ("escalate", "洗钱"),
    ("escalate", "非法销售"),
    ("escalate", "犯罪"),
    ("escalate", "马上打 110"),
    ("escalate", "96110 反诈专线"),
    ("escalate", "国家反诈中心 App"),
    ("escalate", "微信支付、支付宝"),
    ("escalate", "联系你的银行"),
    ("escalate", "第二十四条"),
    ("escalate", "第二十五条"),
    ("escalate", "第二十六条"),
    ("escalate", "很慢"),
    ("escalate", "几十元"),
    ("escalate", "成本"),
    # Part 6: prevention.
    ("prevention", "商家信誉"),
    ("prevention", "金牌商家"),
    ("prevention", "平台认证商家"),
    ("prevention", "退款政策"),
    ("prevention", "发货时效"),
    ("prevention", "微信转账"),
    ("prevention", "支付保障"),
    ("prevention", "懂规则、留证据、善沟通"),
]

# Markdown that failed to render (e.g. a list glued to the paragraph above it).
MARKDOWN_LEFTOVER = re.compile(r"\*\*|##|\]\(|(^|\n)\s*([-*+]|\d+\.)\s")


def _page(client, slug: str) -> str:
    response = client.get(f"/guide/{slug}/")
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(("slug", "fact"), FACTS)
def test_published_part_states_the_fact(client, seeded_guide, slug, fact):
    assert fact in _page(client, slug)


def test_fact_list_covers_every_part_and_is_long_enough():
    assert len(FACTS) >= 60
    assert {slug for slug, _ in FACTS} == {slug for slug, _ in SEEDED}


def test_six_parts_are_published_in_order_with_their_wizard_stages(seeded_guide):
    assert [(part.slug, part.wizard_stage) for part in seeded_guide] == SEEDED
    assert [part.order for part in seeded_guide] == [1, 2, 3, 4, 5, 6]
    for part in seeded_guide:
        # 0003_correct_guide.py dates and explains its correction of every seeded part.
        assert part.updated_on == datetime.date(2026, 12, 2)
        assert part.change_note and part.change_note != "首次发布"
        assert 0 < len(part.summary) <= 160


def test_contents_lists_every_summary_in_guide_order(client, seeded_guide):
    html = client.get("/guide/").content.decode()
    positions = [html.index(part.get_absolute_url()) for part in seeded_guide]
    assert positions == sorted(positions)
    for part in seeded_guide:
        assert part.summary in html


def test_each_part_links_to_the_previous_and_next_part(client, seeded_guide):
    for index, part in enumerate(seeded_guide):
        html = _page(client, part.slug)
        prev_link = re.search(r'<a [^>]*href="([^"]+)" rel="prev"', html)
        next_link = re.search(r'<a [^>]*href="([^"]+)" rel="next"', html)
        if index == 0:
            assert prev_link is None
        else:
            assert prev_link.group(1) == seeded_guide[index - 1].get_absolute_url()
        if index == len(seeded_guide) - 1:
            assert next_link is None
        else:
            assert next_link.group(1) == seeded_guide[index + 1].get_absolute_url()


def test_each_part_has_in_page_contents_and_no_raw_markdown(client, seeded_guide):
    for part in seeded_guide:
        html = _page(client, part.slug)
        assert part.toc, part.slug
        assert 'aria-label="本章目录"' in html
        for entry in part.toc:
            assert f'href="#{entry["id"]}"' in html
            assert f'id="{entry["id"]}"' in html
        assert not MARKDOWN_LEFTOVER.search(part.body_html), part.slug
        assert "**" not in html and "##" not in html


def test_each_stage_part_says_the_wizard_does_this_step(seeded_guide):
    for part in seeded_guide:
        if part.wizard_stage:
            assert f"向导的“{part.get_wizard_stage_display()}”一步" in part.body_html
        else:
            assert "向导的“" not in part.body_html


def test_prevention_ends_with_the_whole_guide_in_one_line(seeded_guide):
    assert seeded_guide[-1].body_html.rstrip().endswith("<p>懂规则、留证据、善沟通。</p>")


def test_each_seeded_part_has_its_seed_and_its_correction_in_history(seeded_guide):
    for part in seeded_guide:
        correction, first = part.history.all()  # newest first
        assert first.history_type == "+"
        assert first.title == part.title
        assert first.change_note == "首次发布"
        assert correction.history_type == "~"
        assert correction.body_html == part.body_html
        assert correction.change_note == part.change_note


# Marks, not request.getfixturevalue("db"): pytest-django creates only the test databases
# that collected tests declare, so a database requested from inside a test run on its
# own reached the real (on CI missing) PostgreSQL database.
@pytest.mark.parametrize(
    "database",
    [
        pytest.param("db", marks=pytest.mark.django_db),
        pytest.param("transactional_db", marks=pytest.mark.django_db(transaction=True)),
    ],
)
def test_seeded_guide_fixture_reseeds_after_a_flush(request, database):
    # Only the `db` variant runs inside the test case's transaction.
    assert connection.in_atomic_block is (database == "db")
    # What a live-server test's teardown leaves behind: empty tables.
    GuidePart.history.all().delete()
    GuidePart.objects.all().delete()
    parts = request.getfixturevalue("seeded_guide")
    assert [part.slug for part in parts] == [slug for slug, _ in SEEDED]
    assert GuidePart.history.filter(history_type="+", kind="chapter").count() == 6


def _migrate(targets) -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(targets)


def _models_at(target: tuple[str, str]):
    """Return GuidePart and its history as they are at a migration: later fields are absent."""
    state = MigrationExecutor(connection).loader.project_state(target)
    return state.apps.get_model("guide", "GuidePart"), state.apps.get_model(
        "guide", "HistoricalGuidePart"
    )


def test_migrate_seeds_the_guide_and_unmigrate_removes_the_seed(transactional_db):
    try:
        _migrate([("guide", "0001_initial")])
        part_model, history_model = _models_at(("guide", "0001_initial"))
        assert not part_model.objects.exists()
        assert not history_model.objects.exists()

        _migrate([("guide", "0002_seed_guide")])
        part_model, history_model = _models_at(("guide", "0002_seed_guide"))
        parts = list(part_model.objects.filter(published=True).order_by("order"))
        assert [part.slug for part in parts] == [slug for slug, _ in SEEDED]
        assert all(part.body_html.startswith("<h2 ") and part.toc for part in parts)
        assert history_model.objects.filter(history_type="+").count() == 6
    finally:
        # Leave the schema as every other test expects it: fully migrated.
        executor = MigrationExecutor(connection)
        _migrate(executor.loader.graph.leaf_nodes())
