"""Probes: named, parameterised aggregations that return a generic plot object (pixelws.plots).

An app declares its probes in its ``probes.py`` (found at start-up, like ``resources.py``)::

    @register
    class InstantaneousLumi(Probe):
        name = "inst_lumi"
        title = "Instantaneous luminosity"
        parameters = (Parameter("run", "integer", help="run number"),)

        def plot(self, run=None):
            return Plot(...)

and ``GET /api/v1/plots/inst_lumi?run=324245`` serves it (pixelws/probe_views.py).
"""
from dataclasses import dataclass

from .dialect.errors import DialectError
from .dialect.query import parse_value
from .registry import Registry
from .shifts import Shift

PARAMETER_TYPES = ("integer", "float", "string", "boolean", "datetime", "date", "shift")


@dataclass(frozen=True)
class Parameter:
    name: str
    type: str = "string"  # one of PARAMETER_TYPES
    required: bool = False
    default: object = None
    help: str = ""
    choices: tuple = ()  # allowed values, for strings

    def __post_init__(self):
        if self.type not in PARAMETER_TYPES:
            raise ValueError(f"parameter {self.name!r}: type {self.type!r} is not one of {PARAMETER_TYPES}")

    def parse(self, raw):
        value = Shift.parse(raw, self.name) if self.type == "shift" else parse_value(self.type, raw, self.name)
        if self.choices and value not in self.choices:
            raise DialectError(f"'{raw}' is not one of {', '.join(map(str, self.choices))}.", self.name)
        return value

    def describe(self):
        described = {"name": self.name, "type": self.type, "required": self.required,
                     "default": self.default, "help": self.help}  # fmt: skip
        if self.choices:
            described["choices"] = list(self.choices)
        return described


class Probe:
    name = ""
    title = ""
    description = ""
    parameters = ()
    table_columns = ()  # the column names of the table its plots carry, for drilldowns to check
    filtered = False  # True: it also takes filter[…] parameters for the resource its `resource` names
    scope_rule = None  # a pixelws.scope.ScopeRule: which run / fill / shift / time window it takes

    def plot(self, **values):
        """The Plot for parsed parameter values (each parameter is passed, None if not given)."""
        raise NotImplementedError

    def validate(self, values):
        """Checks across parameters (e.g. "run or fill"); raise DialectError naming one."""

    def parse(self, params, reserved=()):
        """QueryDict → {parameter: value}; every mistake is a DialectError naming the parameter."""
        by_name = {p.name: p for p in self.parameters}
        for key in params:
            if key in reserved:
                continue
            if key not in by_name:
                known = ", ".join(by_name) or "none"
                raise DialectError(f"Probe '{self.name}' has no parameter '{key}'; its parameters: {known}.", key)
            if len(params.getlist(key)) > 1:
                raise DialectError(f"'{key}' is given {len(params.getlist(key))} times; give it once.", key)
        values = {}
        for parameter in self.parameters:
            raw = params.get(parameter.name)
            if raw is None or raw == "":
                if parameter.required:
                    raise DialectError(f"Probe '{self.name}' needs '{parameter.name}' ({parameter.help}).", parameter.name)
                values[parameter.name] = parameter.default
            else:
                values[parameter.name] = parameter.parse(raw)
        if self.scope_rule is not None:
            self.scope_rule.check(values)  # before the probe's own checks: one message per fault
        self.validate(values)
        return values

    def prepare(self):
        """Static work to do once per process before the first request (``serve`` calls it as
        each worker starts), so that no shifter's request pays for it."""

    def describe(self):
        return {"title": self.title, "description": self.description,
                "parameters": [p.describe() for p in self.parameters]}  # fmt: skip


registry = Registry("probe", "name")
register = registry.register  # class decorator: serve a Probe at /api/v1/plots/<name>


def prepare_all():
    for probe in registry.values():
        probe.prepare()
