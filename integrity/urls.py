from django.urls import path

from integrity import views

app_name = "integrity"

urlpatterns = [
    path("", views.flag_list, name="list"),
    path("<int:pk>/", views.flag_detail, name="detail"),
    path("<int:pk>/act/", views.act, name="act"),
]
