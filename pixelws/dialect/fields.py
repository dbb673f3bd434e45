"""Model field and lookups the OMS dialect needs beyond Django's own."""
from django.db import models


class ListField(models.TextField):
    """A list-valued attribute, stored by the view as comma-separated text (``"BPIX,FPIX"``).

    The ``ct`` lookup ("contains", OMS's CT operator) matches one whole element.
    """

    def from_db_value(self, value, expression, connection):
        return split_list(value)

    def to_python(self, value):
        return split_list(value) if isinstance(value, str) else value


def split_list(value):
    if value is None:
        return None
    return [item for item in value.split(",") if item]


@models.Field.register_lookup
class Like(models.Lookup):
    """SQL LIKE with the client's own ``%``/``_`` wildcards (OMS's LIKE operator)."""

    lookup_name = "like"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} LIKE {rhs}", [*lhs_params, *rhs_params]


@ListField.register_lookup
class ContainsElement(models.Lookup):
    """``','||list||','`` LIKE ``'%,value,%'``: one element, not a substring of one. The value's
    own ``%`` and ``_`` are escaped: CT matches them literally, as Django's ``contains`` does."""

    lookup_name = "ct"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        rhs_params = [connection.ops.prep_for_like_query(p) for p in rhs_params]
        sql = f"(',' || {lhs} || ',') LIKE ('%%,' || {rhs} || ',%%') ESCAPE '\\'"
        return sql, [*lhs_params, *rhs_params]


@models.Field.register_lookup
class NotEqual(models.Lookup):
    """SQL ``<>`` (OMS's NEQ): like Oracle, a NULL value is neither equal nor unequal."""

    lookup_name = "ne"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} <> {rhs}", [*lhs_params, *rhs_params]
