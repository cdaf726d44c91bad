"""On PostgreSQL the audit table is append-only: UPDATE and DELETE raise an error in the database
itself, so not even a bug or a shell session can rewrite history. (Users are deactivated, not
deleted, because their audit entries point at them.)"""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION seoul_se_audit_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit trail is append-only (%)', TG_OP;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER auditlog_logentry_append_only
    BEFORE UPDATE OR DELETE ON auditlog_logentry
    FOR EACH ROW EXECUTE FUNCTION seoul_se_audit_append_only();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS auditlog_logentry_append_only ON auditlog_logentry;
DROP FUNCTION IF EXISTS seoul_se_audit_append_only();
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD, params=None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD, params=None)


class Migration(migrations.Migration):
    dependencies = [("auditlog", "__latest__")]
    operations = [migrations.RunPython(forward, backward)]
