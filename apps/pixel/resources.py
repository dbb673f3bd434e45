"""The Pixel detector's resources under /api/v1/ (docs/add-a-resource.md): modules, ROCs, masked
channels and masked ROCs."""
from apps.geometry.phase1 import parse_module_name, parse_roc_name
from pixelws.dialect import Relationship, Resource, register

from .models import MaskedChannel, MaskedRoc, PixelModule, PixelRoc

# Online names contain "_": a composite id (324245_1_<ROC name>) may have one only as its last part.


@register
class PixelModuleResource(Resource):
    model = PixelModule
    type = "pixel_modules"
    static = True  # the detector's geometry
    default_sort = ("det_id",)
    validators = {"name": parse_module_name}
    relationships = (
        Relationship("rocs", to="pixel_rocs", on={"module_name": "name"}),
        Relationship("masked_channels", to="masked_channels", on={"module_name": "name"}),
        Relationship("masked_rocs", to="masked_rocs", on={"module_name": "name"}),
    )
    description = "Phase-1 pixel modules (1856): online name, position, DetId, FED cabling, map cell"


@register
class PixelRocResource(Resource):
    model = PixelRoc
    type = "pixel_rocs"
    static = True  # the detector's geometry
    default_sort = ("det_id", "roc")
    validators = {"name": parse_roc_name, "module_name": parse_module_name}
    relationships = (
        Relationship("module", to="pixel_modules", on={"name": "module_name"}),
        Relationship("masked_rocs", to="masked_rocs", on={"roc_name": "name"}),
    )
    description = "Phase-1 pixel ROCs (29 696): online name, module, FED channel, DQM ROC-map bin"


@register
class MaskedChannelResource(Resource):
    model = MaskedChannel
    type = "masked_channels"
    default_sort = ("-run_number", "first_lumisection_number")
    validators = {"module_name": parse_module_name}
    relationships = (
        Relationship("run", to="runs", on={"run_number": "run_number"}),
        Relationship("module", to="pixel_modules", on={"name": "module_name"}),
        Relationship("rocs", to="pixel_rocs", on={"fed_id": "fed_id", "fed_channel": "fed_channel"}),
    )
    description = "FED channels masked by the DAQ, one row per run and lumisection interval"


@register
class MaskedRocResource(Resource):
    model = MaskedRoc
    type = "masked_rocs"
    default_sort = ("-run_number", "first_lumisection_number")
    validators = {"roc_name": parse_roc_name, "module_name": parse_module_name}
    relationships = (
        Relationship("run", to="runs", on={"run_number": "run_number"}),
        Relationship("roc", to="pixel_rocs", on={"name": "roc_name"}),
        Relationship("module", to="pixel_modules", on={"name": "module_name"}),
    )
    description = (
        "ROCs masked by the DAQ, alone or with their FED channel, one row per run and lumisection "
        "interval; masked at LS n: first_lumisection_number LE n and last_lumisection_number GE n"
    )
