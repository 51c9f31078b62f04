from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.forms import UserCreationForm
from django.core.exceptions import ValidationError
from django.http import HttpRequest


class SignUpForm(UserCreationForm):
    email = forms.EmailField(
        label="电子邮箱（可选）",
        required=False,
        help_text="只用来找回密码。不填也能注册，但忘了密码就没法找回。",
    )

    class Meta(UserCreationForm.Meta):
        fields = ("username", "email")


class AccountDeleteForm(forms.Form):
    """Ask for the password again before the account and everything in it is deleted."""

    password = forms.CharField(
        label="当前密码",
        help_text="为了确认是你本人，请再输入一次密码。",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "请输入当前密码。"},
    )

    def __init__(self, *args, request: HttpRequest, **kwargs):
        self.request = request
        super().__init__(*args, **kwargs)

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        user = self.request.user
        # Through authenticate(), so django-axes counts wrong guesses as it does at login.
        confirmed = authenticate(self.request, username=user.get_username(), password=password)
        if getattr(self.request, "axes_locked_out", False):
            raise ValidationError(
                "密码输错的次数太多，暂时不能确认。请过一会儿再试。没有删除任何东西。",
                code="locked",
            )
        if confirmed is None or confirmed.pk != user.pk:
            raise ValidationError("密码不对。没有删除任何东西，请再试一次。", code="wrong")
        return password
