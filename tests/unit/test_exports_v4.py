"""v4 code exports as text: each language's literals, the key read from the file a variable names (never in the
snippet), card data from variables, and the Python snippet run in process with a fixed nonce and clock, which must
give tests/unit/test_oauth.py's full vector (signed with openssl dgst, independently of this tool)."""

import re
import sys
import time
import types

import pytest
from cryptography.hazmat.primitives import serialization

from exports import v4
from tests.samples import V4_FULL_HEADER, V4_TEST_KEY

PAYOUT = v4.Request("https://gateway.example/paynet/api/v4/payout/1111",
                    (("client_orderid", "v4-1"), ("amount", "10.42"), ("currency", "USD"),
                     ("order_desc", "John Smith!")), "demo", command="payout")
ODD = "it's \"q\" \\ $HOME Zoë 😀"  # quotes, a backslash, a dollar sign, non-ASCII beyond the BMP
DEPOSIT = v4.Request("http://127.0.0.1:5000/sandbox/paynet/api/v4/transfer-by-ref/1111",
                     (("client_orderid", ODD), ("destination-card-no", "444433******1111")), "demo",
                     v4.variables(["destination-card-no"]), "transfer-by-ref")
UNSET = "set PAYNET_PRIVATE_KEY_FILE to the path of your RSA private key (a PEM file)"


def test_the_curl_script_checks_its_variables_then_quotes_each_value():
    assert v4.render(DEPOSIT, "curl").startswith(
        "#!/usr/bin/env bash\n"
        "# PaynetEasy v4 transfer-by-ref, signed with OAuth 1.0a RSA-SHA256 when it runs (a fresh nonce and timestamp\n"
        "# each time) with the private key in the file PAYNET_PRIVATE_KEY_FILE names: the key is never in this file.\n"
        "# Run: PAYNET_PRIVATE_KEY_FILE=private.pem bash transfer-by-ref.sh\n"
        "set -o pipefail\n"
        ': "${PAYNET_PRIVATE_KEY_FILE:?set PAYNET_PRIVATE_KEY_FILE to the path of your RSA private key (a PEM file)}"\n'
        ': "${PAYNET_CARD_NUMBER:?set PAYNET_CARD_NUMBER to a test card number, e.g. 4538977399606732}"\n'
        "\n"
        "url=http://127.0.0.1:5000/sandbox/paynet/api/v4/transfer-by-ref/1111\n"
        "consumer_key=demo\n"
        "fields=(  # name value, in the order sent\n"
        "  client_orderid 'it'\"'\"'s \"q\" \\ $HOME Zoë 😀'\n"
        '  destination-card-no "${PAYNET_CARD_NUMBER}"\n'
        ")\n")


def test_the_curl_script_signs_with_openssl_and_sorts_by_name_then_value():
    text = v4.render(PAYOUT, "curl")
    assert ("signature=$(printf '%s' \"$base\" | openssl dgst -sha256 -sign \"$PAYNET_PRIVATE_KEY_FILE\" | openssl "
            "base64 -A) || {\n") in text
    # Split at '=': a name that is a prefix of another ("a", "a1") sorts first, as the tuples do.
    assert "| LC_ALL=C sort -t= -k1,1 -k2,2 | paste -sd'&' -)\n" in text
    assert "      [A-Za-z0-9._~-]) out+=$c ;;\n      *) printf -v hex '%%%02X' \"'$c\"; out+=$hex ;;\n" in text
    assert "--data-binary \"$body\"" in text and "--data-urlencode" not in text  # one encoder: RFC 3986


@pytest.mark.parametrize(("language", "row"), [
    ("python", "    ('client_orderid', 'it\\'s \"q\" \\\\ $HOME Zoë 😀'),\n"),
    ("php", "    ['client_orderid', 'it\\'s \"q\" \\\\ $HOME Zoë 😀'],\n"),
    ("node", '  ["client_orderid", "it\'s \\"q\\" \\\\ $HOME Zo\\u00eb \\ud83d\\ude00"],\n'),
    ("java", '        fields.add(new String[] {"client_orderid", '
             '"it\'s \\"q\\" \\\\ $HOME Zo\\u00eb \\ud83d\\ude00"});\n'),
])
def test_each_language_writes_the_value_as_its_own_literal(language, row):
    assert row in v4.render(DEPOSIT, language)


@pytest.mark.parametrize(("language", "row"), [
    ("python", "    ('destination-card-no', card('PAYNET_CARD_NUMBER', "
               "'a test card number, e.g. 4538977399606732')),\n"),
    ("php", "    ['destination-card-no', $card('PAYNET_CARD_NUMBER', 'a test card number, e.g. 4538977399606732')],\n"),
    ("node", '  ["destination-card-no", card("PAYNET_CARD_NUMBER", "a test card number, e.g. 4538977399606732")],\n'),
    ("java", '        fields.add(new String[] {"destination-card-no", card("PAYNET_CARD_NUMBER", '
             '"a test card number, e.g. 4538977399606732")});\n'),
])
def test_masked_card_data_comes_from_its_variable(language, row):
    text = v4.render(DEPOSIT, language)
    assert row in text and "******" not in text


@pytest.mark.parametrize(("language", "fragments"), [
    ("python", ['    path = os.environ.get("PAYNET_PRIVATE_KEY_FILE", "")\n',
                f"        sys.exit('{UNSET}')\n", 'return quote(text, safe="-._~")',
                "key.sign(base.encode(\"utf-8\"), padding.PKCS1v15(), hashes.SHA256())"]),
    ("php", ["$keyFile = getenv('PAYNET_PRIVATE_KEY_FILE');\n", f"    fwrite(STDERR, '{UNSET}' . \"\\n\");\n",
             "if (!openssl_sign($base, $signature, $key, OPENSSL_ALGO_SHA256)) {\n", "rawurlencode($url)"]),
    ("node", ["  const file = process.env.PAYNET_PRIVATE_KEY_FILE;\n", f'    console.error("{UNSET}");\n',
              '.replace(/[!\'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);\n',
              'crypto.createSign("RSA-SHA256").update(base, "utf8").sign(key, "base64");\n']),
    ("java", ['        String file = System.getenv("PAYNET_PRIVATE_KEY_FILE");\n',
              f'            System.err.println("{UNSET}");\n',
              "    //   openssl pkcs8 -topk8 -nocrypt -in rsa-private.pem -out private.pem\n",
              'Signature signer = Signature.getInstance("SHA256withRSA");\n']),
])
def test_each_language_reads_the_key_file_and_signs_rsa_sha256(language, fragments):
    text = v4.render(PAYOUT, language)
    for fragment in fragments:
        assert fragment in text, fragment
    assert "BEGIN PRIVATE KEY-----\nMII" not in text


def test_no_snippet_uses_a_form_encoder():
    """A form encoder makes a space '+' (and leaves '*' or '!'): the gateway then refuses the signature."""
    assert not re.search(r"http_build_query\(|(?<!raw)urlencode\(", v4.render(PAYOUT, "php"))
    assert "URLSearchParams" not in v4.render(PAYOUT, "node")
    assert "URLEncoder.encode" not in v4.render(PAYOUT, "java")
    assert "quote_plus" not in v4.render(PAYOUT, "python") and "urlencode(" not in v4.render(PAYOUT, "python")


def test_the_messages_hold_no_apostrophe():
    """bash reads an apostrophe inside "${VAR:?message}" as an opening quote and the script does not parse."""
    assert "'" not in v4.KEY_UNSET
    assert all("'" not in v.message for v in v4.variables(["credit_card_number", "destination-card-no"]))


def run_python(snippet: str, monkeypatch) -> dict:
    """The Python snippet executed here, with requests faked; returns what it would post."""
    sent = {}
    fake = types.ModuleType("requests")
    fake.post = lambda url, data, timeout, headers: sent.update(url=url, data=data, **headers) or types.SimpleNamespace(
        text="")
    monkeypatch.setitem(sys.modules, "requests", fake)
    exec(compile(snippet, "snippet.py", "exec"), {"__name__": "__main__"})
    return sent


@pytest.mark.parametrize("form", ["pkcs8", "pkcs1"])
def test_the_python_snippet_signs_the_full_vector(form, monkeypatch, tmp_path):
    """The nonce and the clock fixed: the signature is deterministic (PKCS#1 v1.5), the header is the vector's."""
    key = V4_TEST_KEY
    if form == "pkcs1":
        key = serialization.load_pem_private_key(V4_TEST_KEY.encode(), None).private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL,
            serialization.NoEncryption()).decode()
    (tmp_path / "private.pem").write_text(key)
    monkeypatch.setenv("PAYNET_PRIVATE_KEY_FILE", str(tmp_path / "private.pem"))
    monkeypatch.setattr("secrets.token_hex", lambda n: "0123456789abcdef0123456789abcdef")
    monkeypatch.setattr(time, "time", lambda: 1764806400.5)
    assert run_python(v4.render(PAYOUT, "python"), monkeypatch) == {
        "url": "https://gateway.example/paynet/api/v4/payout/1111",
        "data": b"client_orderid=v4-1&amount=10.42&currency=USD&order_desc=John%20Smith%21",
        "Authorization": V4_FULL_HEADER, "Content-Type": "application/x-www-form-urlencoded"}


def test_the_python_snippet_stops_without_a_readable_key(monkeypatch, tmp_path):
    monkeypatch.delenv("PAYNET_PRIVATE_KEY_FILE", raising=False)
    with pytest.raises(SystemExit) as stopped:
        run_python(v4.render(PAYOUT, "python"), monkeypatch)
    assert stopped.value.code == UNSET
    monkeypatch.setenv("PAYNET_PRIVATE_KEY_FILE", str(tmp_path / "nope.pem"))
    with pytest.raises(SystemExit) as stopped:
        run_python(v4.render(PAYOUT, "python"), monkeypatch)
    assert stopped.value.code.startswith(
        f"PAYNET_PRIVATE_KEY_FILE: no RSA private key (PEM) could be read from {tmp_path}/nope.pem: ")


def test_every_language_is_labelled():
    assert {k: v["label"] for k, v in v4.render_all(PAYOUT).items()} == {
        "curl": "curl + openssl (bash)", "python": "Python (requests, cryptography)",
        "php": "PHP (openssl, curl extensions)", "node": "Node (crypto, fetch)",
        "java": "Java (java.security, java.net.http)"}
