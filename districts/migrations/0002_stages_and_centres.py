from django.db import migrations

from districts.data import load


class Migration(migrations.Migration):
    dependencies = [
        ("districts", "0001_initial"),
        ("reference", "0002_load_reference_data"),
    ]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
