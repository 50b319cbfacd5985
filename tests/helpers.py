"""The tests' shared vocabulary (issue 21): what several test modules say the same way, so that no test module
imports another. Payment flows through the submit API: `submit` a command with its docs example values and
the demo account, read the `order_ids` of its answer, ask for its `final` status, or get an `approved_order`;
`issue` a private inbox and read its `listing`; a `sale_with_callback` made final."""

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


def issue(client) -> str:
    r = client.post("/api/inboxes", json={})
    assert r.status_code == 201, r.get_json()
    return r.get_json()["token"]


def listing(client, token, after=0) -> dict:
    r = client.get(f"/api/callbacks?token={token}&after={after}")
    assert r.status_code == 200, r.get_json()
    return r.get_json()


def sale_with_callback(client, client_orderid, url, amount="10.00"):
    fields = submit(client, "sale", client_orderid=client_orderid, amount=amount, server_callback_url=url)
    ids = order_ids(fields)
    submit(client, "status", **ids)  # processing; the transaction becomes final now
    return ids
