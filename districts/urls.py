from django.urls import path

from districts import views

app_name = "districts"

urlpatterns = [
    path("", views.centre_list, name="centre_list"),
    path("export.xlsx", views.centre_export, name="centre_export"),
    path("calls/<int:pk>/apply/", views.apply, name="apply"),
]
