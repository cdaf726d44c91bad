from django.urls import path

from seoul_se.notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("<int:pk>/open", views.open_notification, name="open"),
]
