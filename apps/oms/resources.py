"""OMS's own resources under /api/v1/ (docs/add-a-resource.md): fills, runs, lumisections and
dead times, as OMS serves them."""
from django.db.models import Avg, Max, Min, Q, Sum

from pixelws.dialect import Grouping, Relationship, Resource, ValueObject, register

from .models import DEADTIME_ATTRIBUTES, Deadtime, Fill, Lumisection, Run

INST_LUMI = "10^{30}cm^{-2}s^{-1}"
NOT_ENDED = Q(end_time=None)
OF_ONGOING_RUNS = Q(run_number__in=Run.objects.filter(NOT_ENDED).values("run_number"))


@register
class FillResource(Resource):
    model = Fill
    type = "fills"
    ongoing = NOT_ENDED
    default_sort = ("-fill_number",)
    # Row units exactly as OMS serves a fill (see tests/data/fills-5576.json).
    units = {"b_field": "T", "peak_lumi": INST_LUMI}
    relationships = (
        Relationship("eras", to="eras", on={"name": "era"}),
        Relationship("runs", to="runs", on={"fill_number": "fill_number"}),
    )
    description = "LHC fills"


@register
class RunResource(Resource):
    model = Run
    type = "runs"
    ongoing = NOT_ENDED
    default_sort = ("-run_number",)
    units = {
        "b_field": "T",
        "energy": "GeV",
        "duration": "s",
        "l1_rate": "Hz",
        "hlt_physics_rate": "Hz",
        "init_lumi": INST_LUMI,
        "end_lumi": INST_LUMI,
        "delivered_lumi": "pb^{-1}",
        "recorded_lumi": "pb^{-1}",
    }
    relationships = (
        Relationship("fill", to="fills", on={"fill_number": "fill_number"}),
        Relationship("lumisections", to="lumisections", on={"run_number": "run_number"}),
        Relationship("deadtimes", to="deadtimes", on={"run_number": "run_number"}),
    )
    description = "CMS runs, with luminosity summed from their lumisections"


LUMISECTION_FLAGS = (
    "beams_stable", "beam1_present", "beam2_present", "beam1_stable", "beam2_stable", "cms_active",
    "physics_flag", "bpix_ready", "fpix_ready", "tibtid_ready", "tob_ready", "tecp_ready", "tecm_ready",
)  # fmt: skip


@register
class LumisectionResource(Resource):
    model = Lumisection
    type = "lumisections"
    ongoing = OF_ONGOING_RUNS
    default_sort = ("run_number", "lumisection_number")
    units = {
        "init_lumi": INST_LUMI,
        "end_lumi": INST_LUMI,
        "delivered_lumi": "{\\mu}b^{-1}",
        "recorded_lumi": "{\\mu}b^{-1}",
    }
    relationships = (
        Relationship("run", to="runs", on={"run_number": "run_number"}),
        Relationship("fill", to="fills", on={"fill_number": "fill_number"}),
    )
    # A flag holds for a group only if it holds in every lumisection of it (Min).
    grouping = Grouping(
        native="lumisection",
        keys={"run": ("run_number",), "fill": ("fill_number",)},
        sequence="lumisection_number",
        within=("run_number",),
        aggregates={
            "run_number": Min,
            "fill_number": Min,
            "lumisection_number": Min,
            "start_time": Min,
            "end_time": Max,
            "init_lumi": Avg,
            "end_lumi": Avg,
            "delivered_lumi": Sum,
            "recorded_lumi": Sum,
            "pileup": Avg,
            "prescale_index": Min,
            **{flag: Min for flag in LUMISECTION_FLAGS},
        },
    )
    description = "Lumisections (2^18 orbits, about 23.31 s): luminosity, pileup and DCS flags"


@register
class DeadtimeResource(Resource):
    model = Deadtime
    type = "deadtimes"
    ongoing = OF_ONGOING_RUNS
    default_sort = ("run_number", "first_lumisection_number")
    value_objects = {name: ValueObject(components, units="%") for name, components in DEADTIME_ATTRIBUTES.items()}
    relationships = (Relationship("run", to="runs", on={"run_number": "run_number"}),)
    # A group's percentage is the mean of its lumisections' (they all last 2^18 orbits).
    grouping = Grouping(
        native="lumisection",
        keys={"run": ("run_number",), "fill": ("fill_number",)},
        sequence="first_lumisection_number",
        within=("run_number",),
        aggregates={
            "run_number": Min,
            "fill_number": Min,
            "first_lumisection_number": Min,
            "last_lumisection_number": Max,
            **{c: Avg for vo in DEADTIME_ATTRIBUTES.values() for c in vo.values() if c.endswith("_pct")},
            **{c: Sum for vo in DEADTIME_ATTRIBUTES.values() for c in vo.values() if c.endswith("_cnt")},
        },
    )
    description = "Dead time per lumisection, by source, as {percent, counter}"
