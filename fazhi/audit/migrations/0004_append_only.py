"""Link the rows written before the hash chain existed, then make the table append-only on PostgreSQL.

The trigger refuses UPDATE and DELETE; only `audit purge` (which sets fazhi.audit_purge for its own
transaction) may delete, and only rows older than 183 days. SQLite has no such trigger: there the hash
chain is the tamper evidence.
"""

from django.db import migrations

TRIGGER = """
CREATE OR REPLACE FUNCTION audit_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE'
       AND current_setting('fazhi.audit_purge', true) = 'on'
       AND OLD.at < now() - interval '183 days' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION '审计日志只能追加，不能修改或删除';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON audit_auditevent
    FOR EACH ROW EXECUTE FUNCTION audit_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS audit_append_only ON audit_auditevent;
DROP FUNCTION IF EXISTS audit_append_only();
"""


def link_existing(apps, schema_editor):
    from fazhi.audit.chain import FIELDS, GENESIS, row_digest

    AuditEvent = apps.get_model("audit", "AuditEvent")
    prev = GENESIS
    for row in AuditEvent.objects.order_by("pk").values(*FIELDS):
        digest = row_digest(prev, row)
        AuditEvent.objects.filter(pk=row["pk"]).update(prev_hash=prev, row_hash=digest)
        prev = digest


def add_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(TRIGGER)


def drop_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_hash_chain")]

    operations = [
        migrations.RunPython(link_existing, migrations.RunPython.noop),
        migrations.RunPython(add_trigger, drop_trigger),
    ]
