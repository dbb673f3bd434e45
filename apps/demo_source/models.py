"""Look-alikes of the source tables the views read in production (OMS's database, pixDB).

Only the embedded demo database has these; in production the tables belong to the DB owners
and the views in each app are the contract. Units are those of the production columns.
"""
from django.db import models

from apps.oms.models import DEADTIME_SOURCES


class OmsFill(models.Model):
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
    energy = models.FloatField()  # GeV
    b_field = models.FloatField()  # T
    beta_star = models.FloatField()  # cm
    crossing_angle = models.FloatField()  # µrad
    bunches_beam1 = models.IntegerField()
    bunches_beam2 = models.IntegerField()
    bunches_colliding = models.IntegerField()
    bunches_target = models.IntegerField()
    intensity_beam1 = models.FloatField()  # 10^11 protons
    intensity_beam2 = models.FloatField()
    peak_lumi = models.FloatField()  # 10^30 cm^-2 s^-1
    peak_pileup = models.FloatField(null=True)
    peak_specific_lumi = models.FloatField(null=True)
    init_lumi = models.FloatField(null=True)
    delivered_lumi = models.FloatField()  # pb^-1
    recorded_lumi = models.FloatField()
    efficiency_time = models.FloatField()  # %
    efficiency_lumi = models.FloatField()
    to_ready_time = models.FloatField(null=True)  # s
    to_dump_ready_time = models.FloatField(null=True)
    dump_ready_to_dump_time = models.FloatField(null=True)
    duration = models.IntegerField()  # s
    downtime = models.IntegerField()
    first_run_number = models.IntegerField(null=True)
    last_run_number = models.IntegerField(null=True)

    class Meta:
        db_table = "OMS_FILLS"


class OmsRun(models.Model):
    run_number = models.IntegerField(primary_key=True)
    fill_number = models.IntegerField(null=True, db_index=True)
    start_time = models.DateTimeField()
    end_time = models.DateTimeField(null=True)
    sequence = models.CharField(max_length=32)
    components = models.TextField()  # comma-separated subsystem list
    l1_key = models.CharField(max_length=64)
    hlt_key = models.CharField(max_length=128)
    l1_menu = models.CharField(max_length=64)
    cmssw_version = models.CharField(max_length=32)
    trigger_mode = models.CharField(max_length=32)
    initial_prescale_index = models.IntegerField()
    b_field = models.FloatField()  # T
    energy = models.FloatField()  # GeV
    l1_rate = models.FloatField()  # Hz, mean over the run
    hlt_physics_rate = models.FloatField()

    class Meta:
        db_table = "OMS_RUNS"


class OmsLumisection(models.Model):
    """One lumisection (2^18 orbits ≈ 23.31 s); luminosity as BRIL publishes it."""

    run_number = models.IntegerField()
    lumisection_number = models.IntegerField()
    start_time = models.DateTimeField()
    end_time = models.DateTimeField()
    init_lumi = models.FloatField()  # 10^30 cm^-2 s^-1 (= Hz/µb) at the start of the LS
    end_lumi = models.FloatField()
    pileup = models.FloatField()
    prescale_index = models.IntegerField()
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
        db_table = "OMS_LUMISECTIONS"
        # The events view's lumisections in a window, in an order that is unique (its FED errors
        # are grouped in that order, without a sort).
        constraints = [models.UniqueConstraint("run_number", "lumisection_number", name="oms_ls_run_ls"),
                       models.UniqueConstraint("start_time", "run_number", "lumisection_number", name="oms_ls_start_run_ls")]


class OmsDeadtime(models.Model):
    """Dead bunch crossings per lumisection and source, counted over all crossings (OV_) and
    over the crossings with beam (BA_); the view turns them into percentages."""

    run_number = models.IntegerField()
    lumisection_number = models.IntegerField()
    beamactive_bx = models.BigIntegerField()  # crossings with beam in this LS

    class Meta:
        db_table = "OMS_DEADTIMES"
        constraints = [models.UniqueConstraint("run_number", "lumisection_number", name="oms_dt_run_ls")]


for _source in DEADTIME_SOURCES:
    OmsDeadtime.add_to_class(f"ov_{_source}", models.BigIntegerField())
    OmsDeadtime.add_to_class(f"ba_{_source}", models.BigIntegerField())


# ---------------------------------------------------------------- pixDB look-alikes (pixel app)


class PxlModule(models.Model):
    """pixDB's module table: one row per Phase-1 module, its position as separate numbers
    (NULL where the other subdetector's numbering applies). Every module has 16 ROCs."""

    module_name = models.CharField(max_length=40, unique=True)  # online name
    det_id = models.BigIntegerField(unique=True)  # offline CMSSW DetId
    half = models.CharField(max_length=3)  # half-shell / half-cylinder: BmI BmO BpI BpO
    sector = models.IntegerField(null=True)  # BPix
    layer = models.IntegerField(null=True)
    ladder = models.IntegerField(null=True)
    module = models.IntegerField(null=True)
    disk = models.IntegerField(null=True)  # FPix
    blade = models.IntegerField(null=True)
    panel = models.IntegerField(null=True)
    ring = models.IntegerField(null=True)
    map_x = models.FloatField()  # centre of the module's ROC bins on its DQM ROC map
    map_y = models.FloatField()

    class Meta:
        db_table = "PXL_MODULES"


class PxlRoc(models.Model):
    """pixDB's ROC table, with the centre of each ROC's bin on its DQM ROC map."""

    roc_name = models.CharField(max_length=48, unique=True)
    module_name = models.CharField(max_length=40)
    roc = models.IntegerField()  # 0..15 within the module
    map_x = models.FloatField()
    map_y = models.FloatField()

    class Meta:
        db_table = "PXL_ROCS"
        indexes = [models.Index("module_name", "roc", name="pxl_roc_module_roc")]


class PxlFedChannel(models.Model):
    """The cabling map: which ROCs of which module one FED channel reads out."""

    fed_id = models.IntegerField()
    fed_channel = models.IntegerField()  # 1..48
    module_name = models.CharField(max_length=40)
    first_roc = models.IntegerField()
    last_roc = models.IntegerField()

    class Meta:
        db_table = "PXL_FED_CABLING"
        constraints = [models.UniqueConstraint("fed_id", "fed_channel", name="pxl_cabling_fed_channel")]
        indexes = [models.Index("module_name", "first_roc", name="pxl_cabling_module")]


MASK_SOURCES = ("automask", "manual", "disabled")


class PxlMaskedChannel(models.Model):
    """DAQ masking of whole FED channels: one row per masked lumisection interval of a run."""

    run_number = models.IntegerField()
    fed_id = models.IntegerField()
    fed_channel = models.IntegerField()
    first_ls = models.IntegerField()
    last_ls = models.IntegerField()
    source = models.CharField(max_length=16)  # one of MASK_SOURCES

    class Meta:
        db_table = "PXL_MASKED_CHANNELS"
        indexes = [
            models.Index("run_number", "first_ls", name="pxl_mchan_run_ls"),
            models.Index("fed_id", "fed_channel", "run_number", name="pxl_mchan_channel"),
        ]


class PxlMaskedRoc(models.Model):
    """DAQ masking of single ROCs: one row per masked lumisection interval of a run."""

    run_number = models.IntegerField()
    roc_name = models.CharField(max_length=48)
    first_ls = models.IntegerField()
    last_ls = models.IntegerField()
    source = models.CharField(max_length=16)  # one of MASK_SOURCES

    class Meta:
        db_table = "PXL_MASKED_ROCS"
        indexes = [
            models.Index("run_number", "first_ls", name="pxl_mroc_run_ls"),
            models.Index("roc_name", "run_number", name="pxl_mroc_roc"),
        ]


# ------------------------------------- pixel DAQ look-alikes (daq app; FED monitor, readbacker)


class PxlFed(models.Model):
    """A pixel FED and where it sits: uTCA crate and slot."""

    fed_id = models.IntegerField(primary_key=True)  # 1200..1349
    crate = models.IntegerField()
    slot = models.IntegerField()

    class Meta:
        db_table = "PXL_FEDS"


class PxlFedErrorType(models.Model):
    """The FED's error codes and their names (apps.daq.models.FED_ERROR_TYPES)."""

    code = models.IntegerField(primary_key=True)
    name = models.CharField(max_length=32)

    class Meta:
        db_table = "PXL_FED_ERROR_TYPES"


class PxlFedError(models.Model):
    """FEDMONITORPERSISTENT's error counts: one row per lumisection, FED channel and error type
    with at least one error."""

    run_number = models.IntegerField()
    lumisection_number = models.IntegerField()
    fed_id = models.IntegerField()
    fed_channel = models.IntegerField()  # 1..48
    error_type = models.IntegerField()  # a PXL_FED_ERROR_TYPES code
    errors = models.IntegerField()

    class Meta:
        db_table = "PXL_FED_ERRORS"
        indexes = [
            # A lumisection's errors, per FED, from the index alone (the events' error bursts).
            models.Index("run_number", "lumisection_number", "fed_id", "errors", name="pxl_fed_err_run_ls_fed"),
            models.Index("fed_id", "fed_channel", "run_number", name="pxl_fed_err_channel"),
            # The events view sums a FED's errors per lumisection from this index alone.
            models.Index("run_number", "fed_id", "lumisection_number", "errors", name="pxl_fed_err_fed_ls"),
        ]


class PxlFedChannelState(models.Model):
    """FEDMONITORPERSISTENT's channel info: a channel's state over a lumisection interval of a
    run, with its error counters over that interval."""

    run_number = models.IntegerField()
    fed_id = models.IntegerField()
    fed_channel = models.IntegerField()
    first_ls = models.IntegerField()
    last_ls = models.IntegerField()
    state = models.CharField(max_length=8)  # enabled, masked (by the DAQ), disabled (configuration)
    errors = models.IntegerField()  # all types
    timeouts = models.IntegerField()  # type 29
    tbm_errors = models.IntegerField()  # types 30 and 40

    class Meta:
        db_table = "PXL_FED_CHANNEL_STATES"
        indexes = [
            models.Index("run_number", "fed_id", "fed_channel", name="pxl_chan_state_run"),
            models.Index("fed_id", "fed_channel", "run_number", name="pxl_chan_state_channel"),
            models.Index("state", "first_ls", name="pxl_chan_state_state"),  # the events view's masked intervals
        ]


class PxlReadback(models.Model):
    """The readbacker's values of one ROC, read in one run (pixDB)."""

    run_number = models.IntegerField()
    roc_name = models.CharField(max_length=48)
    vd = models.FloatField()  # V, digital supply at the ROC
    va = models.FloatField()  # V, analog supply at the ROC
    vana_dac = models.IntegerField()  # the Vana DAC setting
    vana = models.FloatField()  # V, regulated analog voltage
    vbg = models.FloatField()  # V, band gap reference
    iana = models.FloatField()  # mA, analog current

    class Meta:
        db_table = "PXL_READBACKS"
        # The newest run first, as readbacks pages by default; also a run's readbacks, and their
        # values from the index alone (readback_trend aggregates every run's: no row looked up).
        indexes = [models.Index(fields=["-run_number", "roc_name", "vd", "va", "vana_dac", "vana", "vbg", "iana"],
                                name="pxl_readback_newest_run"),
                   models.Index("roc_name", "run_number", name="pxl_readback_roc")]  # fmt: skip


# ------------------------------------------------- DCS look-alikes (dcs app; WinCC OA archives)


class DcsPowerGroup(models.Model):
    """The power catalog: a BPix sector of a half-shell or an FPix disk of a half-cylinder, fed by
    one LV analog, one LV digital and one HV channel per layer (BPix) or ring (FPix)."""

    name = models.CharField(max_length=16, unique=True)  # BPix_BmI_SEC1, FPix_BpO_D3
    half = models.CharField(max_length=3)
    sector = models.IntegerField(null=True)  # BPix
    disk = models.IntegerField(null=True)  # FPix

    class Meta:
        db_table = "DCS_POWER_GROUPS"


class DcsChannel(models.Model):
    """Every archived DCS channel (a data-point element in WinCC OA) with its alert limits on the
    quantity it watches: LV/HV current, temperature, CO₂ flow, dew point, pressure."""

    channel_id = models.IntegerField(primary_key=True)
    name = models.CharField(max_length=40, unique=True)
    kind = models.CharField(max_length=16)  # lv_analog lv_digital hv temperature co2 humidity cleanroom castor
    power_group = models.CharField(max_length=16, null=True)
    layer = models.IntegerField(null=True)  # HV: the BPix layer or FPix ring it biases
    ring = models.IntegerField(null=True)
    modules = models.IntegerField(null=True)  # HV: modules biased
    sensor_id = models.IntegerField(null=True)  # HV: the temperature sensor on its modules
    location = models.CharField(max_length=64)
    warning_low = models.FloatField(null=True)
    warning_high = models.FloatField(null=True)
    alarm_low = models.FloatField(null=True)
    alarm_high = models.FloatField(null=True)

    class Meta:
        db_table = "DCS_CHANNELS"


def event_indexes(table, value, states=False):
    """What the events view (apps/events) reads a DCS table by: a channel's readings beyond a limit
    (a range of the value), and the few readings in state OFF or TRIPPED (a partial index: the
    view's condition is the index's, word for word)."""
    indexes = [models.Index("channel_id", value, name=f"dcs_{table}_channel_value")]
    if states:
        indexes.append(models.Index("ts", name=f"dcs_{table}_off_tripped", condition=models.Q(state__in=["OFF", "TRIPPED"])))
    return indexes


class DcsReading(models.Model):
    """One archived record: written when a value moved by more than the channel's deadband, and
    at least every few minutes (the heartbeat)."""

    channel_id = models.IntegerField()
    ts = models.DateTimeField()

    class Meta:
        abstract = True


class DcsLvReading(DcsReading):
    vmon = models.FloatField()  # V, as CAEN names the monitored voltage
    imon = models.FloatField()  # A
    state = models.CharField(max_length=8)  # ON OFF TRIPPED

    class Meta:
        db_table = "DCS_LV_READINGS"
        # Covering: a channel's readings over a window are read from the index alone.
        # The newest first (ts DESC, then the id every SQLite index ends with), as lv_channels
        # pages by default: its first page is read without sorting every reading.
        indexes = [models.Index("channel_id", "ts", "imon", "vmon", "state", name="dcs_lv_channel_ts_values"),
                   models.Index(fields=["-ts"], name="dcs_lv_newest"), *event_indexes("lv", "imon", states=True)]


class DcsHvReading(DcsReading):
    vmon = models.FloatField()  # V
    imon = models.FloatField()  # µA
    state = models.CharField(max_length=8)  # ON RAMPING STANDBY

    class Meta:
        db_table = "DCS_HV_READINGS"
        # The newest first, as hv_channels and (the readings ON) leakage_currents page by default;
        # the id next (the pages' tie-break), then the channel: leakage_currents is counted from the
        # index alone (29 -> 19 ms).
        indexes = [models.Index("channel_id", "ts", "state", "imon", "vmon", name="dcs_hv_channel_ts_values"),
                   models.Index(fields=["-ts"], name="dcs_hv_newest"),
                   models.Index(fields=["state", "-ts", "id", "channel_id"], name="dcs_hv_state_newest"), *event_indexes("hv", "imon", states=True)]


class DcsTemperature(DcsReading):
    temperature = models.FloatField()  # °C

    class Meta:
        db_table = "DCS_TEMPERATURES"
        # Covering: the leakage view looks up each current's temperature here.
        indexes = [models.Index("channel_id", "ts", "temperature", name="dcs_t_channel_ts_value"),
                   models.Index(fields=["-ts"], name="dcs_t_newest"), *event_indexes("t", "temperature")]


class DcsCo2Flow(DcsReading):
    flow = models.FloatField()  # g/s
    set_point = models.FloatField()  # g/s

    class Meta:
        db_table = "DCS_CO2_FLOWS"
        indexes = [models.Index("channel_id", "ts", name="dcs_co2_channel_ts"), models.Index("ts", name="dcs_co2_ts"),
                   *event_indexes("co2", "flow"),
                   # A set point's previous value, from the index alone (the events' set-point changes).
                   models.Index("channel_id", "ts", "set_point", name="dcs_co2_channel_ts_set_point")]


class DcsHumidity(DcsReading):
    relative_humidity = models.FloatField()  # %
    dew_point = models.FloatField()  # °C

    class Meta:
        db_table = "DCS_HUMIDITIES"
        indexes = [models.Index("channel_id", "ts", name="dcs_rh_channel_ts"), models.Index("ts", name="dcs_rh_ts"),
                   *event_indexes("rh", "dew_point")]


class DcsCleanroom(DcsReading):
    temperature = models.FloatField()  # °C
    relative_humidity = models.FloatField()  # %
    differential_pressure = models.FloatField()  # Pa, over the surrounding hall

    class Meta:
        db_table = "DCS_CLEANROOM"
        indexes = [models.Index("channel_id", "ts", name="dcs_cr_channel_ts"), models.Index("ts", name="dcs_cr_ts"),
                   *event_indexes("cr", "differential_pressure")]


class IntdbCastorProbe(models.Model):
    """Environmental probes as the integration DB keeps them: by probe name, not DCS channel."""

    probe = models.CharField(max_length=40)
    ts = models.DateTimeField()
    temperature = models.FloatField()  # °C
    dew_point = models.FloatField()  # °C

    class Meta:
        db_table = "INTDB_CASTOR_PROBES"
        indexes = [models.Index("probe", "ts", name="intdb_castor_probe_ts"), models.Index("ts", name="intdb_castor_ts")]
