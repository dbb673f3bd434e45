"""Handovers are never edited or deleted: the database refuses it too, whatever client asks."""
from django.db import migrations

MESSAGE = "handovers are never edited or deleted"
SQL = {
    "sqlite": [
        f"CREATE TRIGGER pixelws_handover_no_update BEFORE UPDATE ON pixelws_handover BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END",
        f"CREATE TRIGGER pixelws_handover_no_delete BEFORE DELETE ON pixelws_handover BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END",
    ],
    "oracle": [
        "CREATE OR REPLACE TRIGGER pixelws_handover_immutable BEFORE UPDATE OR DELETE ON pixelws_handover "
        f"BEGIN RAISE_APPLICATION_ERROR(-20001, '{MESSAGE}'); END;",
    ],
}
DROP = {
    "sqlite": ["DROP TRIGGER pixelws_handover_no_update", "DROP TRIGGER pixelws_handover_no_delete"],
    "oracle": ["DROP TRIGGER pixelws_handover_immutable"],
}


def run(statements):
    def apply(apps, schema_editor):
        for statement in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("handovers", "0001_initial")]
    operations = [migrations.RunPython(run(SQL), run(DROP))]
