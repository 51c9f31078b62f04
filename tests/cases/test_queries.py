"""The dashboard and the overview cost the same number of queries however much a user has."""

import pytest

from cases.models import CaseEvent, EvidenceItem, StageState
from cases.services.evidence import evidence_item_add
from tests.queries import count_queries


def _queries(client, url: str) -> int:
    return count_queries(client, url)


def _grow(user, make_case, first_case) -> None:
    """Give the user 30 cases in all, 50 evidence items and 200 events on the first."""
    cases = [first_case] + [make_case(owner=user, product_name=f"点卡 {n}") for n in range(29)]
    StageState.objects.bulk_create(
        [
            StageState(case=case, stage=stage, status="in_progress")
            for case in cases
            for stage in ("eligibility", "evidence")
        ],
        ignore_conflicts=True,
    )
    EvidenceItem.objects.bulk_create(
        [
            EvidenceItem(case=first_case, kind="communication", description=f"聊天 {n}")
            for n in range(49)
        ]
    )
    CaseEvent.objects.bulk_create(
        [CaseEvent(case=first_case, message=f"事件 {n}") for n in range(200)]
    )


def test_dashboard_query_count_is_constant(user_client, user, make_case, django_assert_num_queries):
    case = make_case(owner=user)
    evidence_item_add(case=case, kind="transaction", description="订单截图")
    small = _queries(user_client, "/cases/")
    _grow(user, make_case, case)
    with django_assert_num_queries(small):
        response = user_client.get("/cases/")
    assert response.content.decode().count('class="kr-card"') == 30


def test_overview_query_count_is_constant(user_client, user, make_case, django_assert_num_queries):
    case = make_case(owner=user)
    evidence_item_add(case=case, kind="transaction", description="订单截图")
    url = f"/cases/{case.pk}/"
    small = _queries(user_client, url)
    _grow(user, make_case, case)
    with django_assert_num_queries(small):
        response = user_client.get(url)
    html = response.content.decode()
    assert "事件 199" in html and "50 条" in html


def test_evidence_page_query_count_is_constant(
    user_client, user, make_case, django_assert_num_queries
):
    case = make_case(owner=user)
    evidence_item_add(case=case, kind="transaction", description="订单截图")
    url = f"/cases/{case.pk}/evidence/"
    small = _queries(user_client, url)
    _grow(user, make_case, case)
    with django_assert_num_queries(small):
        user_client.get(url)


def test_eligibility_page_query_count_is_constant(
    user_client, user, make_case, django_assert_num_queries
):
    case = make_case(owner=user, problems=["invalid_code"], goods_kind="game_card")
    url = f"/cases/{case.pk}/eligibility/"
    small = _queries(user_client, url)
    _grow(user, make_case, case)
    with django_assert_num_queries(small):
        response = user_client.get(url)
    assert "可以申请退款" in response.content.decode()


def _records(case, count: int) -> None:
    """Give the case `count` negotiation attempts, appeals, filings and pieces of evidence."""
    from datetime import date, timedelta

    from django.utils import timezone

    from cases.models import AppealRecord, EscalationRecord, NegotiationAttempt

    now = timezone.now()
    NegotiationAttempt.objects.bulk_create(
        [
            NegotiationAttempt(
                case=case,
                sent_at=now - timedelta(days=30 - n),
                deadline=now - timedelta(days=29 - n),
                message=f"第 {n} 次消息",
                seller_answer="卡密已发放，无法回收",
                outcome="refused",
            )
            for n in range(count)
        ]
    )
    AppealRecord.objects.bulk_create(
        [
            AppealRecord(
                case=case,
                submitted_at=now - timedelta(days=20 - n % 20),
                ticket_number=f"GD{n}",
                statement="申诉说明",
                outcome="rejected",
            )
            for n in range(count)
        ]
    )
    EscalationRecord.objects.bulk_create(
        [
            EscalationRecord(
                case=case, channel="12315", filed_on=date(2026, 11, 1), reference=f"R{n}"
            )
            for n in range(count)
        ]
    )
    EvidenceItem.objects.bulk_create(
        [
            EvidenceItem(case=case, kind="communication", description=f"聊天 {n}")
            for n in range(count)
        ]
    )


PRIVATE_PAGES = [
    "",
    "?all=1",  # the whole timeline
    "check/",
    "eligibility/",
    "evidence/",
    "evidence/?all=1",  # every item, not the newest of each kind
    "negotiation/",
    "negotiation/?all=1",  # every attempt, not the latest
    "appeal/",
    "appeal/?all=1",  # every file of the package
    "appeal/print/",
    "escalation/",
]


@pytest.mark.parametrize("page", PRIVATE_PAGES)
def test_every_private_page_costs_the_same_queries_with_1_and_20_records(
    user_client, user, make_case, django_assert_num_queries, page
):
    one = make_case(owner=user, problems=["invalid_code"], goods_kind="game_card")
    _records(one, 1)
    many = make_case(owner=user, problems=["invalid_code"], goods_kind="game_card")
    _records(many, 20)
    small = _queries(user_client, f"/cases/{one.pk}/{page}")
    with django_assert_num_queries(small):
        response = user_client.get(f"/cases/{many.pk}/{page}")
    assert response.status_code == 200
