"""The v4 code exports run: each language whose tools are on the machine sends one payout to the built-in sandbox
over loopback, one process per language, signed when it runs with the demo account's private key read from a temp
file. The sandbox's signature check (sandbox/v4auth.py) is the oracle, independent of the exports: it accepts the
payout only if the body it received is what was signed, RFC 3986-encoded. client_orderid carries quotes, a
backslash, a dollar sign, !'()*, '+', '&', '%', '~' and non-ASCII text (an emoji too), and comes back as
merchant-order-id: each language's literal kept it. The card number comes from PAYNET_CARD_NUMBER, as the masked
default gives it.

The bash script, the cheapest to start, also shows the rest: run twice, two payouts (a fresh nonce each run, never
a replay); signed with another key, the sandbox's 401; without the key variable, a message naming it.

REQUIRE_EXPORTS=1 (CI) turns a missing tool into a failure instead of a skip."""

import os
import shutil
import subprocess
import sys

import pytest

from paynet.wire import parse_pairs
from sandbox import demo_keys
from tests.conftest import LiveServer
from tests.samples import V4_TEST_KEY

ORDER_ID = "Zoë \"q\" 's \\ $HOME !'()*~+=&% 東京 😀"  # 😀: a surrogate pair in Java's and Node's literals
DESC = " Café ☕ \"quoted\" \\ $HOME 's = a:b;c@d "
TYPED_CARD = "4111111111111111"  # typed in the page; the masked export must not carry it
TOOLS = {"curl": ["bash", "curl", "openssl"], "python": [], "php": ["php"], "node": ["node"], "java": ["java", "javac"]}
FILES = {"curl": "payout.sh", "python": "payout.py", "php": "payout.php", "node": "payout.mjs",
         "java": "PaynetV4Request.java"}
# Java runs the source file as a user would (`java PaynetV4Request.java`, compiled in memory); C1 only and the serial
# collector halve a short run's start.
RUNNERS = {"curl": ["bash"], "python": [sys.executable], "php": ["php"], "node": ["node"],
           "java": ["java", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"]}


def _path() -> str:
    return os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", "")


def need(language: str) -> None:
    missing = [t for t in TOOLS[language] if not shutil.which(t, path=_path())]
    if missing:
        if os.environ.get("REQUIRE_EXPORTS") == "1":
            pytest.fail(f"{', '.join(missing)} not found; CI requires the export tests (make test installs them "
                        "when root)")
        pytest.skip(f"{', '.join(missing)} not found")


@pytest.fixture
def server(app):
    live = LiveServer(app)
    yield live
    live.stop()


@pytest.fixture
def keys(tmp_path):
    (tmp_path / "demo.pem").write_text(demo_keys.PRIVATE_PEM)
    (tmp_path / "other.pem").write_text(V4_TEST_KEY)  # not the demo account's
    return tmp_path


def snippet(app, server, language: str, folder) -> str:
    reply = app.test_client().post("/api/v4/payout/export", base_url=server.url, json={
        "client_orderid": ORDER_ID, "amount": "10.42", "currency": "USD", "order_desc": DESC,
        "credit_card_number": TYPED_CARD, "expire_month": "12", "expire_year": "2099", "endpointid": "1111",
        "oauth_consumer_key": "demo"}).get_json()
    assert (reply["errors"], reply["variables"]) == ({}, {"credit_card_number": "PAYNET_CARD_NUMBER"})
    text = reply["exports"][language]["code"]
    assert TYPED_CARD not in text and demo_keys.PRIVATE_PEM.splitlines()[1] not in text
    path = folder / FILES[language]
    path.write_text(text, encoding="utf-8")
    return str(path)


def run(language: str, path: str, key=None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PAYNET_")}
    env.update({"PATH": _path(), "PAYNET_CARD_NUMBER": "4538977399606732"})
    if key:
        env["PAYNET_PRIVATE_KEY_FILE"] = str(key)
    return subprocess.run([*RUNNERS[language], path], env=env, capture_output=True, text=True, timeout=120)


def accepted(done: subprocess.CompletedProcess) -> dict:
    assert done.returncode == 0, done.stdout + done.stderr
    fields = parse_pairs(done.stdout)
    assert fields["type"] == "async-response", done.stdout + done.stderr
    return fields


@pytest.mark.parametrize("language", list(TOOLS))
def test_v4_export_runs_against_the_sandbox(app, server, keys, language, tmp_path):
    need(language)
    fields = accepted(run(language, snippet(app, server, language, tmp_path), keys / "demo.pem"))
    assert fields["merchant-order-id"] == ORDER_ID
    assert fields["paynet-order-id"].isdigit()


def test_v4_bash_export_signs_each_run_anew_and_another_key_gets_the_401(app, server, keys, tmp_path):
    need("curl")
    path = snippet(app, server, "curl", tmp_path)
    first, second = (accepted(run("curl", path, keys / "demo.pem")) for _ in range(2))
    assert first["paynet-order-id"] != second["paynet-order-id"]
    refused = run("curl", path, keys / "other.pem")
    assert refused.stdout.startswith("the signature does not verify with demo's public key: the base string we "
                                     "built was POST&http%3A%2F%2F127.0.0.1%3A"), refused.stdout
    unset = run("curl", path)
    assert unset.returncode != 0 and unset.stdout == ""
    assert ("PAYNET_PRIVATE_KEY_FILE: set PAYNET_PRIVATE_KEY_FILE to the path of your RSA private key (a PEM file)"
            in unset.stderr)
    missing = run("curl", path, keys / "nope.pem")
    assert missing.returncode != 0 and missing.stdout == ""
    assert f"PAYNET_PRIVATE_KEY_FILE: no RSA private key (PEM) could be read from {keys}/nope.pem" in missing.stderr
