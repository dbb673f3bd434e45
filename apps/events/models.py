"""The unmanaged models over the EVENTS view (sql/oracle/events.sql): one timeline of what
happened, derived in SQL from the source tables of the other apps; over READBACK_OUTLIERS
(sql/oracle/readback_outliers.sql), the runs' outlying ROCs that EVENTS counts; and over
FED_ERROR_BURSTS (sql/oracle/fed_error_bursts.sql), the bursts EVENTS lists."""
from urllib.parse import parse_qsl

from django.db import models

from pixelws.controller import page_link
from pixelws.shifts import Shift

SOURCES = ("run", "dcs", "power", "daq", "masking")
SEVERITIES = ("info", "warning", "alarm")
RUN_BOUND = ("run", "daq", "masking")  # sources whose events begin and end within one run
INSTANTS = ("run_start", "run_end", "set_point", "readback_outlier")  # kinds whose null end_time is no "still going on"


def link(page, selection, start):
    """The page and selection that show an event; no selection: the shift it starts in."""
    return page_link(page, dict(parse_qsl(selection)) if selection else {"shift": Shift.at(start).id})


class Event(models.Model):
    event_id = models.CharField(max_length=96, primary_key=True, help_text="the source row it comes from, e.g. run-start-324245")
    start_time = models.DateTimeField()
    end_time = models.DateTimeField(null=True, help_text="null for an instant, or while it goes on")
    source = models.CharField(max_length=8, help_text="run, dcs, power, daq or masking")
    kind = models.CharField(max_length=16, help_text="run_start, run_end, trip, off, out_of_limits, set_point, channels_masked, rocs_automasked, error_burst, readback_outlier")  # fmt: skip
    severity = models.CharField(max_length=8, help_text="info, warning or alarm")
    subject = models.CharField(max_length=48, help_text="the run, channel, power group, FED / channel or module")
    text = models.CharField(max_length=200, help_text="one line a shifter reads")
    run_number = models.IntegerField(null=True)
    lumisection_number = models.IntegerField(null=True, help_text="where it starts, when known")
    page = models.CharField(max_length=32, help_text="the workspace page that shows it")
    selection = models.CharField(max_length=64, null=True, help_text="the page's selection (a query string); null: the shift of start_time")  # fmt: skip

    class Meta:
        managed = False
        db_table = "events"


class ReadbackOutlier(models.Model):
    """A ROC whose Vana lies beyond |robust z| > 3 of its layer or ring in a run. A materialized view
    on Oracle, refreshed when a run's readbacks are loaded (docs/oracle.md); a table in the demo database."""

    materialised = True  # a table in the demo database, a materialized view on Oracle (pixelws.sqlviews)

    outlier_id = models.CharField(max_length=64, primary_key=True, help_text="vana-<run>-<ROC>")
    run_number = models.IntegerField()
    roc_name = models.CharField(max_length=48)
    part = models.CharField(max_length=4, help_text="BPix layer (L1…L4) or FPix ring (R1, R2)")
    vana = models.FloatField()
    median_vana = models.FloatField(help_text="the median of its part in the run")
    mad_vana = models.FloatField(help_text="the median absolute deviation of its part in the run")

    class Meta:
        managed = False
        db_table = "readback_outliers"
        indexes = [models.Index(fields=["run_number"], name="readback_outliers_run")]


class FedErrorBurst(models.Model):
    """A FED's consecutive lumisections with at least 100 errors each in a run. A materialized view
    on Oracle, refreshed when a run's FED errors are loaded (docs/oracle.md); a table in the demo database."""

    materialised = True  # a table in the demo database, a materialized view on Oracle (pixelws.sqlviews)

    burst_id = models.CharField(max_length=48, primary_key=True, help_text="<run>-<FED>-<first LS>")
    run_number = models.IntegerField()
    fed_id = models.IntegerField()
    first_ls = models.IntegerField()
    last_ls = models.IntegerField()
    errors = models.IntegerField(help_text="of every type, over its lumisections")
    start_time = models.DateTimeField(help_text="the start of its first lumisection")
    end_time = models.DateTimeField(help_text="the end of its last lumisection")

    class Meta:
        managed = False
        db_table = "fed_error_bursts"
        # A window's bursts (the timeline's filters on START_TIME); a run's.
        indexes = [models.Index(fields=["start_time"], name="fed_error_bursts_start"),
                   models.Index(fields=["run_number"], name="fed_error_bursts_run")]
