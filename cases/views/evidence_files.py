"""Stage 2 — an evidence file, served to its owner only: the original as a download, or
an image drawn inline (the print page, the lists' thumbnails). Anyone else gets 404.

The page that lists the files and adds or deletes them is cases/views/evidence.py.
"""

import uuid

from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from cases.downloads import private
from cases.selectors.case import case_for_request
from cases.selectors.evidence import evidence_item_for_case
from cases.thumbnails import drawable_image, small_preview
from cases.uploads import download_name
from cases.views.common import HtmxHttpRequest


@never_cache
@require_safe
def evidence_download(
    request: HtmxHttpRequest, case_id: uuid.UUID, item_id: uuid.UUID
) -> HttpResponse:
    """Serve the original file to its owner only, as a download the browser must not sniff."""
    case = case_for_request(request=request, case_id=case_id)
    item = evidence_item_for_case(case=case, item_id=item_id)
    if not item.file:
        return redirect("cases:evidence", case_id=case.pk)
    response = FileResponse(
        item.file.open("rb"),
        as_attachment=True,
        filename=download_name(item.original_name, item.content_type),
        content_type=item.content_type or "application/octet-stream",
    )
    return private(response)


@never_cache
@require_safe
def evidence_thumb(
    request: HtmxHttpRequest, case_id: uuid.UUID, item_id: uuid.UUID
) -> HttpResponse:
    """Show an evidence image inline to its owner, for the print page; anyone else gets 404.

    The original is served as it is (evidence is never altered) and scaled by the print
    stylesheet; ?size=small answers a scaled-down copy for the lists on a phone. Anything a
    browser cannot draw (HEIC, PDF, video, a damaged or missing file) answers with the
    generic file icon, never an error.
    """
    case = case_for_request(request=request, case_id=case_id)
    item = evidence_item_for_case(case=case, item_id=item_id)
    drawable = drawable_image(item)
    if drawable is None:
        return private(redirect(static("img/file.svg")))
    handle, content_type = drawable
    if request.GET.get("size") == "small":
        preview = small_preview(handle)
        if preview is None:
            return private(redirect(static("img/file.svg")))
        return private(HttpResponse(preview, content_type="image/jpeg"))
    response = FileResponse(
        handle,
        as_attachment=False,
        filename=download_name(item.original_name, content_type),
        content_type=content_type,
    )
    return private(response)
