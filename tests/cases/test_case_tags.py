"""How tall a copy box is made for the text it holds (templates/components/copy_text.html)."""

import pytest

from cases.templatetags.case_tags import fit_rows


@pytest.mark.parametrize(
    ("text", "rows"),
    [
        ("", 1),
        ("短", 1),
        ("字" * 17, 1),
        ("字" * 18, 2),
        # Latin letters and digits take half a Chinese character's room.
        ("a" * 34, 1),
        ("第一行\n第二行\n\n第四行", 4),
        ("字" * 10_000, 80),
    ],
)
def test_fit_rows_gives_a_copy_box_room_for_the_whole_text(text, rows):
    assert fit_rows(text) == rows
