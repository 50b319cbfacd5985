"""web/limits.py: no reply over 2 MiB; the net answers in each route's own error shape."""

import logging
from pathlib import Path

import pytest
from flask import Response, jsonify

BIG = "x" * (3 * 1024 * 1024)
MESSAGE = ("The reply would have been {size} bytes, over the 2,097,152-byte (2 MiB) limit on every reply; "
           "send less (a shorter paste, fewer or shorter values).")


@pytest.fixture
def big_app(app_factory):
    """The app with one oversized route per reply kind: a route-level reproduction for the net."""
    app = app_factory()
    app.add_url_rule("/api/huge", "huge_json", lambda: jsonify({"data": BIG}))
    app.add_url_rule("/huge-page", "huge_page", lambda: BIG)
    def huge_sandbox():
        return BIG
    app.add_url_rule("/sandbox/paynet/api/v2/huge/1", "huge_sandbox", app.extensions["csrf"].exempt(huge_sandbox),
                     methods=["POST"])
    app.add_url_rule("/callbacks/inbox/huge", "huge_inbox", lambda: Response(BIG, content_type="text/plain"))
    app.add_url_rule("/small", "small", lambda: "x" * (2 * 1024 * 1024))
    return app


def test_oversized_json_reply_becomes_the_json_error(big_app, caplog):
    caplog.set_level(logging.DEBUG)
    r = big_app.test_client().get("/api/huge")
    assert (r.status_code, r.get_json()) == (413, {"error": {"kind": "reply-too-large",
                                                             "message": MESSAGE.format(size="3,145,740")}})
    assert "reply to GET /api/huge was 3145740 bytes, over the 2097152-byte limit; replaced by an error" in caplog.text


def test_oversized_page_becomes_an_error_page(big_app):
    r = big_app.test_client().get("/huge-page")
    assert r.status_code == 413 and "<h1>Reply too large</h1>" in r.get_data(as_text=True)
    assert MESSAGE.format(size="3,145,728") in r.get_data(as_text=True)


def test_oversized_sandbox_reply_is_a_validation_error(big_app):
    r = big_app.test_client().post("/sandbox/paynet/api/v2/huge/1")
    assert r.status_code == 200
    assert r.get_data(as_text=True).startswith("type=validation-error\n&error-message=The+reply+would+have+been+3%2C")


def test_oversized_inbox_reply_is_text(big_app):
    r = big_app.test_client().get("/callbacks/inbox/huge")
    assert (r.status_code, r.get_data(as_text=True)) == (413, MESSAGE.format(size="3,145,728") + "\n")


def test_reply_of_exactly_2_mib_passes(big_app):
    r = big_app.test_client().get("/small")
    assert r.status_code == 200 and len(r.get_data()) == 2 * 1024 * 1024


def test_static_files_pass_untouched(client):
    r = client.get("/static/style.css")
    try:
        assert r.status_code == 200 and r.get_data() == (Path(__file__).parents[2] / "static/style.css").read_bytes()
    finally:
        r.close()
