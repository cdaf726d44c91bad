from django.urls import path

from education import views

app_name = "education"

urlpatterns = [
    path("", views.course_list, name="list"),
    path("export.xlsx", views.export, name="export"),
    path("new/", views.create, name="create"),
    path("mine/", views.mine, name="mine"),
    path("public/", views.public_list, name="public_list"),
    path("public/<int:pk>/enrol/", views.public_enrol, name="public_enrol"),
    path("verify/", views.verify, name="verify"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/sessions/new/", views.add_session, name="add_session"),
    path("<int:pk>/enrol/", views.enrol, name="enrol"),
    path("<int:pk>/certificates/issue/", views.issue_certificates, name="issue_certificates"),
    path("<int:pk>/enrolments.xlsx", views.export_enrolments, name="export_enrolments"),
    path("enrolments/<int:pk>/cancel/", views.cancel, name="cancel"),
    path("enrolments/<int:pk>/survey/", views.survey, name="survey"),
    path("sessions/<int:pk>/attendance/", views.attendance, name="attendance"),
    path(
        "sessions/<int:pk>/attendance.xlsx", views.attendance_template, name="attendance_template"
    ),
    path("certificates/<int:pk>.pdf", views.certificate_pdf, name="certificate"),
]
