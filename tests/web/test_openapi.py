"""GET /api/openapi.json: a valid OpenAPI 3.1 description generated from the declarations, and a bounded
schemathesis run against the app: every reply conforms to it and none is a 5xx."""

import schemathesis
from hypothesis import HealthCheck, given, settings
from openapi_spec_validator import validate
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


def test_openapi_validates(client):
    validate(client.get("/api/openapi.json").get_json())


def test_openapi_request_schema_from_the_declarations(client):
    doc = client.get("/api/openapi.json").get_json()
    sale = doc["components"]["schemas"]["SaleSignRequest"]
    assert sale["properties"]["client_orderid"] == {
        "type": "string", "maxLength": 128, "description": "Unique order identifier assigned by Connecting Party.",
        "x-necessity": "required", "x-signed-position": 2}
    assert sale["required"][:3] == ["client_orderid", "order_desc", "amount"]
    capture = doc["components"]["schemas"]["CaptureExportRequest"]
    assert "merchant_control" not in capture["properties"]  # an export never takes the key
    assert capture["properties"]["amount"]["x-necessity"] == "optional"
    assert doc["openapi"] == "3.1.0"
    assert doc["paths"]["/api/make-rebill-sale/submit"]["post"]["operationId"] == "submit_make_rebill_sale"
    assert doc["components"]["schemas"]["Error"]["required"] == ["error"]
    assert doc["paths"]["/api/debug/v4"]["post"]["operationId"] == "debug_v4"


def test_api_conforms_to_its_description(app_factory):
    """Each operation in turn, a few derandomized cases each (schemathesis's own pytest plugin does not load
    under this pytest), through the WSGI app: no network, and the sandbox answers submits in process."""
    app = app_factory()
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 59  # 17 commands x 3, and 8 shared routes (not the description itself)

    for operation in operations:
        @given(case=operation.as_strategy())
        @settings(max_examples=6, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        def check(case):
            case.call_and_validate(checks=CHECKS)

        check()
