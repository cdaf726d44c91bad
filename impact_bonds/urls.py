from django.urls import path

from impact_bonds import views

app_name = "impact_bonds"

urlpatterns = [
    path("", views.bond_list, name="list"),
    path("bonds.xlsx", views.bond_export, name="export"),
    path("measurements.xlsx", views.measurement_export, name="measurement_export"),
    path("<int:pk>/", views.bond_detail, name="detail"),
    path("<int:pk>/measurements/", views.measurement_create, name="measurement_create"),
    path("<int:pk>/rule/", views.rule_update, name="rule_update"),
]
