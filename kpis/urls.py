from django.urls import path

from kpis import views

app_name = "kpis"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("recompute", views.recompute, name="recompute"),
    path("indicators/new", views.indicator_form, name="indicator_create"),
    path("indicators/<int:pk>", views.indicator_detail, name="indicator"),
    path("indicators/<int:pk>/edit", views.indicator_form, name="indicator_edit"),
    path("indicators/<int:pk>/entries/new", views.entry_create, name="entry_create"),
    path("entries/pending", views.pending, name="pending"),
    path("entries/<int:pk>/act", views.entry_act, name="entry_act"),
    path("entries/<int:pk>/evidence", views.evidence, name="evidence"),
]
