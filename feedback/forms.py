"""The two small forms of 这一页有帮助吗？: the 有 / 没有, then an optional sentence."""

import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.utils.http import url_has_allowed_host_and_scheme

from cases.forms.common import text_field
from cases.uploads import INVISIBLE_CATEGORIES, JOINERS
from feedback import markers
from feedback.models import COMMENT_MAX_LENGTH
from feedback.pages import FeedbackPage, page_from_key

BACK_MAX_LENGTH = 500
GONE = "这条反馈已经过期了。请回到刚才的页面，重新点一次“有”或“没有”。"


def back_to(value: str) -> str:
    """Return the page to go back to: a path on this site, or "" for anything else."""
    if (
        len(value) <= BACK_MAX_LENGTH
        and value.startswith("/")
        and url_has_allowed_host_and_scheme(value, allowed_hosts=None)
    ):
        return value
    return ""


class AnswerForm(forms.Form):
    page = forms.CharField(max_length=40)
    helpful = forms.TypedChoiceField(
        choices=[("yes", "有"), ("no", "没有")],
        coerce=lambda value: value == "yes",
        error_messages={"required": "请点“有”或“没有”。", "invalid_choice": "请点“有”或“没有”。"},
    )
    # Where the reader was: only for the way back after a form sent without JavaScript.
    next = forms.CharField(required=False, strip=False)

    def clean_page(self) -> FeedbackPage:
        page = page_from_key(self.cleaned_data["page"])
        if page is None:
            raise ValidationError("这一页不收反馈。")
        return page

    def clean_next(self) -> str:
        return back_to(self.cleaned_data["next"])


class CommentForm(forms.Form):
    answer = forms.CharField(max_length=200, error_messages={"required": GONE})
    comment = text_field(
        "想多说一句吗？",
        COMMENT_MAX_LENGTH,
        help_text=(
            f"可以不写。最多 {COMMENT_MAX_LENGTH} 个字，例如哪里没看懂、缺了什么。"
            "编辑会看到这句话；请不要写手机号、订单号这些个人信息。"
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    next = forms.CharField(required=False, strip=False)

    def __init__(self, *args, **kwargs):
        # Its own ids: the box sits below a stage page's forms, which use id_<name>.
        kwargs.setdefault("auto_id", "feedback-%s")
        super().__init__(*args, **kwargs)
        self.fields["comment"].required = True
        self.fields["comment"].error_messages["required"] = (
            "还没有写内容。不想写也没关系，直接回到刚才的页面就行。"
        )

    def clean_answer(self) -> int:
        answer_id = markers.answer_id(self.cleaned_data["answer"])
        if answer_id is None:
            raise ValidationError(GONE)
        return answer_id

    def clean_comment(self) -> str:
        # One line, nothing invisible: the editors read it in a list, as typed.
        text = " ".join(self.cleaned_data["comment"].split())
        text = "".join(
            char
            for char in text
            if char in JOINERS or unicodedata.category(char) not in INVISIBLE_CATEGORIES
        ).strip()
        if not text:
            raise ValidationError(self.fields["comment"].error_messages["required"])
        return text

    def clean_next(self) -> str:
        return back_to(self.cleaned_data["next"])
