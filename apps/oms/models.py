"""Unmanaged models over the OMS context views (sql/oracle/*.sql): OMS's own names and units,
so that a page written against them can later point at OMS itself."""
from django.db import models

from pixelws.dialect import Relationship, serve
from pixelws.dialect.fields import ListField

# OMS's dead time sources, in its order; "total" is their sum.
DEADTIME_SOURCES = (
    "total", "tts", "trigger_rules", "bunch_mask", "retri", "apve",
    "daq_backpressure", "calibration", "fw_pause", "sw_pause",
)  # fmt: skip


@serve("eras", default_sort=("-start_time",), ongoing=models.Q(end_time=None),
       relationships=(Relationship("fills", to="fills", on={"era": "name"}),),
       description="Data-taking eras (e.g. Run2018D): their time span and fills")  # fmt: skip
class Era(models.Model):
    name = models.CharField(max_length=32, primary_key=True)
    start_time = models.DateTimeField()
    end_time = models.DateTimeField(null=True)
    first_fill_number = models.IntegerField()
    last_fill_number = models.IntegerField()

    class Meta:
        managed = False
        db_table = "eras"


class Fill(models.Model):
    fill_number = models.IntegerField(primary_key=True)
    era = models.CharField(max_length=32)
    fill_type_runtime = models.CharField(max_length=16)
    fill_type_party1 = models.CharField(max_length=16)
    fill_type_party2 = models.CharField(max_length=16)
    injection_scheme = models.CharField(max_length=64)
    start_time = models.DateTimeField()
    end_time = models.DateTimeField(null=True)
    start_stable_beam = models.DateTimeField(null=True)
    end_stable_beam = models.DateTimeField(null=True)
    duration = models.IntegerField(help_text="seconds")
    downtime = models.IntegerField(help_text="seconds")
    energy = models.FloatField(help_text="GeV")
    b_field = models.FloatField()
    beta_star = models.FloatField(help_text="cm")
    crossing_angle = models.FloatField(help_text="µrad")
    bunches_beam1 = models.IntegerField()
    bunches_beam2 = models.IntegerField()
    bunches_colliding = models.IntegerField()
    bunches_target = models.IntegerField()
    intensity_beam1 = models.FloatField(help_text="10^11 protons")
    intensity_beam2 = models.FloatField(help_text="10^11 protons")
    peak_lumi = models.FloatField()
    peak_pileup = models.FloatField(null=True)
    peak_specific_lumi = models.FloatField(null=True)
    init_lumi = models.FloatField(null=True)
    delivered_lumi = models.FloatField(help_text="pb^-1")
    recorded_lumi = models.FloatField(help_text="pb^-1")
    efficiency_time = models.FloatField(help_text="%")
    efficiency_lumi = models.FloatField(help_text="%")
    to_ready_time = models.FloatField(null=True, help_text="seconds")
    to_dump_ready_time = models.FloatField(null=True, help_text="seconds")
    dump_ready_to_dump_time = models.FloatField(null=True, help_text="seconds")
    first_run_number = models.IntegerField(null=True)
    last_run_number = models.IntegerField(null=True)

    class Meta:
        managed = False
        db_table = "fills"


class Run(models.Model):
    run_number = models.IntegerField(primary_key=True)
    fill_number = models.IntegerField(null=True)
    era = models.CharField(max_length=32, null=True)
    start_time = models.DateTimeField()
    end_time = models.DateTimeField(null=True)
    duration = models.IntegerField(null=True)
    last_lumisection_number = models.IntegerField(null=True)
    sequence = models.CharField(max_length=32)
    components = ListField(help_text="subsystems in the run")
    l1_key = models.CharField(max_length=64)
    hlt_key = models.CharField(max_length=128)
    l1_menu = models.CharField(max_length=64)
    cmssw_version = models.CharField(max_length=32)
    trigger_mode = models.CharField(max_length=32)
    initial_prescale_index = models.IntegerField()
    stable_beam = models.BooleanField(help_text="any lumisection with stable beams")
    b_field = models.FloatField()
    energy = models.FloatField()
    l1_rate = models.FloatField()
    hlt_physics_rate = models.FloatField()
    init_lumi = models.FloatField(null=True)
    end_lumi = models.FloatField(null=True)
    delivered_lumi = models.FloatField(null=True)
    recorded_lumi = models.FloatField(null=True)

    class Meta:
        managed = False
        db_table = "runs"


class Lumisection(models.Model):
    pk = models.CompositePrimaryKey("run_number", "lumisection_number")
    run_number = models.IntegerField()
    lumisection_number = models.IntegerField()
    fill_number = models.IntegerField(null=True)
    start_time = models.DateTimeField()
    end_time = models.DateTimeField()
    init_lumi = models.FloatField()
    end_lumi = models.FloatField()
    delivered_lumi = models.FloatField()
    recorded_lumi = models.FloatField()
    pileup = models.FloatField()
    prescale_index = models.IntegerField()
    beams_stable = models.BooleanField()
    beam1_present = models.BooleanField()
    beam2_present = models.BooleanField()
    beam1_stable = models.BooleanField()
    beam2_stable = models.BooleanField()
    cms_active = models.BooleanField()
    physics_flag = models.BooleanField()
    bpix_ready = models.BooleanField()
    fpix_ready = models.BooleanField()
    tibtid_ready = models.BooleanField()
    tob_ready = models.BooleanField()
    tecp_ready = models.BooleanField()
    tecm_ready = models.BooleanField()

    class Meta:
        managed = False
        db_table = "lumisections"


class Deadtime(models.Model):
    """Dead time per lumisection; one percent/counter pair per source, over all bunch crossings
    (overall_*) and over those with beam (beamactive_*)."""

    pk = models.CompositePrimaryKey("run_number", "first_lumisection_number")
    run_number = models.IntegerField()
    fill_number = models.IntegerField(null=True)
    first_lumisection_number = models.IntegerField()
    last_lumisection_number = models.IntegerField()

    class Meta:
        managed = False
        db_table = "deadtimes"


# OMS names the total "total_deadtime"; the view columns are short (OV_/BA_) to stay within
# Oracle's 30 characters.
DEADTIME_ATTRIBUTES = {}
for _scope, _prefix in (("overall", "ov"), ("beamactive", "ba")):
    for _source in DEADTIME_SOURCES:
        _attribute = f"{_scope}_{'total_deadtime' if _source == 'total' else _source}"
        DEADTIME_ATTRIBUTES[_attribute] = {"percent": f"{_prefix}_{_source}_pct", "counter": f"{_prefix}_{_source}_cnt"}
        Deadtime.add_to_class(f"{_prefix}_{_source}_pct", models.FloatField())
        Deadtime.add_to_class(f"{_prefix}_{_source}_cnt", models.BigIntegerField())
