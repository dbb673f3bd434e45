"""Unmanaged models over the pixel views (sql/oracle/*.sql): Phase-1 geometry with the FED
cabling map, and DAQ masking per run and lumisection interval."""
from django.db import models

MAP_X_HELP = "ROC-map x: signed module (BPix) or signed disk (FPix), negative = -z"
MAP_Y_HELP = "ROC-map y: signed ladder (BPix) or signed blade (FPix), negative = outer (O) half"


class PixelPlace(models.Model):
    """A module or ROC by online name and where it sits, as in that name; numbers of the other
    subdetector are NULL (BPix: half_shell … module, FPix: half_cylinder … ring)."""

    name = models.CharField(max_length=48, primary_key=True, help_text="online name")
    subdetector = models.CharField(max_length=4, help_text="BPix or FPix")
    map_name = models.CharField(max_length=7, help_text="DQM ROC map: BPix_L1..BPix_L4, FPix_R1, FPix_R2")
    half_shell = models.CharField(max_length=3, null=True, help_text="BmI BmO BpI BpO (m/p = -z/+z)")
    sector = models.IntegerField(null=True, help_text="1..8 per half-shell")
    layer = models.IntegerField(null=True, help_text="1..4")
    ladder = models.IntegerField(null=True, help_text="per half-shell, online")
    module = models.IntegerField(null=True, help_text="1..4, outwards from z = 0")
    half_cylinder = models.CharField(max_length=3, null=True, help_text="BmI BmO BpI BpO")
    disk = models.IntegerField(null=True, help_text="1..3")
    blade = models.IntegerField(null=True, help_text="per half-cylinder and ring, online")
    panel = models.IntegerField(null=True, help_text="1..2")
    ring = models.IntegerField(null=True, help_text="1..2")
    det_id = models.BigIntegerField(help_text="offline CMSSW DetId of the module")

    class Meta:
        abstract = True


class PixelRoc(PixelPlace):
    module_name = models.CharField(max_length=40, help_text="online name of its module")
    roc = models.IntegerField(help_text="0..15 within the module")
    fed_id = models.IntegerField(null=True)
    fed_channel = models.IntegerField(null=True, help_text="1..48")
    map_x = models.FloatField(help_text=f"{MAP_X_HELP}; centre of the ROC's bin")
    map_y = models.FloatField(help_text=f"{MAP_Y_HELP}; centre of the ROC's bin")

    class Meta:
        managed = False
        db_table = "pixel_rocs"


class PixelModule(PixelPlace):
    fed_id = models.IntegerField(null=True)
    first_fed_channel = models.IntegerField(null=True)
    last_fed_channel = models.IntegerField(null=True)
    map_x = models.FloatField(help_text=f"{MAP_X_HELP}; centre of its ROCs' bins")
    map_y = models.FloatField(help_text=f"{MAP_Y_HELP}; centre of its ROCs' bins")
    power_group = models.CharField(max_length=16, help_text="the DCS power group feeding it (power_groups)")

    class Meta:
        managed = False
        db_table = "pixel_modules"


class MaskedChannel(models.Model):
    """A FED channel masked by the DAQ from one lumisection to another of a run."""

    pk = models.CompositePrimaryKey("run_number", "first_lumisection_number", "fed_id", "fed_channel")
    run_number = models.IntegerField()
    first_lumisection_number = models.IntegerField()
    last_lumisection_number = models.IntegerField(help_text="the channel is masked in this LS too")
    lumisections = models.IntegerField(help_text="how many lumisections the channel is masked")
    fed_id = models.IntegerField()
    fed_channel = models.IntegerField(help_text="1..48")
    source = models.CharField(max_length=16, help_text="automask, manual or disabled")
    module_name = models.CharField(max_length=40, null=True, help_text="the module it reads out")
    first_roc = models.IntegerField(null=True, help_text="first ROC of the module on the channel")
    last_roc = models.IntegerField(null=True)
    rocs = models.IntegerField(null=True, help_text="ROCs on the channel: 2 on layer 1, 4 on layer 2, else 8")

    class Meta:
        managed = False
        db_table = "masked_channels"


class MaskedRoc(models.Model):
    """A ROC masked from one lumisection to another of a run, alone or with its whole channel."""

    pk = models.CompositePrimaryKey("run_number", "first_lumisection_number", "roc_name")
    run_number = models.IntegerField()
    first_lumisection_number = models.IntegerField()
    last_lumisection_number = models.IntegerField(help_text="the ROC is masked in this LS too")
    lumisections = models.IntegerField(help_text="how many lumisections the ROC is masked")
    roc_name = models.CharField(max_length=48, help_text="online ROC name")
    module_name = models.CharField(max_length=40, null=True)
    roc = models.IntegerField(null=True, help_text="0..15 within the module")
    source = models.CharField(max_length=16, help_text="automask, manual or disabled")
    scope = models.CharField(max_length=8, help_text="roc: masked alone; channel: with its FED channel")
    fed_id = models.IntegerField(null=True)
    fed_channel = models.IntegerField(null=True)
    subdetector = models.CharField(max_length=4, null=True)
    map_name = models.CharField(max_length=7, null=True)
    layer = models.IntegerField(null=True)
    disk = models.IntegerField(null=True)
    ring = models.IntegerField(null=True)
    map_x = models.FloatField(null=True, help_text=f"{MAP_X_HELP}; centre of the ROC's bin")
    map_y = models.FloatField(null=True, help_text=f"{MAP_Y_HELP}; centre of the ROC's bin")

    class Meta:
        managed = False
        db_table = "masked_rocs"
