from django.db import migrations

from pixelws.sqlviews import CreateViews


class Migration(migrations.Migration):
    """LEFT JOINs on unique keys: a first page looks up its own rows only, a count none (docs/oracle.md)."""

    dependencies = [("dcs", "0001_initial")]

    operations = [CreateViews("dcs", ["lv_channels", "hv_channels", "leakage_currents", "temperatures"])]
