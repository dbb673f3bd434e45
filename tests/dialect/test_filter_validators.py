"""Resource.validators: EQ/NEQ filter values of an attribute are checked by the declared callable;
its ValueError becomes a 400 naming the parameter."""
import pytest
from django.http import QueryDict

from apps.oms.models import Era
from pixelws.dialect import Resource
from pixelws.dialect.errors import DialectError
from pixelws.dialect.query import parse_query


def run_era(value):
    if not value.startswith("Run20"):
        raise ValueError(f"{value!r} is not an era; eras look like 'Run2018D'")


class EraNames(Resource):  # not registered: a declaration for this test only
    model = Era
    type = "era_names"
    validators = {"name": run_era}


def parse(query_string):
    return parse_query(EraNames(), QueryDict(query_string))


@pytest.mark.parametrize("key", ["filter[name]", "filter[name][EQ]", "filter[name][neq]"])
def test_equality_values_are_validated(key):
    with pytest.raises(DialectError) as raised:
        parse(f"{key}=2018D")
    assert raised.value.status == 400
    assert raised.value.parameter == key
    assert raised.value.detail == "Invalid name: '2018D' is not an era; eras look like 'Run2018D'"


def test_valid_values_patterns_and_null_pass():
    assert parse("filter[name]=Run2018D").filters[0].value == "Run2018D"
    assert parse("filter[name][LIKE]=%252018%25").filters[0].value == "%2018%"
    assert parse("filter[name][CT]=2018").filters[0].value == "2018"
    assert parse("filter[name][GT]=2018").filters[0].value == "2018"
    assert parse("filter[name]=null").filters[0].value is None


def test_check_reports_validators_of_unknown_attributes():
    class Broken(EraNames):
        validators = {"nmae": run_era}

    assert Broken().check() == ["validators: unknown attribute 'nmae'"]
