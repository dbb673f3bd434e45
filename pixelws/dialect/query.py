"""Parse an OMS-dialect query string into a ``Query``; every mistake is a DialectError naming
the parameter. Nothing here touches the database."""
import math
import re
from dataclasses import dataclass, field
from datetime import datetime, time, timezone as tz

from django.conf import settings
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from .errors import DialectError

OPERATORS = ("EQ", "NEQ", "LT", "LE", "GT", "GE", "LIKE", "CT")  # in the order a form offers them
ORDERING_OPERATORS = {"LT", "GT", "LE", "GE"}
INCLUDE_FLAGS = {"meta", "presentation_timestamp", "data_only"}
LITERALS = {"null": None, "true": True, "True": True, "false": False, "False": False}

FILTER_KEY = re.compile(r"^filter\[([^\[\]]+)\](?:\[([^\[\]]+)\])?$")
# A filter as a page file, a Source and the series probe's result write it: attribute or
# attribute[OP] (bare: EQ). A JSON Schema pattern too (apps/workspace/schemas.py).
SHORT_FILTER_KEY = re.compile(r"^([A-Za-z0-9_.]+)(?:\[([A-Za-z]+)\])?$")
FIELDS_KEY = re.compile(r"^fields(?:\[([^\[\]]+)\])?$")
PAGE_KEY = re.compile(r"^page\[([^\[\]]+)\]$")
GROUP_KEY = re.compile(r"^group\[([^\[\]]+)\]$")
# Integers the databases hold (SQLite INTEGER, Oracle NUMBER(19)): larger ones are a 400, not an
# overflow deep in the driver. Plain ASCII digits only: no "1_000", no other scripts' digits.
INTEGER = re.compile(r"[+-]?[0-9]{1,19}")
INTEGER_MIN, INTEGER_MAX = -(2**63), 2**63 - 1


@dataclass
class Filter:
    attribute: object  # resources.Attribute
    component: str | None
    operator: str
    value: object
    parameter: str

    @property
    def column(self):
        return self.attribute.column_for(self.component)


@dataclass
class Query:
    filters: list = field(default_factory=list)
    fields: list | None = None  # attribute names; None = all
    sort: list = field(default_factory=list)  # (attribute, component, descending)
    offset: int = 0
    limit: int = 0
    include: set = field(default_factory=set)
    granularity: str | None = None
    group_size: int | None = None


def parse_query(resource, params, *, collection=True):
    """``params`` is a QueryDict. ``collection=False`` accepts only what a single object takes."""
    query = Query(limit=settings.OMS_PAGE_LIMIT_DEFAULT)
    allowed = ("fields", "include") if not collection else None
    for key in params:
        values = params.getlist(key)
        name = key.split("[", 1)[0]
        if allowed is not None and name not in allowed:
            raise DialectError(f"'{key}' does not apply to a single {resource.type} object.", key)
        if name == "filter":
            for value in values:
                query.filters.append(parse_filter(resource, key, value))
            if len(query.filters) > settings.OMS_FILTERS_MAX:
                raise DialectError(f"More than {settings.OMS_FILTERS_MAX} filters; ask with fewer.", key)
            continue
        if len(values) > 1:
            raise DialectError(f"'{key}' is given {len(values)} times; give it once.", key)
        value = values[0]
        if name == "fields":
            parse_fields(resource, key, value, query)
        elif key == "sort":
            query.sort = parse_sort(resource, value)
        elif name == "page":
            parse_page(key, value, query)
        elif key == "include":
            query.include = parse_include(value)
        elif name == "group":
            parse_group(resource, key, value, query)
        else:
            raise DialectError(
                f"Unknown query parameter '{key}'. This API takes filter[...], fields, sort, "
                "page[offset], page[limit], include and group[...].",
                key,
            )
    if query.group_size and query.granularity not in (None, resource.grouping.native):
        raise DialectError(
            f"group[size] counts {resource.grouping.native}s; it cannot be combined with "
            f"group[granularity]={query.granularity}.",
            "group[size]",
        )
    return query


def lookup_attribute(resource, dotted, parameter):
    """``name`` or ``name.component`` (value objects) → (Attribute, component or None)."""
    name, _, component = dotted.partition(".")
    attribute = resource.attributes.get(name)
    if attribute is None:
        raise DialectError(
            f"{resource.type} has no attribute '{name}'. GET /api/v1/{resource.type}/meta lists them.",
            parameter,
        )
    if component and component not in attribute.components:
        choices = ", ".join(f"{name}.{c}" for c in attribute.components) or f"'{name}' alone"
        raise DialectError(f"'{dotted}' is not an attribute; use {choices}.", parameter)
    return attribute, component or None


def refuse_link(attribute, verb, parameter):
    if attribute.link:
        raise DialectError(f"'{attribute.name}' is made from the object's id and cannot be {verb}; use the id's attribute.", parameter)


def parse_filter(resource, key, raw):
    match = FILTER_KEY.match(key)
    if not match:
        raise DialectError(f"Malformed filter '{key}'; use filter[<attribute>][<OP>]=<value>.", key)
    attribute, component = lookup_attribute(resource, match.group(1), key)
    refuse_link(attribute, "filtered", key)
    operator = (match.group(2) or "EQ").upper()
    if operator not in OPERATORS:
        raise DialectError(
            f"Unknown filter operator '{match.group(2)}'; use one of {', '.join(sorted(OPERATORS))}.", key
        )
    kind = attribute.kinds[attribute.components.index(component)] if component else attribute.kinds[0]
    if raw in LITERALS:
        literal = LITERALS[raw]
        if literal is None:
            if operator not in ("EQ", "NEQ"):
                raise DialectError(f"null can only be compared with EQ or NEQ, not {operator}.", key)
            return Filter(attribute, component, operator, None, key)
        if kind != "boolean":
            raise DialectError(f"'{raw}' is a boolean but '{attribute.name}' is {article(kind)}.", key)
    if operator == "LIKE" and kind not in ("string", "list"):
        raise DialectError(f"LIKE compares text; '{attribute.name}' is {article(kind)}.", key)
    if operator == "CT" and kind not in ("string", "list"):
        raise DialectError(f"CT (contains) applies to lists and text; '{attribute.name}' is {article(kind)}.", key)
    if operator in ORDERING_OPERATORS and kind in ("boolean", "list"):
        raise DialectError(f"{operator} does not order {article(kind)} attribute.", key)
    value = parse_value(kind, raw, key)
    validator = resource.validators.get(attribute.name)
    if validator and operator in ("EQ", "NEQ"):  # LIKE and CT take patterns and fragments
        try:
            validator(value)
        except ValueError as error:
            raise DialectError(f"Invalid {attribute.name}: {error}", key) from None
    return Filter(attribute, component, operator, value, key)


def filter_parameter(key):
    """A short filter key → the API's parameter: 'fill_number[ge]' → 'filter[fill_number][GE]',
    'fill_number' → 'filter[fill_number]'; None if ``key`` is not attribute or attribute[OP]."""
    match = SHORT_FILTER_KEY.match(str(key))
    if not match:
        return None
    attribute, operator = match.groups()
    return f"filter[{attribute}][{operator.upper()}]" if operator else f"filter[{attribute}]"


def is_filter_key(key):
    """Whether a query parameter is a filter (``filter[…]…``), well-formed or not: parse_filter
    says what is wrong with one that is not."""
    return str(key).split("[", 1)[0] == "filter"


def short_filter_key(parameter):
    """The inverse: 'filter[fill_number][GE]' → 'fill_number[GE]', 'filter[fill_number]' → 'fill_number'."""
    attribute, operator = FILTER_KEY.match(parameter).groups()
    return f"{attribute}[{operator}]" if operator else attribute


def operators_for(kind):
    """The operators a filter on an attribute of ``kind`` takes (what parse_filter accepts), in
    OPERATORS' order; /meta lists them per attribute, so clients copy no table of their own."""
    return [o for o in OPERATORS if not (
        (o in ("LIKE", "CT") and kind not in ("string", "list"))
        or (o in ORDERING_OPERATORS and kind in ("boolean", "list")))]  # fmt: skip


def article(kind):
    return f"an {kind}" if kind[0] in "aeiou" else f"a {kind}"


def parse_value(kind, raw, parameter):
    try:
        if kind == "integer":
            value = parse_integer(raw)
            if value is None:
                raise ValueError
            return value
        if kind == "float":
            value = float(raw)
            if not math.isfinite(value):
                raise ValueError
            return value
        if kind == "boolean":
            return LITERALS[raw]
        if kind == "datetime":
            value = parse_datetime(raw) or date_as_datetime(raw)
            if value is None:
                raise ValueError
            # In UTC now: a time the databases cannot hold (0001-01-01T00:00:00+14:00) is a 400 here.
            return value.astimezone(tz.utc) if timezone.is_aware(value) else value.replace(tzinfo=tz.utc)
        if kind == "date":
            value = parse_date(raw)
            if value is None:
                raise ValueError
            return value
    except (ValueError, KeyError, OverflowError):
        expected = {
            "integer": f"an integer from {INTEGER_MIN} to {INTEGER_MAX}",
            "float": "a number",
            "boolean": "true or false",
            "datetime": "an ISO 8601 time from 0001-01-01 to 9999-12-31 UTC such as 2018-10-14T12:00:00Z",
            "date": "a date such as 2018-10-14",
        }[kind]
        raise DialectError(f"'{raw}' is not {expected}.", parameter) from None
    return raw  # string, list


def parse_integer(raw):
    """The integer ``raw`` spells if the databases can hold it, else None."""
    value = int(raw) if INTEGER.fullmatch(raw) else None
    return value if value is not None and INTEGER_MIN <= value <= INTEGER_MAX else None


def date_as_datetime(raw):
    day = parse_date(raw)
    return datetime.combine(day, time.min) if day else None


def split_names(value, parameter):
    names = [n.strip() for n in value.split(",")]
    if not value or not all(names):
        raise DialectError("Empty name in a comma-separated list.", parameter)
    return names


def parse_fields(resource, key, value, query):
    match = FIELDS_KEY.match(key)
    if not match:
        raise DialectError(f"Malformed '{key}'; use fields=a,b or fields[{resource.type}]=a,b.", key)
    if match.group(1) and match.group(1) != resource.type:
        raise DialectError(f"This response has no objects of type '{match.group(1)}'.", key)
    if query.fields is not None:
        raise DialectError("Give either fields or fields[type], not both.", key)
    query.fields = [lookup_attribute(resource, n, key)[0].name for n in split_names(value, key)]


def parse_sort(resource, value):
    sort = []
    for item in split_names(value, "sort"):
        attribute, component = lookup_attribute(resource, item.lstrip("-"), "sort")
        refuse_link(attribute, "sorted", "sort")
        if attribute.kind == "list":
            raise DialectError(f"'{attribute.name}' is a list and cannot be sorted.", "sort")
        sort.append((attribute, component, item.startswith("-")))
    return sort


def parse_page(key, value, query):
    match = PAGE_KEY.match(key)
    which = match.group(1) if match else None
    if which not in ("offset", "limit"):
        raise DialectError(f"Unknown paging parameter '{key}'; use page[offset] and page[limit].", key)
    maximum = settings.OMS_PAGE_LIMIT_MAX
    number = parse_integer(value)
    if which == "offset":
        if number is None or number < 0:
            raise DialectError(f"page[offset] must be a whole number from 0 to {INTEGER_MAX}, not '{value}'.", key)
        query.offset = number
    else:
        if number is None or not 1 <= number <= maximum:
            raise DialectError(f"page[limit] must be a whole number from 1 to {maximum}, not '{value}'.", key)
        query.limit = number


def parse_include(value):
    flags = set(split_names(value, "include"))
    unknown = flags - INCLUDE_FLAGS
    if unknown:
        raise DialectError(
            f"Unknown include flag '{sorted(unknown)[0]}'; flags are {', '.join(sorted(INCLUDE_FLAGS))}.",
            "include",
        )
    return flags


def parse_group(resource, key, value, query):
    match = GROUP_KEY.match(key)
    which = match.group(1) if match else None
    if which not in ("granularity", "size"):
        raise DialectError(f"Unknown grouping parameter '{key}'; use group[granularity] or group[size].", key)
    grouping = resource.grouping
    if grouping is None:
        raise DialectError(f"{resource.type} cannot be grouped.", key)
    if which == "granularity":
        choices = [grouping.native, *grouping.keys]
        if value not in choices:
            raise DialectError(
                f"{resource.type} groups by {', '.join(choices)}; not by '{value}'.", key
            )
        query.granularity = None if value == grouping.native else value
    else:
        size = parse_integer(value)
        if size is None or not 1 <= size <= 100000:
            raise DialectError(f"group[size] must be a whole number from 1 to 100000, not '{value}'.", key)
        query.group_size = size if size > 1 else None
