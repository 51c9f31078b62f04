"""Reminder mail for one case: switch it on or off (cases/views/reminders.py)."""

from django import forms

ON, OFF = "on", "off"
# The pages that carry the switch, where the buyer goes back to.
PAGES = ("overview", "negotiation", "appeal")


class ReminderForm(forms.Form):
    remind = forms.ChoiceField(choices=[(ON, "开启"), (OFF, "关闭")])
    page = forms.ChoiceField(choices=[(page, page) for page in PAGES], required=False)
