"""The v4 signature debugger: /debug/v4 and POST /api/debug/v4. A pasted request and the merchant's RSA public key
in; which known mistake the signature proves out (debugger/v4.py). A private key is never taken: the page derives
the public key itself (static/debug_v4.js) and sends only that."""

import time

from flask import current_app, jsonify, render_template, request
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_wtf.csrf import generate_csrf

from debugger import v4 as explainer
from debugger import v4_paste
from paynet import oauth
from paynet.masking import mask_text
from paynet.wire import utf8_problem
from web import faces
from web.api import ApiError, read_json
from web.debugger import MAX_PARAMETERS, MAX_PASTE
from web.v4 import PRIVATE_KEY

api = faces.blueprint("api_debug_v4", __name__, faces.JSON, url_prefix="/api/debug")
bp = faces.blueprint("debug_v4", __name__, faces.PAGE)


def _refused(field: str, message: str, kind: str = "invalid", status: int = 400) -> ApiError:
    return ApiError(status, kind, message, errors={field: [message]})


def run(raw, public_key) -> dict:
    """The explanation; ApiError naming the field for anything that is not a paste and a public key."""
    if not isinstance(raw, str) or not raw.strip():
        raise _refused("raw", _("raw is required: paste the request (raw HTTP, a curl command, or the URL, the "
                                "Authorization header and the body)."))
    if len(raw) > MAX_PASTE:
        raise _refused("raw", _("raw is %(size)s characters long; the debugger reads at most %(limit)s (64 KiB). "
                                "Paste only the request.", size=format_decimal(len(raw)),
                                limit=format_decimal(MAX_PASTE)), "too-large", 413)
    if utf8_problem("raw", raw):
        raise _refused("raw", utf8_problem("raw", raw))
    if isinstance(public_key, str) and PRIVATE_KEY.search(public_key):
        raise _refused("public_key", _("public_key holds a private key: it never leaves your machine. Give the "
                                       "public key (openssl rsa -in private.pem -pubout), or paste the private key "
                                       "in the page, which derives the public key itself. Nothing was kept."),
                       "private-key-refused")
    if not isinstance(public_key, str) or not public_key.strip():
        raise _refused("public_key", _("public_key is required: the merchant's RSA public key (SPKI PEM, -----BEGIN "
                                       "PUBLIC KEY-----), the one the gateway verifies with."))
    try:
        key = oauth.load_public_key(public_key)
    except ValueError as exc:
        raise _refused("public_key", str(exc)) from None
    pasted = v4_paste.read(raw)
    if len(pasted.pairs) > MAX_PARAMETERS:
        raise _refused("raw", _("The paste has %(count)s parameters; the debugger reads at most %(limit)s. Paste "
                                "only the request.", count=format_decimal(len(pasted.pairs)), limit=MAX_PARAMETERS),
                       "too-many-parameters", 413)
    specs = {name: form.command for name, form in current_app.extensions["v4_commands"].items()}
    result = explainer.explain(pasted, key, specs, time.time())
    return explainer.masked(result) | {"key_bits": key.key_size}


@api.post("/v4")
@faces.csrf_exempt  # JSON only
def explain():
    data = read_json()
    return jsonify(run(data.get("raw"), data.get("public_key")))


@bp.route("/debug/v4", methods=["GET", "POST"])
def page():
    """Rendered by the server; the page's script posts the same form and swaps the result in place."""
    result = error = None
    form = request.form
    if request.method == "POST":
        try:
            result = run(form.get("raw", ""), form.get("public_key", ""))
        except ApiError as exc:
            error = exc
    key = form.get("public_key", "")[:MAX_PASTE]
    template = "_debug_v4_result.html" if request.headers.get("X-Fragment") else "debug_v4.html"
    return render_template(template, result=result, error=error, csrf_token=generate_csrf(),
                           raw=mask_text(form.get("raw", "")[:MAX_PASTE]),
                           public_key="" if PRIVATE_KEY.search(key) else key)
