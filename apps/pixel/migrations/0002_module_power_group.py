from django.db import migrations

from pixelws.sqlviews import CreateViews


class Migration(migrations.Migration):
    """PIXEL_MODULES gains POWER_GROUP (the migration state does not track unmanaged fields)."""

    dependencies = [("pixel", "0001_initial")]

    operations = [CreateViews("pixel", ["pixel_modules"])]
