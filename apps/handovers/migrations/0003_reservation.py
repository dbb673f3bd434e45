"""The versions of handovers being made (models.Reservation): a concurrent one is a 409 before its PDF."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('handovers', '0002_immutable'),
    ]

    operations = [
        migrations.CreateModel(
            name='Reservation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('shift', models.CharField(max_length=20)),
                ('version', models.IntegerField()),
                ('reserved_time', models.DateTimeField()),
            ],
            options={
                'db_table': 'pixelws_handover_reservation',
                'constraints': [models.UniqueConstraint(fields=('shift', 'version'), name='pixelws_handover_reservation_shift_version')],
            },
        ),
    ]
