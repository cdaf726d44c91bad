from django.urls import path

from seoul_se.audit import views

app_name = "audit"

urlpatterns = [path("", views.log, name="log")]
