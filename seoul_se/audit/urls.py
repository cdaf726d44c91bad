from django.urls import path

from seoul_se.audit import views

app_name = "audit"

urlpatterns = [
    path("", views.log, name="log"),
    path("access/", views.access_log, name="access_log"),
    path("access/export.xlsx", views.access_log_export, name="access_log_export"),
    path("access/review/", views.access_review, name="access_review"),
]
