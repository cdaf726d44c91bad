from django.urls import path

from programs import views

app_name = "programs"

urlpatterns = [
    path("", views.call_list, name="call_list"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("calls/new/", views.call_edit, name="call_create"),
    path("calls/<int:pk>/", views.call_detail, name="call_detail"),
    path("calls/<int:pk>/edit/", views.call_edit, name="call_edit"),
    path("calls/<int:pk>/apply/", views.application_create, name="application_create"),
    path("calls/<int:pk>/reviewers/", views.assign_reviewer, name="assign_reviewer"),
    path("calls/<int:pk>/ranking/", views.call_ranking, name="call_ranking"),
    path("calls/<int:pk>/confirm/", views.confirm_selection, name="confirm_selection"),
    path("applications/", views.application_list, name="application_list"),
    path("my/", views.my_applications, name="my_applications"),
    path("applications/<int:pk>/", views.application_detail, name="application_detail"),
    path("applications/<int:pk>/edit/", views.application_edit, name="application_edit"),
    path("applications/<int:pk>/attachments/", views.attachment_upload, name="attachment_upload"),
    path("applications/<int:pk>/partners/", views.partner_add, name="partner_add"),
    path("applications/<int:pk>/submit/", views.application_submit, name="application_submit"),
    path(
        "applications/<int:pk>/withdraw/", views.application_withdraw, name="application_withdraw"
    ),
    path(
        "applications/<int:pk>/transition/",
        views.application_transition,
        name="application_transition",
    ),
    path("applications/<int:pk>/supplements/", views.supplement_request, name="supplement_request"),
    path("applications/<int:pk>/review/", views.review_form, name="review_form"),
    path("applications/<int:pk>/agreement/", views.agreement_create, name="agreement_create"),
    path("applications/<int:pk>/interim/", views.interim_decision, name="interim_decision"),
    path("applications/<int:pk>/results/", views.result_create, name="result_create"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment_download"),
    path("attachments/<int:pk>/delete/", views.attachment_delete, name="attachment_delete"),
    path("partners/<int:pk>/confirm/", views.partner_confirm, name="partner_confirm"),
    path("supplements/<int:pk>/answer/", views.supplement_answer, name="supplement_answer"),
    path("reviews/", views.review_list, name="review_list"),
    path("agreements/", views.agreement_list, name="agreement_list"),
    path("agreements/<int:pk>/", views.agreement_detail, name="agreement_detail"),
    path(
        "agreements/<int:pk>/disbursements/", views.disbursement_create, name="disbursement_create"
    ),
    path("results/<int:pk>/confirm/", views.result_confirm, name="result_confirm"),
    path("results/<int:pk>/evidence/", views.result_evidence, name="result_evidence"),
    path("programs/", views.program_list, name="program_list"),
    path("programs/new/", views.program_edit, name="program_create"),
    path("programs/<int:pk>/edit/", views.program_edit, name="program_edit"),
    path("programs/<int:program_pk>/rules/new/", views.rule_edit, name="rule_create"),
    path("programs/<int:program_pk>/rules/<int:pk>/", views.rule_edit, name="rule_edit"),
    path("calls/<int:pk>/criteria/", views.criterion_add, name="criterion_add"),
    path("calls/<int:pk>/questions/", views.question_add, name="question_add"),
    path("complexes/", views.complex_list, name="complex_list"),
    path("complexes/new/", views.complex_create, name="complex_create"),
    path("complexes/<int:pk>/", views.complex_detail, name="complex_detail"),
]
