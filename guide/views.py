from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_safe

from guide.page_cache import cached_for_visitors
from guide.selectors import part_with_neighbours, parts_for_contents, renamed_part, site_page


@require_safe
@cached_for_visitors
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "guide/home.html", {"public_page": True})


@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    """Answer load balancers without touching the database."""
    return HttpResponse("ok", content_type="text/plain")


@require_safe
@cached_for_visitors
def contents(request: HttpRequest) -> HttpResponse:
    parts = parts_for_contents(include_drafts=request.user.is_staff)
    return render(request, "guide/contents.html", {"parts": parts, "public_page": True})


@require_safe
@cached_for_visitors
def part(request: HttpRequest, slug: str) -> HttpResponse:
    found = part_with_neighbours(slug=slug, include_drafts=request.user.is_staff)
    if found is None:
        # An address an editor replaced keeps working: links to it were given out.
        renamed = renamed_part(slug=slug, include_drafts=request.user.is_staff)
        if renamed is not None:
            return HttpResponsePermanentRedirect(renamed.get_absolute_url())
        raise Http404("没有这一章")
    response = render(request, "guide/part.html", found | {"public_page": True})
    if not found["part"].published:
        # Staff preview of a draft must never be cached and served to the public.
        add_never_cache_headers(response)
    return response


@require_safe
@cached_for_visitors
def site_page_view(request: HttpRequest, key: str) -> HttpResponse:
    """Show 关于本站, 隐私说明 or 联系我们: a GuidePart of kind SITE_PAGE, at a fixed address."""
    page = site_page(key=key, include_drafts=request.user.is_staff)
    if page is None:
        raise Http404("没有这一页")
    response = render(request, "guide/part.html", {"part": page, "public_page": True})
    if not page.published:
        add_never_cache_headers(response)
    return response


@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    return render(request, "robots.txt", content_type="text/plain")
