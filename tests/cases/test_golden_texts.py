"""Every text the wizard writes, for realistic cases, compared verbatim with reviewed files.

A golden file is read aloud as the buyer would before it is committed. After a
deliberate wording change, regenerate with GOLDEN_UPDATE=1 and review the diff:

    GOLDEN_UPDATE=1 .venv/bin/pytest tests/cases/test_golden_texts.py
"""

import os
from pathlib import Path

import pytest

from cases.choices import PaymentMethod
from cases.rules.negotiation import FOLLOW_UP_OUTCOMES
from cases.texts import appeal as appeal_texts
from cases.texts.defaults import DEFAULTS
from cases.texts.escalation import all_complaints
from cases.texts.negotiation import (
    answers_issued,
    follow_up_values,
    for_seller,
    message_values,
    rule_text,
    template_key,
)
from cases.texts.placeholders import fill
from cases.texts.values import case_values
from tests.cases.texts_scenarios import SCENARIOS, Scenario

GOLDEN = Path(__file__).parent / "golden"


def generated_texts(scenario: Scenario) -> dict[str, str]:
    """Return every text the wizard writes for the scenario, by title, in page order."""
    facts = scenario.facts
    # Every message is one the page writes now, after everything on record: its deadline is
    # the scenario's, later than every record (texts_scenarios.NOW_DEADLINE).
    values = message_values(
        facts,
        rule=scenario.rule,
        custom_name=scenario.rule_name,
        custom_promise=scenario.rule_promise,
        deadline=scenario.deadline,
    )
    texts = {"协商消息": fill(DEFAULTS[template_key(facts)].body, values)}
    latest = facts.negotiations[-1] if facts.negotiations else None
    if latest and latest.outcome in FOLLOW_UP_OUTCOMES:
        follow_up = follow_up_values(facts, attempt=latest, deadline=scenario.deadline)
        key = for_seller("negotiation_follow_up", facts)
        texts["跟进消息"] = fill(DEFAULTS[key].body, follow_up)
    if latest and answers_issued(latest.seller_answer):
        key = for_seller("negotiation_reply_issued", facts)
        texts["回复“卡密已发放”"] = fill(DEFAULTS[key].body, values)
    if facts.payment_method != PaymentMethod.PRIVATE:
        rule = rule_text(
            scenario.rule, custom_name=scenario.rule_name, custom_promise=scenario.rule_promise
        )
        statement = appeal_texts.statement_from(DEFAULTS["appeal_statement"].body, facts, rule=rule)
        texts["申诉说明"] = statement
        texts["问题描述.txt"] = appeal_texts.problem_description(facts, statement=statement)
    for complaint in all_complaints(facts).values():
        for entry in complaint.fields:
            texts[f"{complaint.name} · {entry.label}"] = entry.text
    return texts


def golden_text(scenario: Scenario) -> str:
    parts = [
        f"== {title} ==\n{text.rstrip()}\n" for title, text in generated_texts(scenario).items()
    ]
    return "\n".join(parts)


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.name)
def test_generated_texts_match_the_reviewed_golden_file(scenario, settings):
    settings.POLICE_AMOUNT_THRESHOLD = "500"
    settings.SMALL_CLAIM_LIMIT = "100"
    path = GOLDEN / f"{scenario.name}.txt"
    text = golden_text(scenario)
    if os.environ.get("GOLDEN_UPDATE"):
        GOLDEN.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"no golden file: run GOLDEN_UPDATE=1 and review {path.name}"
    assert text == path.read_text(encoding="utf-8")


def test_there_is_a_golden_file_for_every_scenario_and_no_other():
    assert len(SCENARIOS) >= 12
    assert sorted(p.stem for p in GOLDEN.glob("*.txt")) == sorted(s.name for s in SCENARIOS)


def test_every_scenario_that_gives_every_fact_has_no_missing_mark():
    complete = SCENARIOS[0]  # the used-code buyer gave us everything the texts need
    for title, text in generated_texts(complete).items():
        if "黑猫" in title or "报案" in title or "12315" in title:
            continue  # the respondent's legal name is asked only in stage 5
        assert "待补充" not in text, title
    assert case_values(complete.facts)["request"] == "全额退款 100 元"
