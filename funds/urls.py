from django.urls import path

from funds import views

app_name = "funds"

urlpatterns = [
    path("", views.fund_status, name="status"),
    path("loans/", views.loan_list, name="loan_list"),
    path("loans/new/", views.loan_create, name="loan_create"),
    path("loans/<int:pk>/", views.loan_detail, name="loan_detail"),
    path("loans/<int:pk>/workflow/", views.loan_workflow, name="loan_workflow"),
    path("loans/<int:pk>/disburse/", views.loan_disburse, name="loan_disburse"),
    path("loans/<int:pk>/post/", views.loan_post, name="loan_post"),
    path("loans/<int:pk>/write-off/", views.loan_write_off, name="loan_write_off"),
    path("loans/<int:pk>/inspection/", views.loan_inspection, name="loan_inspection"),
    path("transactions/<int:pk>/", views.transaction_detail, name="transaction_detail"),
    path("transactions/<int:pk>/reverse/", views.transaction_reverse, name="transaction_reverse"),
    path("reports/<int:pk>/submit/", views.report_submit, name="report_submit"),
    path("ledger.xlsx", views.ledger_export, name="ledger_export"),
    path("monitoring/", views.monitoring, name="monitoring"),
    path("repayment-reports/", views.repayment_reports, name="repayment_reports"),
    path("intermediaries/", views.intermediaries, name="intermediaries"),
    path("intermediaries/<int:pk>/staff/", views.intermediary_staff, name="intermediary_staff"),
    path("deposits/", views.deposits, name="deposits"),
    path("products/", views.products, name="products"),
    path("partnerships/", views.partnerships, name="partnerships"),
    path("records/<slug:kind>/new/", views.record_form, name="record_create"),
    path("records/<slug:kind>/<int:pk>/", views.record_form, name="record_edit"),
]
