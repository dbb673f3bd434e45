"""A malformed online name in a filter is a 400 that shows what a valid name looks like."""
import pytest

from tests.jsonapi import error_of, get

pytestmark = pytest.mark.django_db
VALID_EXAMPLE = "BPix_BmO_SEC1_LYR1_LDR1F_MOD1"


@pytest.mark.parametrize(
    "url, parameter, problem",
    [
        ("/api/v1/pixel_modules?filter[name][EQ]=BPix_Bx", "filter[name][EQ]", "malformed BPix name"),
        ("/api/v1/pixel_modules?filter[name]=BPix_BmO_SEC2_LYR1_LDR1F_MOD1", "filter[name]", "which is in SEC1"),
        ("/api/v1/pixel_modules?filter[name][NEQ]=BPix_BmO_SEC1_LYR1_LDR1F_MOD1_ROC0", "filter[name][NEQ]",
         "this is a ROC name"),
        ("/api/v1/pixel_rocs?filter[name][eq]=FPix_BmI_D1_BLD1_PNL1_RNG1", "filter[name][eq]", "must end in _ROC0"),
        ("/api/v1/pixel_rocs?filter[module_name]=LYR1", "filter[module_name]", "must start with 'BPix_' or 'FPix_'"),
        ("/api/v1/masked_rocs?filter[roc_name]=BPix_BmO_SEC1_LYR1_LDR1F_MOD1_ROC16", "filter[roc_name]",
         "ROC index 16 is outside 0..15"),
        ("/api/v1/masked_channels?filter[module_name]=FPix_BmI_D4_BLD1_PNL1_RNG1", "filter[module_name]",
         "disk 4 is outside 1..3"),
    ],
)  # fmt: skip
def test_malformed_name_is_a_400_with_an_example(api, url, parameter, problem):
    error = error_of(api, url)
    assert error["source"] == {"parameter": parameter}
    assert problem in error["detail"]
    assert VALID_EXAMPLE in error["detail"] and "_ROC0" in error["detail"]


def test_patterns_and_null_are_not_names(api):
    like = get(api, "/api/v1/pixel_modules?filter[name][LIKE]=BPix_BmO_SEC1_LYR1_%25&page[limit]=100")
    assert like["meta"]["totalResourceCount"] == 4  # SEC1 of layer 1 is ladder 1: MOD1..4
    assert get(api, "/api/v1/pixel_rocs?filter[name][CT]=_LDR1F_MOD1_ROC1&page[limit]=1")["data"]
    assert get(api, "/api/v1/masked_rocs?filter[module_name]=null&page[limit]=1")["meta"]["totalResourceCount"] == 0


def test_valid_name_filters_and_an_unknown_id_is_a_404(api):
    doc = get(api, "/api/v1/pixel_rocs?filter[name]=BPix_BmO_SEC1_LYR1_LDR1F_MOD1_ROC15")
    assert [o["id"] for o in doc["data"]] == ["BPix_BmO_SEC1_LYR1_LDR1F_MOD1_ROC15"]
    error = error_of(api, "/api/v1/pixel_rocs/BPix_Bx", 404)
    assert "BPix_Bx" in error["detail"]
