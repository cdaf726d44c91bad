from django.urls import path

from procurement import views

app_name = "procurement"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("years.xlsx", views.years_export, name="years_export"),
    path("institutions.xlsx", views.institutions_export, name="institutions_export"),
    path("targets/", views.target_set, name="target_set"),
    path("purchases/", views.purchase_list, name="purchase_list"),
    path("purchases.xlsx", views.purchase_export, name="purchase_export"),
    path("purchases/new/", views.purchase_create, name="purchase_create"),
    path("purchases/import/", views.purchase_import, name="purchase_import"),
    path("purchases/template.xlsx", views.import_template, name="import_template"),
    path("events/", views.event_list, name="event_list"),
    path("events.xlsx", views.event_export, name="event_export"),
    path("events/new/", views.event_create, name="event_create"),
    path("events/<int:pk>/", views.event_detail, name="event_detail"),
    path("events/<int:pk>/meetings/", views.meeting_create, name="meeting_create"),
    path("events/<int:pk>/contracts/", views.contract_create, name="contract_create"),
    path("meetings.xlsx", views.meeting_export, name="meeting_export"),
    path("contracts/", views.contract_list, name="contract_list"),
    path("contracts.xlsx", views.contract_export, name="contract_export"),
]
