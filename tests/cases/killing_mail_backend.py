"""A mail backend that dies as a process does when it is killed mid-send (SIGKILL, no cleanup).

Used by tests/cases/test_reminders.py in a separate `manage.py send_reminders` process
(settings: tests/cases/reminder_kill_settings.py). KILL_MAIL_DIR is where a mail that "left"
is written; KILL_MOMENT says when the process dies: "after_send" (the server took the mail,
the process died before recording it) or "before_send" (it died before the server had it).
"""

import os
import signal
import uuid
from pathlib import Path

from django.core.mail.backends.base import BaseEmailBackend


class EmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        if os.environ.get("KILL_MOMENT") == "before_send":
            os.kill(os.getpid(), signal.SIGKILL)
        for message in email_messages:
            path = Path(os.environ["KILL_MAIL_DIR"]) / f"{uuid.uuid4().hex}.eml"
            path.write_bytes(message.message().as_bytes())
        os.kill(os.getpid(), signal.SIGKILL)
        return len(email_messages)  # never reached
