"""How the complaint texts tell a complaint or report already filed, channel by channel."""

from datetime import date

import pytest

from cases.facts import FilingFacts
from cases.texts.story import escalation_line


@pytest.mark.parametrize(
    ("channel", "reference", "outcome", "expected"),
    [
        (
            "12315",
            "1231500001",
            "pending",
            "2026年11月23日，我通过 12315 提交了投诉（投诉编号 1231500001），目前还在处理中。",
        ),
        (
            "heimao",
            "17359",
            "resolved",
            "2026年11月23日，我在黑猫投诉发布了投诉（投诉编号 17359），结果：已解决。",
        ),
        # The form's one answer for 不予受理 and 无结果: the text says only what both mean.
        (
            "police",
            "JJ-88",
            "rejected",
            "2026年11月23日，我向公安机关报了案（报案回执编号 JJ-88），结果：没有解决。",
        ),
        ("12315", "", "pending", "2026年11月23日，我通过 12315 提交了投诉，目前还在处理中。"),
    ],
)
def test_a_filed_complaint_is_told_without_the_forms_slashes(channel, reference, outcome, expected):
    record = FilingFacts(
        channel=channel, filed_on=date(2026, 11, 23), reference=reference, outcome=outcome
    )
    line = escalation_line(record)
    assert line == expected
    assert " / " not in line
