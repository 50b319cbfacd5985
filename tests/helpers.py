"""The tests' shared vocabulary (issue 21): what several test modules say the same way, so that no test module
imports another. Payment flows through the submit API: `submit` a command with its docs example values and
the demo account, read the `order_ids` of its answer, ask for its `final` status, or get an `approved_order`."""

from forms import load_registry
from tests.conftest import DOC_KEY

# Each command's docs example values, by command name.
EXAMPLES = {name: {f.name: f.example for f in cls.from_values({}).params() if f.example}
            for name, cls in load_registry().items()}


def submit(client, command, **values):
    payload = {**EXAMPLES[command], "endpointid": "1111", "merchant_control": DOC_KEY, **values}
    if "login" in payload:
        payload["login"] = "demo"
    r = client.post(f"/api/{command}/submit", json=payload)
    assert r.status_code == 200, r.get_json()
    data = r.get_json()
    assert data["error"] is None, data["error"]
    return data["response"]["fields"]


def order_ids(fields):
    return {"client_orderid": fields["merchant-order-id"], "orderid": fields["paynet-order-id"]}


def final(client, ids):
    first = submit(client, "status", **ids)
    assert first["status"] == "processing"
    return submit(client, "status", **ids)


def approved_order(client, command, client_orderid, **values):
    fields = submit(client, command, client_orderid=client_orderid, **values)
    assert fields["type"] == "async-response"
    ids = order_ids(fields)
    assert final(client, ids)["status"] == "approved"
    return ids
