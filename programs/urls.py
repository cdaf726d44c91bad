from django.urls import path

from programs.views import (
    agreements,
    applications,
    calls,
    results,
    review,
    steps,
    together_living,
)

app_name = "programs"

urlpatterns = [
    path("", calls.call_list, name="call_list"),
    path("dashboard/", calls.dashboard, name="dashboard"),
    path("calls/new/", calls.call_edit, name="call_create"),
    path("calls/<int:pk>/", calls.call_detail, name="call_detail"),
    path("calls/<int:pk>/edit/", calls.call_edit, name="call_edit"),
    path("calls/<int:pk>/apply/", applications.application_create, name="application_create"),
    path("calls/<int:pk>/reviewers/", review.assign_reviewer, name="assign_reviewer"),
    path("calls/<int:pk>/documents/", calls.call_document_upload, name="call_document_upload"),
    path("call-documents/<int:pk>/", calls.call_document_download, name="call_document_download"),
    path(
        "call-documents/<int:pk>/delete/", calls.call_document_delete, name="call_document_delete"
    ),
    path("calls/<int:pk>/send-to-review/", review.send_to_review, name="send_to_review"),
    path("calls/<int:pk>/ranking/", review.call_ranking, name="call_ranking"),
    path("calls/<int:pk>/confirm/", review.confirm_selection, name="confirm_selection"),
    path("calls/<int:pk>/ranking/method/", review.ranking_method, name="ranking_method"),
    path("applications/", applications.application_list, name="application_list"),
    path("my/", applications.my_applications, name="my_applications"),
    path("applications/<int:pk>/", applications.application_detail, name="application_detail"),
    path("applications/<int:pk>/edit/", applications.application_edit, name="application_edit"),
    path(
        "applications/<int:pk>/steps/<slug:step>/",
        steps.application_step,
        name="application_step",
    ),
    path(
        "applications/<int:pk>/autosave/",
        steps.application_autosave,
        name="application_autosave",
    ),
    path(
        "applications/<int:pk>/attachments/",
        applications.attachment_upload,
        name="attachment_upload",
    ),
    path("applications/<int:pk>/partners/", applications.partner_add, name="partner_add"),
    path(
        "applications/<int:pk>/submit/", applications.application_submit, name="application_submit"
    ),
    path(
        "applications/<int:pk>/withdraw/",
        applications.application_withdraw,
        name="application_withdraw",
    ),
    path(
        "applications/<int:pk>/transition/",
        applications.application_transition,
        name="application_transition",
    ),
    path(
        "applications/<int:pk>/supplements/",
        applications.supplement_request,
        name="supplement_request",
    ),
    path("applications/<int:pk>/review/", review.review_form, name="review_form"),
    path("applications/<int:pk>/agreement/", agreements.agreement_create, name="agreement_create"),
    path("applications/<int:pk>/interim/", agreements.interim_decision, name="interim_decision"),
    path("applications/<int:pk>/results/", results.result_create, name="result_create"),
    path("attachments/<int:pk>/", applications.attachment_download, name="attachment_download"),
    path("attachments/<int:pk>/delete/", applications.attachment_delete, name="attachment_delete"),
    path("partners/<int:pk>/confirm/", applications.partner_confirm, name="partner_confirm"),
    path("supplements/<int:pk>/answer/", applications.supplement_answer, name="supplement_answer"),
    path("reviews/", review.review_list, name="review_list"),
    path("agreements/", agreements.agreement_list, name="agreement_list"),
    path("agreements/<int:pk>/", agreements.agreement_detail, name="agreement_detail"),
    path("agreements/<int:pk>/spending/", agreements.spending_create, name="spending_create"),
    path(
        "agreements/<int:pk>/disbursements/",
        agreements.disbursement_create,
        name="disbursement_create",
    ),
    path("results/<int:pk>/confirm/", results.result_confirm, name="result_confirm"),
    path("results/<int:pk>/evidence/", results.result_evidence, name="result_evidence"),
    path("programs/", calls.program_list, name="program_list"),
    path("programs/new/", calls.program_edit, name="program_create"),
    path("programs/<int:pk>/edit/", calls.program_edit, name="program_edit"),
    path("programs/<int:program_pk>/rules/new/", calls.rule_edit, name="rule_create"),
    path("programs/<int:program_pk>/rules/<int:pk>/", calls.rule_edit, name="rule_edit"),
    path("calls/<int:pk>/criteria/", calls.criterion_add, name="criterion_add"),
    path("calls/<int:pk>/questions/", calls.question_add, name="question_add"),
    path("complexes/", together_living.complex_list, name="complex_list"),
    path("complexes/new/", together_living.complex_create, name="complex_create"),
    path("complexes/<int:pk>/", together_living.complex_detail, name="complex_detail"),
]
