"""Realistically filled cases for the benchmark and the tests that measure whole pages.

`filled_case(user)` is one buyer's case as it stands after the whole wizard: every step 1
answer, four evidence files, two messages to the seller (one refused with the seller's
words), an appeal the platform rejected and a 12315 complaint. `grow_case(case, ...)` gives a
case more negotiation attempts and evidence items, for the per-record growth row.
`answered_case(user)` and `told_seller_case(user)` are cases part of the way through (step 1
alone; one message sent), for the tests that measure pages as buyers leave them.

Run as a script with the server's environment, it signs up one buyer with three cases —
filled, small (one attempt, one item) and large (20 attempts, 50 items) — and prints their
ids and the buyer's password as JSON: `python bench/filled.py`.
"""

import io
import json
import os
import secrets
import sys
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GROWN_ATTEMPTS = 20
GROWN_ITEMS = 50


def photo(width: int, height: int) -> bytes:
    """A plain PNG of the size a phone screenshot has."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (40, 90, 160)).save(buffer, "PNG")
    return buffer.getvalue()


def step_1_answers() -> dict:
    """Return step 1 as a realistic buyer answers it: a 王者荣耀 card bought on the platform
    four days ago, its code 已被使用, a full refund wanted."""
    from django.utils import timezone

    now = timezone.now()
    return {
        "goods_kind": "game_card",
        "problems": ["invalid_code"],
        "code_symptom": "used",
        "no_refund_notice": True,
        "fraud_signs": False,
        "payment_method": "platform",
        "amount": Decimal("100.00"),
        "ordered_at": now - timedelta(days=4),
        "noticed_at": now - timedelta(days=4) + timedelta(minutes=5),
        "remedy": "refund",
    }


def answered_case(user, **answers):
    """Return a new case of `user` as it stands after step 1 alone (step_1_answers, with
    `answers` replacing or adding some: payment_method="private", problems=["not_needed"] …)."""
    from cases.services.case import case_create
    from cases.services.eligibility import eligibility_save

    case = case_create(owner=user, product_name="王者荣耀 100 元点卡", platform_name="某卡盟")
    eligibility_save(case=case, answers=step_1_answers() | answers, version=0)
    return case


def told_seller_case(user, *, refused: bool = True, **answers):
    """Return answered_case (with `answers`) and one message sent to the seller two days ago,
    its deadline passed a day ago: refused in the seller's words (卡密已发放，无法回收), or
    not answered yet."""
    from django.utils import timezone

    from cases.choices import Stage
    from cases.selectors.case import stage_state
    from cases.services import negotiation as negotiation_services

    case = answered_case(user, **answers)
    now = timezone.now()
    attempt = negotiation_services.attempt_log(
        case=case,
        sent_at=now - timedelta(days=2),
        deadline=now - timedelta(days=1),
        message="你好，请退款。",
    )
    if refused:
        negotiation_services.attempt_outcome_save(
            attempt=attempt,
            values={"seller_answer": "卡密已发放，无法回收。", "outcome": "refused"},
            version=stage_state(case=case, stage=Stage.NEGOTIATION).version,
        )
    return case


def filled_case(user, *, attempts: int = 2, items: int = 4):
    """Return a new case of `user` with every stage filled as a real buyer would."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from cases.choices import Channel, EscalationOutcome, Stage
    from cases.selectors.case import stage_state
    from cases.services import appeal as appeal_services
    from cases.services import escalation as escalation_services
    from cases.services import negotiation as negotiation_services
    from cases.services.evidence import evidence_item_add, transaction_record_save

    case = answered_case(
        user,
        order_number="KM20261120-0088",
        seller_id="shop8888",
        first_used_by="不是我的账号 8812****",
    )
    now = timezone.now()
    # Step 1 keeps only its own answers: the order number and seller are step 2's 交易记录.
    transaction_record_save(
        case=case,
        fields={"order_number": "KM20261120-0088", "seller_id": "shop8888"},
        version=stage_state(case=case, stage=Stage.EVIDENCE).version,
    )
    shots = (
        ("transaction", "订单详情页截图，订单号和金额清楚可见", (1080, 2340)),
        ("failure", "输入卡密后提示“已被使用”的截图，带状态栏时间", (1080, 2340)),
        ("communication", "和商家的聊天记录，商家说卡密已发放，无法回收", (1080, 2340)),
        ("other", "支付宝付款记录", (1080, 1920)),
    )
    pictures = {size: photo(*size) for _, _, size in shots}
    for number in range(items):
        kind, description, size = shots[number % len(shots)]
        evidence_item_add(
            case=case,
            kind=kind,
            description=description if number < len(shots) else f"{description}（{number + 1}）",
            occurred_at=now - timedelta(days=4) + timedelta(minutes=number * 10),
            upload=SimpleUploadedFile("shot.png", pictures[size]),
        )
    for number in range(attempts - 1):
        earlier = negotiation_services.attempt_log(
            case=case,
            sent_at=now - timedelta(days=3, hours=20) + timedelta(minutes=number),
            deadline=now - timedelta(days=3, hours=13),
            message="你好。我在贵店买了王者荣耀 100 元点卡，订单号KM20261120-0088。" * 3,
        )
        negotiation_services.attempt_outcome_save(
            attempt=earlier,
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
    return case


def main() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model

    password = secrets.token_urlsafe(16)
    user = get_user_model().objects.create_user(
        username=f"bench-{secrets.token_hex(4)}", password=password
    )
    cases = {
        "filled": filled_case(user),
        "small": filled_case(user, attempts=1, items=1),
        "large": filled_case(user, attempts=GROWN_ATTEMPTS, items=GROWN_ITEMS),
    }
    print(
        json.dumps(
            {
                "username": user.username,
                "password": password,
                "cases": {name: str(case.pk) for name, case in cases.items()},
            }
        )
    )


if __name__ == "__main__":
    main()
