"""Unmanaged models over the DAQ views (sql/oracle/*.sql): the pixel FEDs, their channels' state
and error counts as the FED monitor persists them, and the readbacker's per-ROC values."""
from django.db import models

# The Phase-1 pixel FED's error types (docs/architecture.md), by code; PXL_FED_ERROR_TYPES names them.
FED_ERROR_TYPES = {
    25: "disabled channel",
    29: "timeout",
    30: "TBM trailer",
    31: "event number mismatch",
    32: "bad header",
    33: "bad trailer",
    34: "size mismatch",
    35: "invalid channel",
    36: "invalid ROC",
    37: "invalid dcol/pixel",
    40: "TBM overflow",
}
TIMEOUT = 29
TBM_ERRORS = (30, 40)
CHANNEL_STATES = ("enabled", "masked", "disabled")


class PixelFed(models.Model):
    fed_id = models.IntegerField(primary_key=True, help_text="1200..1349")
    crate = models.IntegerField(help_text="uTCA crate")
    slot = models.IntegerField(help_text="slot in its crate")
    subdetector = models.CharField(max_length=4, help_text="BPix or FPix")
    half = models.CharField(max_length=3, help_text="the half-shell or half-cylinder it reads: BmI BmO BpI BpO")
    channels = models.IntegerField(help_text="cabled channels (at most 48)")
    modules = models.IntegerField()
    rocs = models.IntegerField()

    class Meta:
        managed = False
        db_table = "pixel_feds"


class FedChannel(models.Model):
    """A FED channel's state over a lumisection interval of a run, with its error counters."""

    pk = models.CompositePrimaryKey("run_number", "first_lumisection_number", "fed_id", "fed_channel")
    run_number = models.IntegerField()
    first_lumisection_number = models.IntegerField()
    last_lumisection_number = models.IntegerField(help_text="the state holds in this LS too")
    lumisections = models.IntegerField()
    fed_id = models.IntegerField()
    fed_channel = models.IntegerField(help_text="1..48")
    state = models.CharField(max_length=8, help_text="enabled, masked (by the DAQ) or disabled (in the configuration)")
    module_name = models.CharField(max_length=40, null=True, help_text="the module it reads out")
    first_roc = models.IntegerField(null=True, help_text="first ROC of the module on the channel")
    last_roc = models.IntegerField(null=True)
    rocs = models.IntegerField(null=True)
    errors = models.IntegerField(help_text="errors of every type over the interval")
    timeouts = models.IntegerField(help_text="type 29 errors over the interval")
    tbm_errors = models.IntegerField(help_text="type 30 (TBM trailer) and 40 (TBM overflow) errors over the interval")

    class Meta:
        managed = False
        db_table = "fed_channels"


class FedError(models.Model):
    """Errors of one type on one FED channel in one lumisection (rows only where there are any)."""

    pk = models.CompositePrimaryKey("run_number", "lumisection_number", "fed_id", "fed_channel", "error_type")
    run_number = models.IntegerField()
    fill_number = models.IntegerField(null=True)
    lumisection_number = models.IntegerField()
    fed_id = models.IntegerField()
    fed_channel = models.IntegerField(help_text="1..48")
    error_type = models.IntegerField(help_text="FED error code: 25, 29–37, 40")
    error_name = models.CharField(max_length=32, null=True)
    errors = models.IntegerField()
    module_name = models.CharField(max_length=40, null=True, help_text="the module the channel reads out")

    class Meta:
        managed = False
        db_table = "fed_errors"


class Readback(models.Model):
    """The readbacker's values of one ROC in one run."""

    pk = models.CompositePrimaryKey("run_number", "roc_name")
    run_number = models.IntegerField()
    roc_name = models.CharField(max_length=48, help_text="online ROC name")
    module_name = models.CharField(max_length=40)
    roc = models.IntegerField(help_text="0..15 within the module")
    det_id = models.BigIntegerField(help_text="offline CMSSW DetId of the module")
    subdetector = models.CharField(max_length=4)
    map_name = models.CharField(max_length=7)
    layer = models.IntegerField(null=True)
    disk = models.IntegerField(null=True)
    ring = models.IntegerField(null=True)
    vd = models.FloatField(help_text="digital supply voltage at the ROC")
    va = models.FloatField(help_text="analog supply voltage at the ROC")
    vana_dac = models.IntegerField(help_text="the Vana DAC setting")
    vana = models.FloatField(help_text="regulated analog voltage")
    vbg = models.FloatField(help_text="band-gap reference voltage")
    iana = models.FloatField(help_text="analog current")
    map_x = models.FloatField()
    map_y = models.FloatField()

    class Meta:
        managed = False
        db_table = "readbacks"
