"""Courses are run in the portal; the admin lists them for administrators' look-ups only."""

from django.contrib import admin

from education.models import Course


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "starts_on", "ends_on", "capacity", "audience"]
    list_filter = ["kind", "audience"]
    search_fields = ["title"]
