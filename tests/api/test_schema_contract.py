"""What the OpenAPI schema promises about errors and lists, checked on the generated
schema for every operation (those of apps added later included)."""

import pytest
from drf_spectacular.generators import SchemaGenerator

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def document():
    return SchemaGenerator().get_schema(request=None, public=True)


def operations(document):
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method in {"get", "post", "put", "patch", "delete"}:
                yield path, method, operation


def test_error_component_is_the_one_shape(document):
    error = document["components"]["schemas"]["Error"]
    assert error["required"] == ["detail", "code"]
    assert set(error["properties"]) == {"detail", "code", "fields"}


def test_every_operation_declares_its_error_statuses(document):
    for path, method, operation in operations(document):
        responses = operation["responses"]
        expected = {"400"} | ({"401", "403"} if {} not in operation.get("security", []) else set())
        if "{" in path or any(p["name"] == "page" for p in operation.get("parameters", [])):
            expected.add("404")
        if method != "get":
            expected |= {"409", "413"}
        assert expected <= set(responses), (method, path, sorted(responses))
        for code in expected:
            ref = responses[code]["content"]["application/json"]["schema"]["$ref"]
            component = document["components"]["schemas"][ref.split("/")[-1]]
            assert {"detail", "code"} <= set(component["required"]), (method, path, code, ref)


def test_paging_and_ordering_parameters_have_bounds_and_enums(document):
    seen_ordering = 0
    for path, _method, operation in operations(document):
        params = {p["name"]: p for p in operation.get("parameters", [])}
        if "page" in params:
            assert params["page"]["schema"]["minimum"] == 1
            assert params["page_size"]["schema"] == {"type": "integer", "minimum": 1, "maximum": 100}
            body = operation["responses"]["200"]["content"]["application/json"]["schema"]
            assert body["$ref"].split("/")[-1].startswith("Paginated"), path
        if "ordering" in params:
            seen_ordering += 1
            enum = params["ordering"]["schema"]["items"]["enum"]
            assert enum and all(f"-{name}" in enum for name in enum if not name.startswith("-"))
    assert seen_ordering >= 5


def test_list_endpoints_answering_pages_are_documented_as_pages(document):
    """Every GET without a path id that the views paginate has page parameters and a
    Paginated body — the agreement list once was documented as a bare array."""
    agreements = document["paths"]["/api/v1/sla/agreements/"]["get"]
    assert {p["name"] for p in agreements["parameters"]} >= {"page", "page_size"}
    assert agreements["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].endswith(
        "PaginatedAgreementRowList")


def test_date_time_filters_are_documented_as_date_times(document):
    params = {p["name"]: p for p in document["paths"]["/api/v1/tickets/"]["get"]["parameters"]}
    for name in ("created_after", "created_before"):
        assert params[name]["schema"]["format"] == "date-time"
