from django.contrib import admin

from districts.models import DistrictCentre, DistrictParticipation, DistrictStage


@admin.register(DistrictCentre)
class DistrictCentreAdmin(admin.ModelAdmin):
    list_display = ["name", "district", "phone", "email", "head"]
    filter_horizontal = ["staff"]


@admin.register(DistrictStage)
class DistrictStageAdmin(admin.ModelAdmin):
    list_display = ["track", "order", "name", "max_years"]


@admin.register(DistrictParticipation)
class DistrictParticipationAdmin(admin.ModelAdmin):
    list_display = ["district", "stage", "since_year", "years_used"]
