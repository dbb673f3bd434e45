from django.db import migrations

from pixelws.sqlviews import CreateViews


class Migration(migrations.Migration):
    """READBACKS from the source tables, LEFT JOINs on unique keys (docs/oracle.md)."""

    dependencies = [("daq", "0001_initial")]

    operations = [CreateViews("daq", ["readbacks"])]
