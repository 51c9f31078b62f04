"""Site-wide answers Django leaves blank.

A wrong HTTP method gets a page, not an empty 405; every response gets the
Cross-Origin-Resource-Policy header, which Django has no setting for; a form posted
in a charset Django refuses gets the 400 page, not a 500.
"""

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.middleware.gzip import GZipMiddleware
from django.shortcuts import redirect
from django.template.response import TemplateResponse

from cases.kept_input import page_of_view


class MethodNotAllowedPageMiddleware:
    """Turn Django's empty 405 into a page that says what to do.

    A case address that only takes a form's post (…/evidence/add/, …/negotiation/message/)
    is opened with GET when a buyer reloads a page shown after an error, or opens it
    from their history: they are sent to the stage page it belongs to. The redirect
    happens before anything looks at the case, so it says nothing about whether it exists.
    """

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not isinstance(response, HttpResponseNotAllowed) or response.content:
            return response
        match = request.resolver_match
        if request.method in ("GET", "HEAD") and match and match.namespace == "cases":
            case_id = match.kwargs.get("case_id")
            if case_id is not None:
                page, _ = page_of_view(match.func, case_id)
                return redirect(page)
        page = TemplateResponse(request, "405.html", status=405)
        page["Allow"] = response["Allow"]
        return page.render()


class CrossOriginResourcePolicyMiddleware:
    """Send Cross-Origin-Resource-Policy (settings.CROSS_ORIGIN_RESOURCE_POLICY) on every response.

    Django sends the opener policy (SECURE_CROSS_ORIGIN_OPENER_POLICY) but not this one. With
    same-origin, no other site can load our pages, files or downloads into its own page.
    """

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response
        self.policy = settings.CROSS_ORIGIN_RESOURCE_POLICY

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Cross-Origin-Resource-Policy", self.policy)
        return response


class UnreadableFormMiddleware:
    """Answer a form posted in a charset other than UTF-8 with the 400 page, unread.

    A urlencoded form is always UTF-8, and Django refuses any other charset each time
    request.POST is read (django/http/request.py). Its 400 handler reads it again for the
    CSRF check, so the refusal became a 500 on every address. Answered here, before any
    view or CSRF check, nothing parses the body at all.
    """

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        encoding = request.encoding
        if (
            request.method == "POST"
            and request.content_type == "application/x-www-form-urlencoded"
            and encoding is not None
            and encoding.lower() != "utf-8"
        ):
            return TemplateResponse(request, "400.html", status=400).render()
        return self.get_response(request)


class TextGZipMiddleware(GZipMiddleware):
    """Compress pages and other text, for a site served without a compressing proxy.

    Django's GZipMiddleware pads every compressed response with random bytes (its BREACH
    mitigation, "Heal the Breach", since Django 4.2), so a page holding a CSRF token or a
    buyer's answers does not leak them through its compressed length. Evidence files,
    exports and PDFs are left as they are: they do not shrink, and compressing a 200 MB
    video would cost a worker for nothing and drop its Content-Length. Static files come
    compressed from WhiteNoise already (its Content-Encoding makes Django skip them).
    Off with DJANGO_GZIP=0 when the proxy in front compresses (docs/DEPLOY.md).
    """

    TEXT = ("text/", "application/json", "image/svg+xml")

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        if not response.get("Content-Type", "").startswith(self.TEXT):
            return response
        return super().process_response(request, response)
