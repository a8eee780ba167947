"""Each agreement command is its own endpoint with its own request schema (the
OpenAPI body of `sign` names the department, not a reason; each part has its own)."""

from drf_spectacular.generators import SchemaGenerator

V = "/api/v1/sla/agreement-versions/{id}"


def _body(schema, path):
    op = schema["paths"][path]["post"]
    if "requestBody" not in op:
        return None
    ref = op["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    return ref.rsplit("/", 1)[-1].removesuffix("Request")


def test_each_command_documents_its_own_body():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    paths = {p for p in schema["paths"] if p.startswith(V)}
    bodies = {p.removeprefix(V): _body(schema, p) for p in paths if "post" in schema["paths"][p]}
    assert bodies["/sign/"] == "AgreementSign"
    assert bodies["/recall/"] == bodies["/terminate/"] == "AgreementReason"
    assert bodies["/submit/"] is None and bodies["/amend/"] is None
    assert (bodies["/items/"], bodies["/indicators/"], bodies["/penalties/"]) == (
        "ServiceItemIn", "IndicatorIn", "PenaltyClauseIn")
    components = schema["components"]["schemas"]
    assert "department" in components["AgreementSignRequest"]["properties"]
