from django.urls import path

from consulting import views

app_name = "consulting"

urlpatterns = [
    path("", views.case_list, name="list"),
    path("export.xlsx", views.export, name="export"),
    path("request/", views.request_support, name="request"),
    path("new/", views.record, name="create"),
    path("experts/", views.experts, name="experts"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/<str:action>/", views.act, name="act"),
]
