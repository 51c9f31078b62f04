"""Placeholders as editors write them: {订单号} in the admin, {order_number} in storage.

The wizard, its golden tests and the data migrations keep the code names
(cases.texts.placeholders). An editor is not a programmer: the admin shows every
placeholder by its Chinese name, takes either spelling back, and names placeholders the
same way in what it says is wrong. The names are the labels of PLACEHOLDERS and
SITE_PLACEHOLDERS, so there is one vocabulary.
"""

import re
from dataclasses import dataclass

from cases.texts.placeholders import (
    FILL_AT,
    FILL_PLACES,
    OPTIONAL,
    PLACEHOLDERS,
    SITE_PLACEHOLDERS,
    template_errors,
)

# "{{" and "}}" are literal braces, as in the stored text; anything else in braces is a name.
_TOKEN = re.compile(r"\{\{|\}\}|\{([^{}\n]*)\}")
# The operators' thresholds are labelled "…（运营设置）" for the help; the name is the rest.
_NOTE = re.compile(r"（[^（）]*）$")

EDITOR_NAMES: dict[str, str] = {
    name: _NOTE.sub("", label) for name, label in (PLACEHOLDERS | SITE_PLACEHOLDERS).items()
}
CODE_NAMES: dict[str, str] = {label: name for name, label in EDITOR_NAMES.items()}


def for_editor(text: str) -> str:
    """Return the stored text with each placeholder under its Chinese name."""
    return _rename(text, EDITOR_NAMES)


def from_editor(text: str) -> str:
    """Return the editor's text as stored: {订单号} becomes {order_number}; code names stay."""
    return _rename(text, CODE_NAMES | {name: name for name in EDITOR_NAMES})


def _rename(text: str, names: dict[str, str]) -> str:
    def replace(match: re.Match) -> str:
        name = match.group(1)
        if name is None or name.strip() not in names:
            return match.group(0)
        return "{" + names[name.strip()] + "}"

    return _TOKEN.sub(replace, text)


def shown(names: dict[str, str] | None = None) -> str:
    """Return the placeholders (by default all) as editors write them, for help and errors."""
    names = PLACEHOLDERS | SITE_PLACEHOLDERS if names is None else names
    return "、".join("{" + EDITOR_NAMES[name] + "}" for name in names)


def editor_errors(text: str, *, case_values: bool) -> list[str]:
    """Return what is wrong with the editor's text, naming placeholders in Chinese."""
    unknown = [
        match.group(0)
        for match in _TOKEN.finditer(from_editor(text))
        if match.group(1) is not None
        and match.group(1).strip()
        and match.group(1) not in EDITOR_NAMES
        and not re.fullmatch(r"[A-Za-z0-9_.!:\[\]>]+", match.group(1))
    ]
    allowed = shown() if case_values else shown(SITE_PLACEHOLDERS)
    if unknown:
        return [
            f"不认识的占位符 {token}。可以用的有：{allowed}。" for token in dict.fromkeys(unknown)
        ]
    errors = template_errors(from_editor(text), case_values=case_values)
    return [_in_chinese(message) for message in errors]


def _in_chinese(message: str) -> str:
    """Return a message of cases.texts.placeholders with its placeholders named in Chinese."""
    for name, label in (PLACEHOLDERS | SITE_PLACEHOLDERS).items():
        message = message.replace(f"{{{name}}}（{label}）", "{" + EDITOR_NAMES[name] + "}")
    return for_editor(message)


@dataclass(frozen=True)
class Chip:
    """A placeholder an editor can insert with one tap."""

    text: str  # what is inserted: {订单号}
    name: str  # 订单号
    hint: str  # where its value comes from


def chips(*, case_values: bool) -> list[Chip]:
    """Return the placeholders the text may use, as editors insert them."""
    names = list(PLACEHOLDERS) + list(SITE_PLACEHOLDERS) if case_values else list(SITE_PLACEHOLDERS)
    return [Chip("{" + EDITOR_NAMES[name] + "}", EDITOR_NAMES[name], _hint(name)) for name in names]


def _hint(name: str) -> str:
    if name in SITE_PLACEHOLDERS:
        return "网站运营设置的金额，所有文字里都能用"
    where = FILL_AT.get(name, "")
    if where in ("rule", "deadline"):
        # FILL_PLACES says "above" from the negotiation page's list; the admin is elsewhere.
        hint = f"买家在第 3 步「协商」页面{FILL_PLACES[where].removeprefix('上面')}里选"
    elif where:
        hint = f"买家在{FILL_PLACES[where]}里填写"
    else:
        hint = "向导按案件情况自动写"
    if name in OPTIONAL:
        hint += "；没有这项时，所在的这一行整行不出现"
    return hint
