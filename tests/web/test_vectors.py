"""GET /api/vectors and the /vectors page: known-good vectors per command, the docs' example first; the
controls were computed once with `printf '%s' ... | sha1sum` and written down."""

from tests.conftest import DOC_KEY


def vectors_of(client, command):
    doc = client.get("/api/vectors").get_json()
    return {v["name"]: v for c in doc["commands"] if c["command"] == command for v in c["vectors"]}


def test_vectors_docs_example_first_with_every_step(client):
    doc = client.get("/api/vectors").get_json()
    assert doc["format"] == "paynet-vectors/1"
    sale = next(c for c in doc["commands"] if c["command"] == "sale")
    first = sale["vectors"][0]
    assert first == {
        "name": "docs-example", "note": "The docs' example values and key.",
        "target": {"kind": "endpoint", "id": "1111"},
        "values": {"client_orderid": "902B4FF5", "amount": "10.42", "email": "john.smith@gmail.com"},
        "key": DOC_KEY,
        "parts": [{"name": "endpointid", "value": "1111"}, {"name": "client_orderid", "value": "902B4FF5"},
                  {"name": "amount", "value": "1042"}, {"name": "email", "value": "john.smith@gmail.com"},
                  {"name": "merchant_control", "value": DOC_KEY}],
        "string_to_sign": "1111902B4FF51042john.smith@gmail.com" + DOC_KEY,
        "control": "c6bdd88a78834ef4b863b088827a459f039e8257"}


def test_vectors_float_trap_amounts_group_and_trim(client):
    sale = vectors_of(client, "sale")
    assert sale["amount-1.15"]["parts"][2] == {"name": "amount", "value": "115"}
    assert sale["amount-1.15"]["control"] == "3b756acf5efaad27be54689e3085a682254320e0"
    assert sale["amount-0.29"]["control"] == "fa72873895f045c6203c92d003d24c1a12431137"
    assert sale["group"]["control"] == "eca5b66aa6f3dc48bf31da886b9f62e38598b077"
    assert sale["trimmed"]["control"] == "c6bdd88a78834ef4b863b088827a459f039e8257"


def test_vectors_if_sent_part_left_out(client):
    rebill = vectors_of(client, "make-rebill-sale")
    assert rebill["without-amount"]["string_to_sign"] == "login902B4FF51461665USD" + DOC_KEY
    assert rebill["without-amount"]["control"] == "b94811567dc9f8111df60e48bbafbbca6c0a3b67"


def test_vectors_download_is_an_attachment(client):
    r = client.get("/api/vectors?download=1")
    assert r.headers["Content-Disposition"] == "attachment; filename=paynet-vectors.json"


def test_vectors_page_lists_them(client):
    text = client.get("/vectors").get_data(as_text=True)
    assert "c6bdd88a78834ef4b863b088827a459f039e8257" in text
    assert 'id="self-check"' in text
