"""The contract every resource keeps, declared per resource in a few lines (NetBox style)::

    class TestRuns(ResourceContract):
        type = "runs"
        sample_id = "324245"
        list_queries = 2

Every test runs the API through a test client that validates each response against the
JSON:API 1.0 schema (tests/jsonapi.py).
"""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pixelws.dialect import registry
from tests.jsonapi import error_of, get


def assert_whole_seconds(resource, sample_id, name, column):
    """A time whose served value finds other rows than the view holds: say why when it is
    sub-second (the dialect matches the whole second; the view's own value is finer)."""
    ids = dict(zip(resource.id_fields, sample_id.split("_", len(resource.id_fields) - 1)))
    stored = resource.model.objects.filter(**ids).values_list(column, flat=True).first()
    assert stored is None or not stored.microsecond, (
        f"{name}: the view's time {stored.isoformat()} has a fraction of a second, which the API "
        f"serves cut to whole seconds (OMS's format), so no filter can match it. Make the view's "
        f"times whole seconds: in the source data (the demo generator), or in the view's SQL.")


@pytest.mark.django_db
class ResourceContract:
    type = ""
    sample_id = ""  # an id present in the demo data
    list_queries = 2  # rows + count, whatever the page size (+ 1: is any row still changing?)

    @property
    def resource(self):
        return registry[self.type]

    @property
    def url(self):
        return f"/api/v1/{self.type}"

    def test_total_count_is_the_views_row_count(self, api):
        doc = get(api, f"{self.url}?page[limit]=1")
        assert doc["meta"]["totalResourceCount"] == self.resource.model.objects.count()
        assert len(doc["data"]) == 1

    def test_meta_lists_every_attribute_with_units(self, api):
        fields = get(api, f"{self.url}/meta")["meta"]["fields"]
        assert list(fields) == list(self.resource.attributes)
        for name, attribute in self.resource.attributes.items():
            assert fields[name]["units"] == attribute.units

    def test_object_by_id_in_both_slash_forms(self, api):
        for url in (f"{self.url}/{self.sample_id}", f"{self.url}/{self.sample_id}/"):
            doc = get(api, url)
            assert doc["data"]["id"] == self.sample_id
            assert doc["data"]["type"] == self.type
            assert doc["data"]["links"]["self"] == f"http://testserver{self.url}/{self.sample_id}"
            assert set(doc["data"]["attributes"]) == set(self.resource.attributes)

    def test_every_attribute_filters_the_sample_back_by_equality(self, api):
        sample = get(api, f"{self.url}/{self.sample_id}")["data"]["attributes"]
        # Narrowed to the sample's id so each answer is one row, whatever the resource's size.
        narrow = "".join(f"&filter[{name}][EQ]={sample[name]}" for name in self.resource.id_fields)
        for name, value in sample.items():
            attribute = self.resource.attributes[name]
            if value is None or attribute.kind in ("list", "float"):
                continue  # null has its own test; floats do not round-trip through text exactly
            column = attribute.columns[0]
            if attribute.kind == "object":
                component = attribute.components[-1]
                name, value, column = f"{name}.{component}", value[component], attribute.column_for(component)
            literal = str(value).lower() if isinstance(value, bool) else str(value)
            doc = get(api, f"{self.url}?filter[{name}][EQ]={literal}{narrow}&fields={name.split('.')[0]}")
            found = [o["id"] for o in doc["data"]]
            total = get(api, f"{self.url}?filter[{name}][EQ]={literal}&page[limit]=1")["meta"]["totalResourceCount"]
            expected = self.resource.model.objects.filter(**{column: value}).count()
            if (found != [self.sample_id] or total != expected) and attribute.kind == "datetime":
                assert_whole_seconds(self.resource, self.sample_id, name, column)
            assert found == [self.sample_id], name
            assert total == expected, name

    def test_list_costs_the_same_queries_at_page_size_10_and_1000(self, api):
        for limit in (10, 1000):
            with CaptureQueriesContext(connection) as queries:
                get(api, f"{self.url}?page[limit]={limit}")
            expected = self.list_queries + (self.resource.ongoing is not None)
            assert len(queries) == expected, [q["sql"] for q in queries]

    def test_writes_are_405(self, api):
        for method in ("post", "put", "patch", "delete"):
            for url in (self.url, f"{self.url}/{self.sample_id}"):
                response = getattr(api, method)(url, data="{}", content_type="application/vnd.api+json")
                assert response.status_code == 405, (method, url)
                assert response.json()["errors"][0]["status"] == "405"

    def test_unknown_id_is_404(self, api):
        error = error_of(api, f"{self.url}/999999999", 404)
        assert "999999999" in error["detail"]
