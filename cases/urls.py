from django.urls import path

from cases.views import (
    appeal,
    appeal_package,
    case,
    check,
    eligibility,
    escalation,
    evidence,
    evidence_files,
    negotiation,
    record,
    reminders,
)

app_name = "cases"

urlpatterns = [
    path("", case.case_list, name="list"),
    path("new/", case.case_new, name="new"),
    path("<uuid:case_id>/", case.case_overview, name="overview"),
    path("<uuid:case_id>/check/", check.check, name="check"),
    # Stage 1 — eligibility (cases/views/eligibility.py)
    path("<uuid:case_id>/eligibility/", eligibility.eligibility, name="eligibility"),
    path(
        "<uuid:case_id>/eligibility/verdict/",
        eligibility.eligibility_verdict_fragment,
        name="eligibility_verdict",
    ),
    # Stage 2 — evidence (cases/views/evidence.py; its files: cases/views/evidence_files.py)
    path("<uuid:case_id>/evidence/", evidence.evidence, name="evidence"),
    path("<uuid:case_id>/evidence/add/", evidence.evidence_add, name="evidence_add"),
    path(
        "<uuid:case_id>/evidence/<uuid:item_id>/delete/",
        evidence.evidence_delete,
        name="evidence_delete",
    ),
    path(
        "<uuid:case_id>/evidence/<uuid:item_id>/file/",
        evidence_files.evidence_download,
        name="evidence_download",
    ),
    # Stage 3 — negotiation (cases/views/negotiation.py)
    path("<uuid:case_id>/negotiation/", negotiation.negotiation, name="negotiation"),
    path(
        "<uuid:case_id>/negotiation/message/",
        negotiation.negotiation_message,
        name="negotiation_message",
    ),
    path("<uuid:case_id>/negotiation/tone/", negotiation.negotiation_tone, name="negotiation_tone"),
    path(
        "<uuid:case_id>/negotiation/attempts/",
        negotiation.negotiation_attempt_add,
        name="negotiation_attempt_add",
    ),
    path(
        "<uuid:case_id>/negotiation/attempts/<int:attempt_id>/",
        negotiation.negotiation_attempt_update,
        name="negotiation_attempt_update",
    ),
    path(
        "<uuid:case_id>/negotiation/attempts/<int:attempt_id>/deadline.ics",
        negotiation.negotiation_ics,
        name="negotiation_ics",
    ),
    # Stage 4 — appeal (cases/views/appeal.py)
    path("<uuid:case_id>/appeal/", appeal.appeal, name="appeal"),
    path("<uuid:case_id>/appeal/record/", appeal.appeal_record_add, name="appeal_record_add"),
    path(
        "<uuid:case_id>/appeal/record/<int:appeal_id>/",
        appeal.appeal_record_update,
        name="appeal_record_update",
    ),
    # The appeal package's downloads (cases/views/appeal_package.py)
    path("<uuid:case_id>/appeal/print/", appeal_package.appeal_print, name="appeal_print"),
    path("<uuid:case_id>/appeal/package.zip", appeal_package.appeal_zip, name="appeal_zip"),
    path("<uuid:case_id>/appeal/package.pdf", appeal_package.appeal_pdf, name="appeal_pdf"),
    path(
        "<uuid:case_id>/appeal/description.txt",
        appeal_package.appeal_description,
        name="appeal_description",
    ),
    path(
        "<uuid:case_id>/appeal/files/<uuid:item_id>/",
        appeal_package.appeal_file,
        name="appeal_file",
    ),
    path(
        "<uuid:case_id>/evidence/<uuid:item_id>/thumb/",
        evidence_files.evidence_thumb,
        name="evidence_thumb",
    ),
    # Stage 5 — escalation (cases/views/escalation.py)
    path("<uuid:case_id>/escalation/", escalation.escalation, name="escalation"),
    path(
        "<uuid:case_id>/escalation/records/add/",
        escalation.escalation_record_add,
        name="escalation_record_add",
    ),
    path(
        "<uuid:case_id>/escalation/records/<int:escalation_id>/",
        escalation.escalation_record_update,
        name="escalation_record_update",
    ),
    # Case record — resolve, export, delete (cases/views/record.py)
    path("<uuid:case_id>/resolve/", record.case_resolve, name="resolve"),
    path("<uuid:case_id>/reopen/", record.case_reopen, name="reopen"),
    path("<uuid:case_id>/export/", record.case_export, name="export"),
    path("<uuid:case_id>/delete/", record.case_delete, name="delete"),
    # Reminder mail — switch it on or off; the mail's one-click stop (cases/views/reminders.py)
    path("<uuid:case_id>/reminders/", reminders.reminders, name="reminders"),
    path("reminders/stop/<str:token>/", reminders.reminders_stop, name="reminders_stop"),
]
