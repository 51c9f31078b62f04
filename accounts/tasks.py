"""Mail sent outside the request, through Django's tasks framework (settings.TASKS).

Mailing a reset link inside the request made the answer slower for an address with an
account than for one without: the time told which addresses have accounts. The view
now only queues this task, the same for every address; the worker looks the address up.
"""

from django.contrib.auth.forms import PasswordResetForm
from django.tasks import task

RESET_SUBJECT_TEMPLATE = "registration/password_reset_subject.txt"
RESET_EMAIL_TEMPLATE = "registration/password_reset_email.txt"


@task
def send_password_reset(*, email: str, domain: str, use_https: bool) -> None:
    """Mail a reset link to each active account with this address; to nobody if none has it."""
    form = PasswordResetForm({"email": email})
    if form.is_valid():
        form.save(
            domain_override=domain,
            use_https=use_https,
            subject_template_name=RESET_SUBJECT_TEMPLATE,
            email_template_name=RESET_EMAIL_TEMPLATE,
        )
