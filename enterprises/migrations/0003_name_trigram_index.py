"""Partial Korean-name search: a pg_trgm GIN index that serves ``name__icontains``.

Django renders ``icontains`` on PostgreSQL as ``UPPER("name"::text) LIKE UPPER('%…%')``, so the
index is on that same expression. PostgreSQL only: SQLite (``make run``) skips it.
"""

from django.db import migrations

INDEX = "enterprise_name_upper_trgm"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f'CREATE INDEX IF NOT EXISTS {INDEX} ON enterprises_enterprise '
        'USING gin (UPPER("name"::text) gin_trgm_ops)'
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("enterprises", "0002_registry")]

    operations = [migrations.RunPython(create, drop)]
