from django.db import migrations

from seoul_se.reference import data

TABLES = {
    "District": data.DISTRICTS,
    "LegalType": data.LEGAL_TYPES,
    "Sector": data.SECTORS,
    "StrategicField": data.STRATEGIC_FIELDS,
}


def load(apps, schema_editor):
    for model_name, rows in TABLES.items():
        model = apps.get_model("reference", model_name)
        for order, (code, name) in enumerate(rows, start=1):
            model.objects.update_or_create(code=code, defaults={"name": name, "sort_order": order})


class Migration(migrations.Migration):
    dependencies = [("reference", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
