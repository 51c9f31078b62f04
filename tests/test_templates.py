"""The Django templates' own syntax never reaches a page.

A Django template comment `{# … #}` ends on the line it starts on; one written over two
lines is not a comment at all, and the page shows it (eligibility did, 2026-12-07). Longer
notes use {% comment %}. Jinja2's templates (templates/jinja2/) allow both and are skipped.
"""

from pathlib import Path

import pytest

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
DJANGO_TEMPLATES = sorted(
    path for path in TEMPLATES.rglob("*.html") if "jinja2" not in path.relative_to(TEMPLATES).parts
)


def unclosed_comments(text: str) -> list[int]:
    """Return the numbers of the lines where a `{#` is not closed on the same line."""
    lines = []
    for number, line in enumerate(text.splitlines(), start=1):
        rest = line
        while "{#" in rest:
            rest = rest.split("{#", 1)[1]
            if "#}" not in rest:
                lines.append(number)
                break
            rest = rest.split("#}", 1)[1]
    return lines


def test_the_check_finds_a_comment_over_two_lines():
    assert unclosed_comments("a {# one #} b\n{# two\nlines #}\n") == [2]
    assert unclosed_comments("{# a #}{# b #}") == []


@pytest.mark.parametrize(
    "path", DJANGO_TEMPLATES, ids=lambda path: str(path.relative_to(TEMPLATES))
)
def test_every_comment_closes_on_its_own_line(path):
    assert unclosed_comments(path.read_text()) == [], f"{path}: use {{% comment %}} instead"
