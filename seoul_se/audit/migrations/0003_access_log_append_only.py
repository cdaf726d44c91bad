"""On PostgreSQL the personal-data access log is append-only in the database itself: UPDATE
always fails, and DELETE fails unless the retention purge asked for it in its own transaction
(``SET LOCAL seoul_se.access_log_purge = 'on'``, see ``services.purge_expired_access_logs``) AND
the row is more than two years old. So neither a bug nor a shell session can erase an access
younger than the legal two years. (TRUNCATE needs the table owner, as for the audit trail.)"""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION seoul_se_access_log_guard() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE'
       AND current_setting('seoul_se.access_log_purge', true) = 'on'
       AND OLD.at < now() - interval '2 years' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'personal-data access log is append-only (%)', TG_OP;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_accesslog_append_only
    BEFORE UPDATE OR DELETE ON audit_accesslog
    FOR EACH ROW EXECUTE FUNCTION seoul_se_access_log_guard();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS audit_accesslog_append_only ON audit_accesslog;
DROP FUNCTION IF EXISTS seoul_se_access_log_guard();
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD, params=None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD, params=None)


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_access_log")]
    operations = [migrations.RunPython(forward, backward)]
