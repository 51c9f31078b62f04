"""Every page of a fully filled case fits in three phone screens (issue 14).

A realistic case: every step 1 answer, four evidence files, two messages to the seller
(one refused with the seller's words), an appeal rejected by the platform, and a 12315
complaint. Each page is opened at 360 × 800 and measured as the buyer first sees it.
"""

import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from tests.browser.helpers import assert_accessible, assert_no_horizontal_scroll, signed_in

pytestmark = [pytest.mark.browser, pytest.mark.sections_as_served]

SCREEN = {"width": 360, "height": 800}
TALLEST = 3 * SCREEN["height"]  # 2,400 px


def _photo(width: int, height: int) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (40, 90, 160)).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def filled_case(transactional_db, guide_parts):
    from cases.choices import Channel, EscalationOutcome, Stage
    from cases.selectors.case import stage_state
    from cases.services import appeal as appeal_services
    from cases.services import escalation as escalation_services
    from cases.services import negotiation as negotiation_services
    from cases.services.case import case_create
    from cases.services.eligibility import eligibility_save
    from cases.services.evidence import evidence_item_add, transaction_record_save

    user = get_user_model().objects.create_user(username="buyer", password="Kameng-2026-pw")
    case = case_create(owner=user, product_name="王者荣耀 100 元点卡", platform_name="某卡盟")
    now = timezone.now()
    eligibility_save(
        case=case,
        answers={
            "goods_kind": "game_card",
            "problems": ["invalid_code"],
            "code_symptom": "used",
            "no_refund_notice": True,
            "fraud_signs": False,
            "payment_method": "platform",
            "amount": Decimal("100.00"),
            "order_number": "KM20261120-0088",
            "seller_id": "shop8888",
            "ordered_at": now - timedelta(days=4),
            "noticed_at": now - timedelta(days=4) + timedelta(minutes=5),
            "remedy": "refund",
            "first_used_by": "不是我的账号 8812****",
        },
        version=0,
    )
    # Step 1 keeps only its own answers: the order number and seller are step 2's 交易记录.
    transaction_record_save(
        case=case,
        fields={"order_number": "KM20261120-0088", "seller_id": "shop8888"},
        version=stage_state(case=case, stage=Stage.EVIDENCE).version,
    )
    for minutes, (kind, description, size) in enumerate(
        (
            ("transaction", "订单详情页截图，订单号和金额清楚可见", (1080, 2340)),
            ("failure", "输入卡密后提示“已被使用”的截图，带状态栏时间", (1080, 2340)),
            ("communication", "和商家的聊天记录，商家说卡密已发放，无法回收", (1080, 2340)),
            ("other", "支付宝付款记录", (1080, 1920)),
        )
    ):
        evidence_item_add(
            case=case,
            kind=kind,
            description=description,
            occurred_at=now - timedelta(days=4) + timedelta(minutes=minutes * 10),
            upload=SimpleUploadedFile("shot.png", _photo(*size)),
        )
    first = negotiation_services.attempt_log(
        case=case,
        sent_at=now - timedelta(days=3, hours=20),
        deadline=now - timedelta(days=3, hours=13),
        message="你好。我在贵店买了王者荣耀 100 元点卡，订单号KM20261120-0088。" * 3,
    )
    negotiation_services.attempt_outcome_save(
        attempt=first,
        values={"seller_answer": "卡密已发放，无法回收。", "outcome": "refused"},
        version=stage_state(case=case, stage=Stage.NEGOTIATION).version,
    )
    negotiation_services.attempt_log(
        case=case,
        sent_at=now - timedelta(days=3, hours=10),
        deadline=now - timedelta(days=3),
        message="你说卡密已经发放，请提供发货记录和这张卡密的唯一标识。" * 2,
    )
    appeal = appeal_services.appeal_record_add(
        case=case,
        submitted_at=now - timedelta(days=2),
        ticket_number="GD20261122-31",
        statement="订单号KM20261120-0088，商品王者荣耀 100 元点卡：输入卡密后提示已被使用。" * 3,
        version=stage_state(case=case, stage=Stage.APPEAL).version,
    )
    appeal_services.appeal_outcome_update(
        record=appeal,
        outcome="rejected",
        version=stage_state(case=case, stage=Stage.APPEAL).version,
    )
    escalation_services.escalation_record_add(
        case=case,
        channel=Channel.C12315,
        filed_on=timezone.localdate(),
        reference="1231500001",
        outcome=EscalationOutcome.PENDING,
    )
    return user, case


PAGES = [
    "/cases/",
    "/cases/{id}/",
    "/cases/{id}/check/",
    "/cases/{id}/eligibility/",
    "/cases/{id}/evidence/",
    "/cases/{id}/negotiation/",
    "/cases/{id}/appeal/",
    "/cases/{id}/appeal/print/",
    "/cases/{id}/escalation/",
]


def test_every_page_of_a_filled_case_fits_three_phone_screens(
    new_context, live_server, filled_case
):
    user, case = filled_case
    context = new_context(viewport=SCREEN)
    signed_in(context, user, live_server)
    page = context.new_page()
    heights = {}
    for path in PAGES:
        url = path.format(id=case.pk)
        page.goto(f"{live_server.url}{url}")
        heights[path] = page.evaluate("document.documentElement.scrollHeight")
        assert_no_horizontal_scroll(page, SCREEN["width"])
        assert_accessible(page, path)
    too_tall = {path: height for path, height in heights.items() if height > TALLEST}
    assert not too_tall, f"taller than {TALLEST} px at 360 × 800: {too_tall}"
