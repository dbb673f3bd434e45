"""The DAQ's resources under /api/v1/ (docs/add-a-resource.md): FEDs, FED channels, FED errors
and ROC readbacks, each declared on its SQL view's model."""
from apps.geometry.phase1 import parse_module_name, parse_roc_name
from pixelws.dialect import Relationship, Resource, register

from .models import FedChannel, FedError, PixelFed, Readback


@register
class PixelFedResource(Resource):
    model = PixelFed
    type = "pixel_feds"
    default_sort = ("fed_id",)
    relationships = (
        Relationship("rocs", to="pixel_rocs", on={"fed_id": "fed_id"}),
        Relationship("fed_errors", to="fed_errors", on={"fed_id": "fed_id"}),
    )
    description = "Pixel FEDs (1200–1349): crate, slot, the half-shell or half-cylinder they read, channels"


@register
class FedChannelResource(Resource):
    model = FedChannel
    type = "fed_channels"
    default_sort = ("-run_number", "fed_id", "fed_channel", "first_lumisection_number")
    validators = {"module_name": parse_module_name}
    relationships = (
        Relationship("run", to="runs", on={"run_number": "run_number"}),
        Relationship("fed", to="pixel_feds", on={"fed_id": "fed_id"}),
        Relationship("module", to="pixel_modules", on={"name": "module_name"}),
        Relationship("rocs", to="pixel_rocs", on={"fed_id": "fed_id", "fed_channel": "fed_channel"}),
    )
    description = (
        "FED channel info (FEDMONITORPERSISTENT): state per run and lumisection interval, the module and "
        "ROCs it reads, its error counters over the interval"
    )


@register
class FedErrorResource(Resource):
    model = FedError
    type = "fed_errors"
    default_sort = ("-run_number", "lumisection_number", "fed_id", "fed_channel", "error_type")
    validators = {"module_name": parse_module_name}
    relationships = (
        Relationship("run", to="runs", on={"run_number": "run_number"}),
        Relationship("fed", to="pixel_feds", on={"fed_id": "fed_id"}),
        Relationship("rocs", to="pixel_rocs", on={"fed_id": "fed_id", "fed_channel": "fed_channel"}),
    )
    description = "FED error counts per lumisection, FED channel and error type (rows only where there are errors)"


@register
class ReadbackResource(Resource):
    model = Readback
    type = "readbacks"
    default_sort = ("-run_number", "roc_name")  # as an index of the readbacks orders them
    units = {"vd": "V", "va": "V", "vana_dac": "DAC", "vana": "V", "vbg": "V", "iana": "mA"}
    validators = {"roc_name": parse_roc_name, "module_name": parse_module_name}
    relationships = (
        Relationship("run", to="runs", on={"run_number": "run_number"}),
        Relationship("roc", to="pixel_rocs", on={"name": "roc_name"}),
    )
    description = "ROC readbacks (pixDB readbacker) per ROC and run: Vd, Va, Vana (DAC and V), Vbg, Iana"
