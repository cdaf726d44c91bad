from django.urls import path

from seoul_se.core import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("ping", views.ping, name="ping"),
    path("confirm", views.confirm, name="confirm"),
    path("jobs/<int:pk>", views.job_status, name="job_status"),
    path("jobs/<int:pk>/retry", views.job_retry, name="job_retry"),
]
