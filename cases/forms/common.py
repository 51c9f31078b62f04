"""What every wizard form shares: refilling from a draft, dates and times, amounts, yes / no."""

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.utils import timezone

from cases.choices import YesNo
from cases.models import Case

# Keys of a POST that are not user input and never go into a draft.
NOT_INPUT = frozenset({"csrfmiddlewaretoken", "version", "action"})
DATETIME_FORMAT = "%Y-%m-%dT%H:%M"
# Only years that can be real. A browser's date box takes year 1, which Python cannot even
# convert to UTC for the database: refused here with a message instead of a 500.
PLAUSIBLE_YEARS = (2000, 2100)
# A phone's clock may be a little ahead of the server's.
CLOCK_SLACK = timedelta(minutes=10)
HAPPENED = "这个时间还没到，请填已经发生过的时间。"
TOO_LONG = "最多 %(limit_value)d 个字，现在有 %(show_value)d 个，请删短一些。"
# Django's own words for these read like a program ("确保该值大于或等于0.01。"); ours show a
# value that would do. Its generic ones (a choice, too long, a NUL) are reworded for every
# field in config/locale.
DATETIME_ERRORS = {
    "required": "请填写这个时间。",
    "invalid": "时间的格式不对，请写成 2026-05-01 14:30 这样。",
}
AMOUNT_TOO_BIG = "金额不能超过 99999999.99 元，请检查是不是多打了数字。"
AMOUNT_ERRORS = {
    "invalid": "请只填数字，例如 68.00 或 1500。",
    "min_value": "金额要大于 0，例如 68.00。",
    "max_decimal_places": "金额最多两位小数，例如 68.50。",
    "max_digits": AMOUNT_TOO_BIG,
    "max_whole_digits": AMOUNT_TOO_BIG,
}
# No one types a NUL, and PostgreSQL cannot store one in a draft (jsonb refuses \u0000).
NUL = "\x00"
# A draft keeps at most this much of a value that is not free text (a choice, a date, an
# amount): none is longer. Free text keeps what its field takes (max_length).
SHORT_VALUE = 100
# Errors that keep even a draft from being stored: a draft may be incomplete, but not
# longer than its field takes, nor hold NUL characters.
UNSTORABLE = frozenset({"max_length", "null_characters_not_allowed"})


def typed_input(post: Any) -> dict[str, list[str]]:
    """Return what a person typed into a posted form: every value list but the form's own.

    NUL characters are dropped.
    """
    return {
        key.replace(NUL, ""): [value.replace(NUL, "") for value in values]
        for key, values in post.lists()
        if key not in NOT_INPUT
    }


def draft_input(
    form_class: type[forms.Form], data: Mapping[str, list[str]]
) -> dict[str, list[str]]:
    """Return typed input as a draft of form_class keeps it.

    Only the form's own fields, as many values as each takes, none longer than its field
    takes, no NUL: what is left is what a person could have typed into this form.
    """
    kept: dict[str, list[str]] = {}
    for name, field in form_class.base_fields.items():
        key = f"{form_class.prefix}-{name}" if form_class.prefix else name
        if key not in data or isinstance(field, forms.FileField):
            continue
        values = [str(value).replace(NUL, "") for value in data[key]]
        many = len(field.choices) if isinstance(field, forms.MultipleChoiceField) else 1
        limit = getattr(field, "max_length", None) or SHORT_VALUE
        kept[key] = [value[:limit] for value in values[:many]]
    return kept


def keep_only_unstorable_errors(form: forms.Form) -> bool:
    """Drop the errors a draft may have; return True if something still cannot be stored."""
    form.is_valid()
    for name in list(form.errors):
        codes = {error.code for error in form.errors[name].as_data()}
        # A draft keeps no file, so nothing about one stops it.
        if isinstance(form.fields.get(name), forms.FileField) or not codes & UNSTORABLE:
            del form.errors[name]
    return bool(form.errors)


def plausible_year(value) -> None:
    """Refuse a date or time outside PLAUSIBLE_YEARS."""
    if not PLAUSIBLE_YEARS[0] <= value.year <= PLAUSIBLE_YEARS[1]:
        raise ValidationError("这个时间的年份不对，请检查一下。", code="year")


def already_happened(message: str = HAPPENED):
    """Return a validator refusing a time in the future, for something that has happened."""

    def validate(value) -> None:
        # A year that cannot be real already has its own message.
        plausible = PLAUSIBLE_YEARS[0] <= value.year <= PLAUSIBLE_YEARS[1]
        if plausible and value > timezone.now() + CLOCK_SLACK:
            raise ValidationError(message, code="future")

    return validate


def datetime_field(
    label: str,
    help_text: str = "",
    *,
    required: bool = False,
    happened: str | None = HAPPENED,
    date_only: bool = True,
    error_messages: dict[str, str] | None = None,
) -> forms.DateTimeField:
    """Return a date-and-time box; happened is the message for a time still to come.

    date_only also takes a bare date (the time is then midnight).
    """
    formats = [DATETIME_FORMAT, "%Y-%m-%d %H:%M"] + (["%Y-%m-%d"] if date_only else [])
    validators = [plausible_year] + ([already_happened(happened)] if happened else [])
    return forms.DateTimeField(
        label=label,
        help_text=help_text,
        required=required,
        input_formats=formats,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMAT),
        validators=validators,
        error_messages=DATETIME_ERRORS | (error_messages or {}),
    )


# 1,500 or 12,345.50: digits grouped by thousands, as a payment app shows an amount.
_GROUPED = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d*)?")


class AmountField(forms.DecimalField):
    """An amount as people copy it from a payment app or type it on a phone: full-width
    digits (１５００), thousands commas (1,500 / 1，500), a ¥ in front or 元 after are all
    the same number. Anything else is Django's to refuse, in AMOUNT_ERRORS' words."""

    def to_python(self, value: Any) -> Decimal | None:
        if isinstance(value, str):
            # NFKC makes full-width digits, ． ， and ￥ ASCII; spaces go, as in 1 500.
            value = "".join(unicodedata.normalize("NFKC", value).split())
            value = value.removeprefix("¥").removesuffix("元")
            if _GROUPED.fullmatch(value):
                value = value.replace(",", "")
        return super().to_python(value)


def amount_field(
    label: str = "金额（元）", help_text: str = "实际付款金额，最多两位小数，例如 68.00"
) -> forms.DecimalField:
    """Return an optional amount in yuan, refused in words that show a good one (AMOUNT_ERRORS)."""
    return AmountField(
        label=label,
        required=False,
        max_digits=10,
        decimal_places=2,
        min_value=Decimal("0.01"),
        help_text=help_text,
        # A text box, not type=number: a browser blanks a number box holding a typo,
        # and a typed value must survive a validation error.
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        error_messages=AMOUNT_ERRORS,
    )


def model_field(model: type[Model], name: str, **overrides: Any) -> forms.Field:
    """Return the form field of a model field: its label, length and blank as the model says."""
    return model._meta.get_field(name).formfield(**overrides)


def text_field(label: str, max_length: int, help_text: str = "", **kwargs: Any) -> forms.CharField:
    """Return an optional text box whose too-long message gives the limit and the count."""
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=False,
        max_length=max_length,
        error_messages={"max_length": TOO_LONG},
        **kwargs,
    )


def _yes_no(value: str) -> bool | None:
    return {YesNo.YES: True, YesNo.NO: False}.get(value)


class YesNoField(forms.TypedChoiceField):
    """A yes / no / not-sure question stored as True, False or None."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.RadioSelect)
        super().__init__(choices=YesNo.choices, coerce=_yes_no, empty_value=None, **kwargs)

    @staticmethod
    def initial(value: bool | None) -> str:
        return {True: YesNo.YES, False: YesNo.NO}.get(value, YesNo.UNKNOWN)


@dataclass(frozen=True)
class Section:
    """A group of a long form's questions, shown as one disclosure (one open at a time)."""

    slug: str
    title: str
    fields: tuple[forms.BoundField, ...]
    answered: int
    errors: int
    optional: bool = False  # extra facts the buyer may not have: never opened for them
    open: bool = False
    # The questions that apply to this buyer's answers (StageForm.applies); the count shows
    # these only, so 已回答 1/2 never asks for a partial refund's amount after 全额退款.
    asked: int = 0

    @property
    def meta(self) -> str:
        if self.errors:
            return f"有 {self.errors} 处要改"
        if self.optional:
            return f"已填 {self.answered} 项" if self.answered else "查得到再填"
        return f"已回答 {self.answered}/{self.asked}"


def _answered(field: forms.BoundField) -> bool:
    value = field.value()
    return value not in (None, "", [], ())


class StageForm(forms.Form):
    """A stage form that re-fills from a saved draft or the case, and saves only what it showed."""

    # (slug, title, field names, optional) of the form's sections, in order; () shows no sections.
    SECTIONS: tuple[tuple[str, str, tuple[str, ...], bool], ...] = ()

    def applies(self, name: str) -> bool:
        """Return False for a question the buyer's other answers make moot (shown, not counted)."""
        return True

    def sections(self) -> list[Section]:
        """Return the sections with their fields, the first with an error open, else the first
        one not optional and unfinished; none is open once everything needed is answered."""
        found = []
        for slug, title, names, optional in self.SECTIONS:
            asked = [name for name in names if self.applies(name)]
            found.append(
                Section(
                    slug=slug,
                    title=title,
                    fields=tuple(self[name] for name in names),
                    answered=sum(_answered(self[name]) for name in asked),
                    errors=sum(bool(self[name].errors) for name in names),
                    optional=optional,
                    asked=len(asked),
                )
            )
        first = next((s for s in found if s.errors), None) or next(
            (s for s in found if not s.optional and self._unfinished(s)), None
        )
        return [replace(s, open=s is first) for s in found]

    @staticmethod
    def _unfinished(section: Section) -> bool:
        """Nothing answered yet, or a question that must be answered is still open."""
        required = [field for field in section.fields if field.field.required]
        return not section.answered or not all(_answered(field) for field in required)

    def submitted_answers(self) -> dict[str, Any]:
        """Return cleaned values of the fields this submission carried (names may be prefixed)."""
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if self.add_prefix(name) in self.data
        }

    @classmethod
    def initial_from_raw(cls, data: dict[str, list[str]]) -> dict[str, Any]:
        """Return raw input (a draft, or a refused POST) as initial values of this form."""
        initial: dict[str, Any] = {}
        for name, field in cls.base_fields.items():
            if name in data:
                values = data[name]
                multiple = isinstance(field, forms.MultipleChoiceField)
                initial[name] = values if multiple else (values[0] if values else "")
        return initial

    @classmethod
    def initial_for(cls, *, case: Case, draft: dict[str, list[str]] | None) -> dict[str, Any]:
        """Return initial values: the saved draft if there is one, else the stored answers."""
        if draft:
            return cls.initial_from_raw(draft)
        initial = {}
        for name, field in cls.base_fields.items():
            value = getattr(case, name)
            initial[name] = YesNoField.initial(value) if isinstance(field, YesNoField) else value
        return initial


def first_values(draft: dict[str, list[str]] | None) -> dict[str, str]:
    """Return a draft of a form without lists as initial values: the first of each."""
    return {name: values[0] for name, values in (draft or {}).items() if values}
