"""The project's settings with a mail backend that kills its process mid-send (tests only)."""

from config.settings import *  # noqa: F403

MAILERS = {"default": {"BACKEND": "tests.cases.killing_mail_backend.EmailBackend"}}
