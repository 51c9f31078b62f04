"""Site-wide answers Django leaves blank: a wrong HTTP method gets a page, not an empty 405."""

from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
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
