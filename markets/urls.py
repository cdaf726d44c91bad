from django.urls import path

from markets import views

app_name = "markets"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("channels/new/", views.channel_create, name="channel_create"),
    path("channels/<int:pk>/", views.channel_detail, name="channel_detail"),
    path("channels/<int:pk>/placements/", views.placement_create, name="placement_create"),
    path("channels/<int:pk>/sales/", views.sales_create, name="sales_create"),
    path("channels.xlsx", views.channel_export, name="channel_export"),
    path("placements/", views.placement_list, name="placement_list"),
    path("placements.xlsx", views.placement_export, name="placement_export"),
    path("sales/", views.sales_list, name="sales_list"),
    path("sales.xlsx", views.sales_export, name="sales_export"),
    path("events/new/", views.event_create, name="event_create"),
    path("events/<int:pk>/", views.event_detail, name="event_detail"),
    path("events.xlsx", views.event_export, name="event_export"),
    path("participations/", views.participation_list, name="participation_list"),
    path("participations.xlsx", views.participation_export, name="participation_export"),
]
