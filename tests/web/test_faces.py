"""One place picks a reply's shape: each blueprint has a face, errors take it, routing errors by URL prefix;
CSRF exemptions declared at the views."""

import pathlib
import re

import pytest


@pytest.fixture
def app(app_factory):
    return app_factory()


@pytest.mark.parametrize("method, path, status, content_type, start", [
    ("get", "/api/nothing", 404, "application/json", '{"error":{"kind":"not-found","message":"The requested URL'),
    ("get", "/api/sandbox/accounts/x/nothing", 404, "application/json", '{"error":{"kind":"not-found"'),
    ("delete", "/api/commands", 405, "application/json", '{"error":{"kind":"method-not-allowed"'),
    ("get", "/sandbox/paynet/api/v2/sale/1111", 405, "text/plain;charset=utf-8",
     "405 Method Not Allowed: The method is not allowed for the requested URL.\n"),
    ("put", "/callbacks/inbox/abc", 405, "text/plain;charset=utf-8",
     "The method is not allowed for the requested URL.\n"),
    ("get", "/sandbox/paynet/nothing", 404, "text/html; charset=utf-8", "<!doctype html>"),
    ("get", "/nothing/at/all", 404, "text/html; charset=utf-8", "<!doctype html>"),
])
def test_routing_errors_take_the_face_of_the_prefix(app, method, path, status, content_type, start):
    r = getattr(app.test_client(), method)(path)
    assert (r.status_code, r.content_type) == (status, content_type)
    assert r.get_data(as_text=True).startswith(start)


def test_an_error_inside_a_view_takes_its_blueprint_s_face(app, monkeypatch):
    def boom(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(app.extensions["sandbox"], "handle", boom)
    r = app.test_client().post("/sandbox/paynet/api/v2/status/1111", data={"login": "x"})
    assert (r.status_code, r.content_type, r.get_data(as_text=True)) == (
        500, "text/plain;charset=utf-8", "500 Internal Server Error: the details are in the server log.\n")


def test_csrf_exemptions_are_the_views_that_declare_them(app):
    assert sorted(app.extensions["csrf"]._exempt_views) == [
        "web.api.debug", "web.api.sign", "web.api.submit", "web.callbacks.inbox", "web.callbacks.issue",
        "web.callbacks.private_inbox", "web.callbacks.relayed", "web.callbacks.verify", "web.dapi.sign",
        "web.exams.account_callback",
        "web.exams.demo_callback", "web.exams.start_exam", "web.exports.export", "web.inspector.callback_hosts",
        "web.inspector.create", "web.inspector.public_key", "web.inspector.resend", "web.sandbox.gateway_api",
        "web.sandbox.gateway_v4", "web.sandbox.hosted_fields", "web.v4.debug.explain", "web.v4.exports.export",
        "web.v4.sign", "web.v4.submit"]
    r = app.test_client().post("/debug", data={"raw": "x"})  # a page's form post without its token
    assert r.status_code == 400 and "Form expired" in r.get_data(as_text=True)


def test_no_view_module_picks_a_shape_by_its_path():
    web = pathlib.Path(__file__).resolve().parents[2] / "web"
    found = [f"{p.name}: {m[0]}" for p in sorted(web.glob("*.py")) if p.name != "faces.py"
             for m in re.finditer(r"request\.path\.startswith\([^)]*\)", p.read_text())]
    assert found == ['compress.py: request.path.startswith("/static/")',  # which replies to gzip, not their shape
                     'compress.py: request.path.startswith("/docs/")']
