"""ObjectBuilder's generated function is the one its docstring shows a reader, and it builds the
object the docstring's reading promises."""
import textwrap

import pytest
from django.http import QueryDict

from pixelws.dialect import documents, registry
from pixelws.dialect.queries import Selection
from pixelws.dialect.query import parse_query

FIELDS = "fields=run_number,start_time,stable_beam,delivered_lumi"


def builder():
    resource = registry["runs"]
    query = parse_query(resource, QueryDict(FIELDS))
    selection = Selection(resource, query)
    return documents.ObjectBuilder(resource, selection, query, "http://localhost/api/v1/"), selection


def test_the_docstring_shows_the_generated_source():
    shown = textwrap.dedent(documents.ObjectBuilder.__doc__.split("::\n\n")[1].split("\n\n")[0])
    source = builder()[0].source.splitlines()
    assert shown.splitlines()[:4] == source[:4]  # the signature, unpacking, id and URL lines
    assert source[4].startswith('    return {"id": id_, "type": TYPE, "attributes": {\'run_number\': c0, \'start_time\': (_iso(c1) if c1.__class__ is str else c1), \'stable_beam\': (None if c2 is None else c2 != 0), \'delivered_lumi\': c3}, "relationships": Fragment(')


@pytest.mark.django_db
def test_the_generated_function_builds_the_object():
    build, _ = builder()
    obj = build.build((324245, "2018-10-09 15:20:11.5", 1, 12.5))
    assert obj["id"] == "324245" and obj["type"] == "runs"
    assert obj["attributes"] == {"run_number": 324245, "start_time": "2018-10-09T15:20:11Z", "stable_beam": True, "delivered_lumi": 12.5}
    assert obj["links"] == {"self": "http://localhost/api/v1/runs/324245"}
