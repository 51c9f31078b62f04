"""Outcome figures for readers (issue 17): how many finished cases got money back at each
step, on the home page and guide part 5, only for groups of at least 20 cases, with the day
they were counted — and never disagreeing with the guide's page cache.
"""

import datetime

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from cases.choices import (
    AppealOutcome,
    Channel,
    EscalationOutcome,
    NegotiationOutcome,
    Resolution,
)
from cases.models import AppealRecord, Case, EscalationRecord, NegotiationAttempt
from cases.rules.statistics import MIN_GROUP, OutcomeGroup, StepFigure, outcome_figures
from cases.selectors.statistics import reader_figures
from cases.wording import day

# The rule: pure counting over the same grouped rows as the editors' numbers.

CHANNELS = ("negotiation", "appeal", *Channel.values)


def latest(count: int, **outcomes: str) -> OutcomeGroup:
    """count cases whose latest outcome in each named channel is given (others: nothing)."""
    names = {"c12315": "12315"}
    given = {names.get(key, key): value for key, value in outcomes.items()}
    return OutcomeGroup(tuple((code, given.get(code)) for code in CHANNELS), count)


def test_a_step_tried_by_fewer_than_twenty_finished_cases_is_not_shown():
    assert MIN_GROUP == 20
    groups = [
        latest(12, negotiation=NegotiationOutcome.REFUNDED),
        latest(7, negotiation=NegotiationOutcome.REFUSED),
    ]
    assert outcome_figures(groups) == ()
    groups.append(latest(1, negotiation=NegotiationOutcome.NO_ANSWER))
    assert outcome_figures(groups) == (StepFigure("negotiation", "和商家协商", 20, 12),)


def test_each_step_counts_the_cases_that_tried_it_and_got_money_back_there():
    groups = [
        # Refunded by the seller (in full or in part): money back at negotiation.
        latest(15, negotiation=NegotiationOutcome.REFUNDED),
        latest(5, negotiation=NegotiationOutcome.PARTLY_REFUNDED),
        # The seller refused, the platform refunded.
        latest(12, negotiation=NegotiationOutcome.REFUSED, appeal=AppealOutcome.REFUNDED),
        # Refused, rejected, and 12315 or 黑猫 resolved it; one case used both channels.
        latest(
            8,
            negotiation=NegotiationOutcome.REFUSED,
            appeal=AppealOutcome.REJECTED,
            c12315=EscalationOutcome.RESOLVED,
        ),
        latest(
            1,
            negotiation=NegotiationOutcome.NO_ANSWER,
            appeal=AppealOutcome.NO_ANSWER,
            c12315=EscalationOutcome.REJECTED,
            heimao=EscalationOutcome.RESOLVED,
        ),
        # Went straight outside and got nothing.
        latest(11, police=EscalationOutcome.PENDING),
        # Never logged a step: counted nowhere.
        latest(40),
    ]
    assert outcome_figures(groups) == (
        StepFigure("negotiation", "和商家协商", 41, 20),
        StepFigure("appeal", "平台申诉", 21, 12),
        StepFigure("outside", "外部维权（12315、黑猫投诉、报警）", 20, 9),
    )


def test_the_minimum_applies_to_each_step_alone():
    groups = [latest(25, negotiation=NegotiationOutcome.REFUSED, appeal=AppealOutcome.REFUNDED)]
    steps = outcome_figures(groups)
    assert [step.step for step in steps] == ["negotiation", "appeal"]
    assert outcome_figures(groups, min_group=26) == ()


# The counting, against the database.


@pytest.fixture(autouse=True)
def fresh_figures():
    cache.clear()
    yield
    cache.clear()


def _finished(
    count: int,
    *,
    negotiation: str | None = None,
    appeal: str | None = None,
    channel: str | None = None,
    escalation: str = EscalationOutcome.PENDING,
    resolution: str = Resolution.REFUNDED,
    resolved_at: datetime.datetime | None = None,
) -> None:
    """Make count cases finished with these latest outcomes (yesterday, unless given)."""
    now = timezone.now()
    resolved_at = resolved_at or now - datetime.timedelta(days=1)
    cases = Case.objects.bulk_create(
        Case(session_key="gone", resolution=resolution, resolved_at=resolved_at)
        for _ in range(count)
    )
    if negotiation:
        NegotiationAttempt.objects.bulk_create(
            NegotiationAttempt(case=case, sent_at=now, outcome=negotiation) for case in cases
        )
    if appeal:
        AppealRecord.objects.bulk_create(
            AppealRecord(case=case, submitted_at=now, outcome=appeal) for case in cases
        )
    if channel:
        EscalationRecord.objects.bulk_create(
            EscalationRecord(case=case, channel=channel, filed_on=now.date(), outcome=escalation)
            for case in cases
        )


@pytest.mark.django_db
def test_only_cases_finished_before_today_are_counted_and_the_day_is_given():
    _finished(14, negotiation=NegotiationOutcome.REFUNDED)
    _finished(6, negotiation=NegotiationOutcome.REFUSED, resolution=Resolution.GAVE_UP)
    _finished(3, negotiation=NegotiationOutcome.REFUNDED, resolved_at=timezone.now())  # today
    Case.objects.bulk_create(Case(session_key="open") for _ in range(30))  # still open
    NegotiationAttempt.objects.bulk_create(
        NegotiationAttempt(case=case, sent_at=timezone.now(), outcome=NegotiationOutcome.REFUNDED)
        for case in Case.objects.filter(session_key="open")
    )
    figures = reader_figures()
    assert figures.counted_on == timezone.localdate()
    assert figures.steps == (StepFigure("negotiation", "和商家协商", 20, 14),)


@pytest.mark.django_db
def test_the_figures_are_counted_once_a_day(django_assert_num_queries, monkeypatch):
    _finished(20, negotiation=NegotiationOutcome.REFUNDED)
    with django_assert_num_queries(1):
        first = reader_figures()
    _finished(5, negotiation=NegotiationOutcome.REFUSED)
    with django_assert_num_queries(0):
        assert reader_figures() == first  # the same all day, on every page

    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: tomorrow)
    with django_assert_num_queries(1):
        counted = reader_figures()
    assert counted.counted_on == tomorrow
    assert counted.steps == (StepFigure("negotiation", "和商家协商", 25, 20),)


# The pages.

FIGURES_TITLE = "别的买家在哪一步拿回了钱"


@pytest.fixture
def guide(seeded_guide):
    return {part.wizard_stage: part for part in seeded_guide}


@pytest.mark.django_db
def test_home_and_guide_part_5_show_the_figures_with_their_day(guide):
    _finished(20, negotiation=NegotiationOutcome.REFUSED, appeal=AppealOutcome.REFUNDED)
    escalate = guide["escalation"].get_absolute_url()
    for url in ("/", escalate):
        html = Client().get(url).content.decode()
        assert FIGURES_TITLE in html, url
        assert "平台申诉</strong>：试过的 20 个案件里，20 个在这一步拿回了钱" in html
        assert "和商家协商</strong>：试过的 20 个案件里，0 个" in html
        assert "外部维权" not in html.split(FIGURES_TITLE, 1)[1].split("</ul>", 1)[0]
        assert f'统计日期 <time datetime="{timezone.localdate():%Y-%m-%d}">' in html
        assert day(timezone.localdate()) in html
    for stage in ("eligibility", "negotiation", "appeal"):
        assert FIGURES_TITLE not in Client().get(guide[stage].get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_nineteen_finished_cases_show_no_figures_at_all(guide):
    _finished(19, negotiation=NegotiationOutcome.REFUNDED, appeal=AppealOutcome.REFUNDED)
    _finished(19, channel=Channel.POLICE, escalation=EscalationOutcome.RESOLVED)
    for url in ("/", guide["escalation"].get_absolute_url()):
        html = Client().get(url).content.decode()
        assert FIGURES_TITLE not in html and "个案件里" not in html


@pytest.mark.django_db
def test_a_cached_guide_page_shows_the_same_figures_as_a_fresh_one(guide, user_client):
    """Visitors without a session get the guide's page cache; readers with one, a fresh page.
    Both show the day's figures: cases finished today wait for tomorrow's count."""
    _finished(20, negotiation=NegotiationOutcome.REFUNDED)
    url = guide["escalation"].get_absolute_url()

    def figures(html: str) -> str:
        return html.split(FIGURES_TITLE, 1)[1].split("</section>", 1)[0]

    cached = figures(Client().get(url).content.decode())
    _finished(7, negotiation=NegotiationOutcome.REFUSED, resolved_at=timezone.now())
    cache.clear()  # as on another worker that counts for the first time today
    fresh = figures(user_client.get(url).content.decode())
    assert fresh == cached
    assert "试过的 20 个案件里，20 个" in fresh
