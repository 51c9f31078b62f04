from django import forms
from django.contrib.auth import authenticate, password_validation
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.base_user import BaseUserManager
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.views.decorators.debug import sensitive_variables

# What the password validators in settings ask, said once before the buyer types.
PASSWORD_HELP = (
    "至少 8 个字符，不能全是数字，不要用 12345678、password 这类常见密码，也不要和用户名太像。"
)

EMAIL_INVALID = "邮箱地址的格式不对，请检查一下，例如 name@example.com。"

# Django's password validators, by error code, in the words of PASSWORD_HELP.
PASSWORD_ERRORS = {
    "password_too_short": "密码太短了，至少要 %(min_length)d 个字符。",
    "password_too_common": "这个密码太常见，别人很容易猜到，请换一个。",
    "password_entirely_numeric": "密码不能全是数字，请加上字母或符号。",
    "password_too_similar": "密码和%(verbose_name)s太像，别人很容易猜到，请换一个。",
}


def password_errors_for_buyers(error: ValidationError) -> list[ValidationError]:
    """Return the validators' errors reworded for buyers; an unknown code keeps its message."""
    return [
        ValidationError(PASSWORD_ERRORS[item.code], code=item.code, params=item.params)
        if item.code in PASSWORD_ERRORS
        else item
        for item in error.error_list
    ]


@sensitive_variables("password")
def check_password_strength(form: forms.Form, user, field_name: str) -> None:
    """Put what is weak about the password under that field, in the buyer's words.

    Django checks the confirmation field instead, so a weak password reads as a typo there.
    """
    password = form.cleaned_data.get(field_name)
    if not password:
        return
    try:
        password_validation.validate_password(password, user)
    except ValidationError as error:
        form.add_error(field_name, password_errors_for_buyers(error))


def _password_field(label: str, help_text: str, required: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        strip=False,
        help_text=help_text,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": required},
    )


class SignUpForm(auth_forms.UserCreationForm):
    email = forms.EmailField(
        label="电子邮箱（可选）",
        required=False,
        # Issue 17: a case's reminder mail, once the buyer switches it on, goes here too.
        help_text="用来找回密码，和你在案件里开启的期限提醒。不填也能注册，但忘了密码就没法找回。",
        error_messages={"invalid": EMAIL_INVALID},
    )
    password1 = _password_field("密码", PASSWORD_HELP, "请设一个密码。")
    password2 = _password_field(
        "密码确认", "把上面的密码再输一遍，防止输错。", "请把密码再输一遍。"
    )
    error_messages = {"password_mismatch": "两次输入的密码不一样，请重新输入两遍。"}

    class Meta(auth_forms.UserCreationForm.Meta):
        fields = ("username", "email")
        labels = {"username": "用户名"}
        help_texts = {
            "username": "登录时用。可以用汉字、英文字母、数字和 @ . + - _，不能有空格，"
            "最多 150 个字。"
        }
        # One dict for the form's own checks and the model's (invalid, unique).
        error_messages = {
            "username": {
                "required": "请起一个用户名。",
                "max_length": "用户名太长了，最多 %(limit_value)d 个字，现在有 %(show_value)d 个。",
                "invalid": "用户名里只能有汉字、英文字母、数字和 @ . + - _，不能有空格或别的符号。",
                "unique": "这个用户名已经有人用了，请换一个。如果是你自己注册过，请直接登录。",
            }
        }

    def validate_password_for_user(self, user, *args, **kwargs) -> None:
        check_password_strength(self, user, "password1")


class LogInForm(auth_forms.AuthenticationForm):
    error_messages = {
        # Which of the two was wrong is not said: that would tell a guesser which usernames exist.
        "invalid_login": "用户名或密码不对。请检查一下再试，大小写要和注册时一样。",
        "inactive": "这个账号已经停用，不能登录。",
    }

    def __init__(self, request: HttpRequest | None = None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = "用户名"
        self.fields["username"].error_messages["required"] = "请输入用户名。"
        self.fields["password"].error_messages["required"] = "请输入密码。"


class PasswordResetRequestForm(auth_forms.PasswordResetForm):
    """Ask for a reset link, in the buyer's words."""

    email = forms.EmailField(
        label="电子邮箱",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={"required": "请填写注册时留的电子邮箱。", "invalid": EMAIL_INVALID},
    )


class NewPasswordForm(auth_forms.SetPasswordForm):
    """Set a new password (after a reset link), in the buyer's words."""

    new_password1 = _password_field("新密码", PASSWORD_HELP, "请设一个新密码。")
    new_password2 = _password_field(
        "新密码确认", "把新密码再输一遍，防止输错。", "请把新密码再输一遍。"
    )
    error_messages = {"password_mismatch": "两次输入的新密码不一样，请重新输入两遍。"}

    def validate_password_for_user(self, user, *args, **kwargs) -> None:
        check_password_strength(self, user, "new_password1")


class PasswordChangeForm(NewPasswordForm, auth_forms.PasswordChangeForm):
    """Change the password, the current one first, in the buyer's words."""

    error_messages = {
        **NewPasswordForm.error_messages,
        "password_incorrect": "现在的密码不对，请再输一次。",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = "现在的密码"
        self.fields["old_password"].error_messages["required"] = "请输入现在的密码。"


class PasswordConfirmationForm(forms.Form):
    """Ask for the password again before a change that matters; `unchanged` ends its errors."""

    unchanged = "没有改动任何东西"
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
                f"密码输错的次数太多，暂时不能确认。请过一会儿再试。{self.unchanged}。",
                code="locked",
            )
        if confirmed is None or confirmed.pk != user.pk:
            raise ValidationError(f"密码不对。{self.unchanged}，请再试一次。", code="wrong")
        return password


class AccountDeleteForm(PasswordConfirmationForm):
    """Ask for the password again before the account and everything in it is deleted."""

    unchanged = "没有删除任何东西"


class EmailForm(PasswordConfirmationForm):
    """Add, change or remove the account's e-mail address, the password confirming it.

    The address is where password resets and the cases' reminder mails go (issue 17); a
    buyer who signed up without one adds it here.
    """

    unchanged = "邮箱没有改"
    email = forms.EmailField(
        label="电子邮箱",
        required=False,
        help_text="用来找回密码，和你在案件里开启的期限提醒。留空再保存，就是删掉邮箱。",
        error_messages={"invalid": EMAIL_INVALID},
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    field_order = ("email", "password")

    def clean_email(self) -> str:
        # As sign-up stores it (the user model's clean()): the domain in lower case.
        return BaseUserManager.normalize_email(self.cleaned_data["email"])
