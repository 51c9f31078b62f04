"""Keep a visitor's session alive while they use cases they started without an account.

Such cases belong to the browser session, and a session expires SESSION_COOKIE_AGE after
it was last saved. Nothing else saves an anonymous visitor's session after the case is
started, so without this the case would vanish 30 days after the start however often the
visitor came back. The first visit to /cases/ on each day saves it again, so the days
count from the last visit; later visits that day write nothing. Signed-in readers and
visitors elsewhere on the site are left alone.
"""

from django.urls import reverse
from django.utils import timezone

# Session key holding the day the session was last renewed (YYYY-MM-DD, Asia/Shanghai).
RENEWED_ON = "cases_renewed_on"


class AnonymousCaseSessionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.prefix = reverse("cases:list")

    def __call__(self, request):
        response = self.get_response(request)
        if (
            request.path.startswith(self.prefix)
            and response.status_code < 400
            and request.session.session_key
            and not request.user.is_authenticated
        ):
            today = timezone.localdate().isoformat()
            if request.session.get(RENEWED_ON) != today:
                # A changed session is saved by SessionMiddleware, with a renewed cookie.
                request.session[RENEWED_ON] = today
        return response
