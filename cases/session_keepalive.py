"""Keep a visitor's session alive while they use cases they started without an account.

Such cases belong to the browser session, and a session expires SESSION_COOKIE_AGE after
it was last saved. Nothing else saves an anonymous visitor's session after the case is
started, so without this the case would vanish 30 days after the start however often the
visitor came back. Saving it again on each visit to /cases/ makes the days count from the
last visit. Signed-in readers and visitors elsewhere on the site are left alone: no write.
"""

from django.urls import reverse


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
            request.session.modified = True  # SessionMiddleware saves it and renews the cookie
        return response
