from django.urls import path

from enterprises import views

app_name = "enterprises"

urlpatterns = [
    path("", views.enterprise_list, name="list"),
    path("export.xlsx", views.export, name="export"),
    path("new/", views.create, name="create"),
    path("start/", views.start, name="start"),
    path("queue/", views.queue, name="queue"),
    path("import/", views.import_roster, name="import"),
    path("import/template.xlsx", views.import_template, name="import_template"),
    path("memberships/<int:pk>/decide/", views.decide_membership, name="decide_membership"),
    path("changes/<int:pk>/decide/", views.decide_change, name="decide_change"),
    path("figures/<int:pk>/confirm/", views.confirm_figures, name="confirm_figures"),
    path(
        "certifications/<int:pk>/document/",
        views.certification_document,
        name="certification_document",
    ),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/verify/", views.verify, name="verify"),
    path("<int:pk>/certifications/new/", views.add_certification, name="add_certification"),
    path("<int:pk>/figures/", views.figures, name="figures"),
]
