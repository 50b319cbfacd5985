"""gzip on the wire for static scripts and the stylesheet only; HTML and JSON are never compressed."""

import gzip


def test_static_script_is_gzipped_for_clients_that_accept_it(client):
    with client.get("/static/vendor/noble-hashes/utils.js") as resp:
        plain = resp.data
    resp = client.get("/static/vendor/noble-hashes/utils.js", headers={"Accept-Encoding": "gzip, br"})
    assert resp.headers["Content-Encoding"] == "gzip"
    assert resp.headers["Vary"] == "Accept-Encoding"
    assert gzip.decompress(resp.data) == plain
    assert len(resp.data) < len(plain) // 2
    assert resp.headers["ETag"].endswith('-gzip"')


def test_no_gzip_without_accept_encoding_or_for_pages(client):
    with client.get("/static/style.css") as resp:
        assert "Content-Encoding" not in resp.headers
    page = client.get("/sale", headers={"Accept-Encoding": "gzip"})
    assert "Content-Encoding" not in page.headers
    assert page.data.startswith(b"<!doctype html>")
    reply = client.post("/api/status/sign", json={}, headers={"Accept-Encoding": "gzip"})
    assert "Content-Encoding" not in reply.headers
