"""Resource declarations: what one OMS resource is, declared once per model.

A resource app writes::

    @register
    class FillResource(Resource):
        model = Fill
        type = "fills"
        default_sort = ("-fill_number",)
        units = {"b_field": "T"}

and the dialect serves list, detail, /meta, related and relationship endpoints for it.
``validators = {"name": parse_module_name}`` checks the values of EQ/NEQ filters on an attribute:
a callable that raises ValueError, whose message the 400 passes on (say what a valid value
looks like).
"""
from dataclasses import dataclass, field
from functools import cached_property

from django.db import models

from .fields import ListField
from ..registry import Registry

KINDS = (
    (models.BooleanField, "boolean"),
    (models.DateTimeField, "datetime"),  # before DateField: DateTimeField subclasses it
    (models.DateField, "date"),
    (models.IntegerField, "integer"),
    (models.BigIntegerField, "integer"),
    (models.FloatField, "float"),
    (models.DecimalField, "float"),
    (ListField, "list"),  # before TextField: ListField subclasses it
    (models.CharField, "string"),
    (models.TextField, "string"),
)


def kind_of(model_field):
    for field_class, kind in KINDS:
        if isinstance(model_field, field_class):
            return kind
    raise TypeError(f"{model_field!r}: no OMS attribute type for {type(model_field).__name__}")


@dataclass(frozen=True)
class ValueObject:
    """An attribute served as an object, e.g. a dead time ``{"percent": …, "counter": …}``.

    ``components`` maps each key of the object to the model field holding it; the first one
    is what a bare ``filter[attr]`` or ``sort=attr`` acts on (OMS compares dead times by percent).
    """

    components: dict
    units: str | None = None


@dataclass(frozen=True)
class Relationship:
    """``name`` links to resource ``to``; ``on`` maps the target's attributes to ours."""

    name: str
    to: str
    on: dict


@dataclass(frozen=True)
class Grouping:
    """How ``group[granularity]`` and ``group[size]`` aggregate a per-lumisection resource.

    ``native`` is the granularity of one row of the view; ``keys`` maps every other granularity
    to the attributes it groups by; ``group[size]=N`` joins N consecutive ``sequence`` numbers
    within each value of the ``within`` attributes (N lumisections of one run);
    ``aggregates`` maps every model field to its aggregate (Sum, Avg, Min, …); a field that is a
    key of the requested granularity is grouped by instead.
    """

    native: str
    keys: dict
    sequence: str
    within: tuple
    aggregates: dict


@dataclass
class Attribute:
    name: str
    kind: str  # integer float string boolean datetime date list object
    columns: tuple  # model field names: one, or one per value-object component
    components: tuple = ()
    units: str | None = None
    title: str = ""
    description: str = ""
    kinds: tuple = field(default=())  # per column
    # A file's URL made from the object's id (Resource.file_links): a path under the site's root
    # with ``{id}``. Shown and projected like any attribute; not filtered nor sorted on.
    link: str | None = None

    def column_for(self, component):
        return self.columns[self.components.index(component)] if component else self.columns[0]

    def label(self, component=None):
        """The attribute's one label, for plot axes, table headers, summaries and /meta's
        ``title`` alike: its model field's verbose_name (Django's default: the name, spaced), first
        letter upper-case; a value object's component in brackets: "Beamactive total deadtime (percent)"."""
        return sentence(self.title if not component else f"{self.title} ({component})")


def sentence(text):
    """Upper-case first letter, the rest as written (not str.capitalize: "HV" stays)."""
    return text[:1].upper() + text[1:]


class Resource:
    model = None
    type = ""
    default_sort = ()
    units = {}
    exclude = ()
    value_objects = {}
    relationships = ()
    grouping = None
    validators = {}
    description = ""
    # HTTP caching (docs/api.md): ``ongoing`` is a Q of the rows that may still change (those of
    # a run not ended yet); an answer covering none of them may be kept by browsers and proxies.
    # No ``ongoing``: answers are never kept, unless ``static`` (rows that never change).
    ongoing = None
    static = False
    # Files each object links to: {name: path under the site's root, with ``{id}``}, e.g.
    # {"pdf": "handovers/{id}.pdf"}. Served twice: as ``relationships.<name>.links.related``
    # (JSON:API 1.0 allows no other member than ``self`` in an object's links) and as the
    # attribute ``<name>_url``, which OMS clients reach like any other, ``include=data_only`` too.
    file_links = {}
    # A view that is computed whole for any page (a union sorted out of all its rows): its
    # ``totalResourceCount`` is counted by the page's own query (a window), not by a second pass.
    counted_with_rows = False

    @cached_property
    def attributes(self):
        """Ordered {name: Attribute}: the model's fields, value objects folded into one each."""
        fields = {f.name: f for f in self.model._meta.concrete_fields}
        in_objects = {col for vo in self.value_objects.values() for col in vo.components.values()}
        attributes = {}
        for name, model_field in fields.items():
            if name in self.exclude or name in in_objects:
                continue
            attributes[name] = Attribute(
                name=name,
                kind=kind_of(model_field),
                columns=(name,),
                units=self.units.get(name),
                title=str(model_field.verbose_name),
                description=str(model_field.help_text),
                kinds=(kind_of(model_field),),
            )
        for name, vo in self.value_objects.items():
            columns = tuple(vo.components.values())
            attributes[name] = Attribute(
                name=name,
                kind="object",
                columns=columns,
                components=tuple(vo.components),
                units=vo.units,
                title=name.replace("_", " "),
                kinds=tuple(kind_of(fields[c]) for c in columns),
            )
        for name, path in self.file_links.items():
            attributes[f"{name}_url"] = Attribute(
                name=f"{name}_url", kind="string", columns=tuple(self.id_fields), title=f"{name} URL",
                description=f"Where the {name} is served; made from the object's id (not filtered nor sorted on).",
                kinds=("string",), link=path,
            )  # fmt: skip
        return attributes

    def label(self, dotted):
        """(label, units) of ``name`` or ``name.component`` (Attribute.label)."""
        name, _, component = dotted.partition(".")
        attribute = self.attributes[name]
        return attribute.label(component or None), attribute.units

    @property
    def id_fields(self):
        """The attributes an object's id is made of (joined with "_": ``324245_12``): the model's
        primary key, a CompositePrimaryKey's fields in its order."""
        pk = self.model._meta.pk
        return tuple(getattr(pk, "field_names", None) or (pk.name,))

    @property
    def cadence(self):
        """How often its rows come at least, along their time, as the model declares it
        (``cadence = timedelta(hours=1)``; None: not declared): the least bucket width the series
        probe draws, so that a bucket without a row is a gap in the data."""
        return getattr(self.model, "cadence", None)

    @cached_property
    def relationships_by_name(self):
        return {rel.name: rel for rel in self.relationships}

    def check(self):
        """Errors in the declaration itself, reported at start-up by the system check."""
        errors = []
        names = set(self.attributes)
        columns = {f.name for f in self.model._meta.concrete_fields}
        for label, used in (
            ("id_fields", self.id_fields),
            ("default_sort", [s.lstrip("-") for s in self.default_sort]),
            ("units", self.units),
            ("validators", self.validators),
        ):
            errors += [f"{label}: unknown attribute {n!r}" for n in used if n not in names]
        for vo in self.value_objects.values():
            errors += [f"value_objects: unknown field {c!r}" for c in vo.components.values() if c not in columns]
        if not self.id_fields:
            errors.append("id_fields is empty")
        if self.grouping:
            g = self.grouping
            keyed = {k for keys in g.keys.values() for k in keys} | {g.sequence, *g.within}
            errors += [f"grouping: unknown attribute {k!r}" for k in keyed if k not in names]
            missing = columns - set(g.aggregates) - set(self.exclude)
            errors += [f"grouping.aggregates: no aggregate for {c!r}" for c in sorted(missing)]
        return errors


registry = Registry("resource type", "type")
register = registry.register  # class decorator: serve a Resource under /api/v1/<type>


def serve(type_name, **declaration):
    """Class decorator for a view's model: serve it under /api/v1/<type>, declared on the model
    itself, the short form of a Resource subclass in the app's resources.py (same options)::

        @serve("eras", default_sort=("-start_time",), description="…")
        class Era(models.Model): ...
    """

    def declare(model):
        name = f"{model.__name__}Resource"
        register(type(name, (Resource,), {"model": model, "type": type_name, "__module__": model.__module__, **declaration}))
        return model

    return declare
