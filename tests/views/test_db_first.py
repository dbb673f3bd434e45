"""The DB-first path of docs/add-a-resource.md: a view in the database → `inspectdb
--include-views` gives a model with the columns and attribute types of the resource's model."""
import io
import re

import pytest
from django.core.management import call_command
from django.db import models

from apps.dcs.models import Co2Flow
from pixelws.dialect.resources import kind_of

FIELD = re.compile(r"^    (\w+) = models\.(\w+)\(db_column='(\w+)'", re.MULTILINE)


@pytest.mark.django_db
def test_inspectdb_gives_the_model_of_a_view():
    out = io.StringIO()
    call_command("inspectdb", "CO2_FLOWS", include_views=True, stdout=out)
    generated = out.getvalue()
    assert "class Co2Flows(models.Model):" in generated and "db_table = 'CO2_FLOWS'" in generated
    inspected = {column: kind_of(getattr(models, cls)()) for _, cls, column in FIELD.findall(generated)}
    ours = {f.column.upper(): kind_of(f) for f in Co2Flow._meta.concrete_fields}
    assert inspected == ours
