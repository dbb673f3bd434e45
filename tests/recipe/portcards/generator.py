"""The demo rows of the source table (step 1's generator): four portcards read on the hour over
the demo week, 2018-10-09 to 2018-10-16, but for a six-hour outage from 2018-10-11 02:00."""
import random
from datetime import datetime, timedelta, timezone

PORTCARDS = ("PC_BmI_1", "PC_BmO_1", "PC_BpI_1", "PC_BpO_1")
START = datetime(2018, 10, 9, tzinfo=timezone.utc)
OUTAGE = range(50, 56)  # hours after START without a reading


def fill(apps, schema_editor):
    rows = apps.get_model("portcards", "PortcardReading")
    seeded = random.Random(30)
    rows.objects.bulk_create(
        rows(portcard=card, ts=START + timedelta(hours=hour), temperature=round(18 + seeded.gauss(0, 0.5), 2))
        for hour in range(7 * 24) if hour not in OUTAGE for card in PORTCARDS
    )
