from django.contrib import admin

from seoul_se.reference.models import District, LegalType, Sector, StrategicField

for model in (District, LegalType, Sector, StrategicField):
    admin.site.register(model, list_display=["code", "name", "sort_order"])
