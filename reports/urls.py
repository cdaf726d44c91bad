from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("budgets/<int:pk>/", views.budget_detail, name="budget"),
    path("budgets/<int:pk>/transition", views.transition, name="transition"),
    path("budgets/<int:pk>/revenues/new", views.revenue_new, name="revenue_new"),
    path("budgets/<int:pk>/expenditures/new", views.expenditure_new, name="expenditure_new"),
    path("budgets/<int:pk>/changes/new", views.budget_change_new, name="budget_change_new"),
    path("budgets/<int:pk>/ledger", views.ledger, name="ledger"),
    path("budgets/<int:pk>/findings", views.findings, name="findings"),
    path("expenditures/<int:pk>/evidence", views.evidence, name="evidence"),
    path("generate", views.generate, name="generate"),
    path("generated/<int:pk>/download", views.download, name="download"),
]
