from django import forms
from django.contrib.auth.forms import UserCreationForm


class SignUpForm(UserCreationForm):
    email = forms.EmailField(
        label="电子邮箱（可选）",
        required=False,
        help_text="只用来找回密码。不填也能注册，但忘了密码就没法找回。",
    )

    class Meta(UserCreationForm.Meta):
        fields = ("username", "email")
