from django.db import migrations, models

from pixelws.sqlviews import CreateViews


class Migration(migrations.Migration):
    """FED_ERROR_BURSTS, and the EVENTS view reading its bursts from it."""

    dependencies = [
        ('events', '0002_readback_outliers'),
    ]

    operations = [
        CreateViews("events", ["fed_error_bursts", "events"]),
        migrations.CreateModel(
            name='FedErrorBurst',
            fields=[
                ('burst_id', models.CharField(help_text='<run>-<FED>-<first LS>', max_length=48, primary_key=True, serialize=False)),
                ('run_number', models.IntegerField()),
                ('fed_id', models.IntegerField()),
                ('first_ls', models.IntegerField()),
                ('last_ls', models.IntegerField()),
                ('errors', models.IntegerField(help_text='of every type, over its lumisections')),
                ('start_time', models.DateTimeField(help_text='the start of its first lumisection')),
                ('end_time', models.DateTimeField(help_text='the end of its last lumisection')),
            ],
            options={
                'db_table': 'fed_error_bursts',
                'managed': False,
            },
        ),
    ]
