"""gzip on the wire for static scripts, the stylesheet, the docs, and pages that render nothing of the request
(BREACH: a GET with at most ?lang=); JSON and every other HTML reply are never compressed."""

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


def test_no_gzip_without_accept_encoding_or_for_json(client):
    with client.get("/static/style.css") as resp:
        assert "Content-Encoding" not in resp.headers
    page = client.get("/sale")
    assert "Content-Encoding" not in page.headers
    assert page.data.startswith(b"<!doctype html>")
    reply = client.post("/api/status/sign", json={}, headers={"Accept-Encoding": "gzip"})
    assert "Content-Encoding" not in reply.headers


def test_pages_gzipped_only_when_they_render_nothing_of_the_request(client):
    """A GET page with no query or only the language switch holds the CSRF token but no input: compressed.
    A POST reply echoes the typed values beside the token, any other query might one day: never."""
    gz = {"Accept-Encoding": "gzip"}
    for path in ("/sale", "/sale?lang=ru", "/debug", "/"):
        page = client.get(path, headers=gz)
        assert page.headers["Content-Encoding"] == "gzip", path
        assert "Accept-Encoding" in page.headers["Vary"]
        assert gzip.decompress(page.data).startswith(b"<!doctype html>")
    for path in ("/sale?amount=1", "/sale?lang=ru&x=1", "/no-such-command"):
        assert "Content-Encoding" not in client.get(path, headers=gz).headers, path
    posted = client.post("/debug", data={"raw": "amount=1"}, headers=gz)
    assert "Content-Encoding" not in posted.headers
