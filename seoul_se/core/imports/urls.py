from django.urls import path

from seoul_se.core.imports import views

app_name = "imports"

urlpatterns = [
    path("", views.index, name="index"),
    path("records/", views.records, name="records"),
    path("records/<int:pk>/", views.record, name="record"),
    path("records/<int:pk>/map", views.remap, name="remap"),
    path("records/<int:pk>/commit", views.commit, name="commit"),
    path("<str:kind>/", views.upload, name="upload"),
    path("<str:kind>/template.xlsx", views.template, name="template"),
]
