"""Case record pages: mark a case resolved or reopen it, export it, delete it."""

import uuid

from django.contrib import messages
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from cases.downloads import zip_response
from cases.forms.record import CaseDeleteForm, CaseResolveForm
from cases.kept_input import keeps_input
from cases.record_export import archive_zip, case_archive
from cases.selectors.case import case_for_request, case_with_records
from cases.selectors.record import case_records
from cases.services import record as record_services
from cases.views.common import HtmxHttpRequest, redirect_after_post


@never_cache
@require_http_methods(["GET", "POST"])
@keeps_input(form=CaseResolveForm)
def case_resolve(request: HtmxHttpRequest, case_id: uuid.UUID) -> HttpResponse:
    """Record the result; the form sits on the overview, this page shows it again on errors."""
    case = case_for_request(request=request, case_id=case_id)
    if request.method == "GET":
        form = CaseResolveForm(initial={"resolution": case.resolution})
    else:
        form = CaseResolveForm(request.POST)
        if form.is_valid():
            record_services.case_resolve(
                case=case,
                resolution=form.cleaned_data["resolution"],
                note=form.cleaned_data["note"],
            )
            messages.success(request, "结果已记录。案件结束了，时间线会一直保留。")
            url = reverse("cases:overview", args=[case.pk])
            return redirect_after_post(request, url)
    template = "cases/case_resolve.html#resolve_form" if request.htmx else "cases/case_resolve.html"
    return render(request, template, {"case": case, "resolve_form": form})


@never_cache
@require_POST
def case_reopen(request: HtmxHttpRequest, case_id: uuid.UUID) -> HttpResponse:
    case = case_for_request(request=request, case_id=case_id)
    if case.resolution:
        record_services.case_reopen(case=case)
        messages.success(request, "已撤销结束，案件重新打开。接着做下一步就行。")
    url = reverse("cases:overview", args=[case.pk])
    return redirect_after_post(request, url)


@never_cache
@require_safe
def case_export(request: HtmxHttpRequest, case_id: uuid.UUID) -> StreamingHttpResponse:
    """Download the case as a ZIP: case.json with every field, and the original files."""
    case = case_for_request(request=request, case_id=case_id)
    records = case_records(cases=[case])[case.pk]
    archive = archive_zip(case_archive(case, records))
    return zip_response(archive, name=f"维权案件-{case.display_title}", fallback="export")


@never_cache
@require_http_methods(["GET", "POST"])
def case_delete(request: HtmxHttpRequest, case_id: uuid.UUID) -> HttpResponse:
    case = case_with_records(request=request, case_id=case_id)
    form = CaseDeleteForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        title = case.display_title
        had_files = any(item.file for item in case.evidence.all())
        record_services.case_delete(case=case)
        files = "和它的全部文件" if had_files else ""
        messages.success(request, f"案件“{title}”{files}已删除。")
        url = reverse("cases:list")
        return redirect_after_post(request, url)
    evidence = list(case.evidence.all())
    context = {
        "case": case,
        "form": form,
        "evidence_count": len(evidence),
        "file_count": sum(1 for item in evidence if item.file),
        "event_count": len(case.events.all()),
    }
    return render(request, "cases/case_delete.html", context)
