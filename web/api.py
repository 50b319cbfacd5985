"""The JSON API: JSON in, JSON out, one error shape, never a 500."""

import re
from itertools import accumulate

import requests
from flask import current_app, jsonify, request
from flask_babel import gettext as _

from debugger import callbacks
from outbound import client
from outbound.environments import LOCAL, LOCAL_PATH
from paynet import masking, wire
from sandbox import demo_keys
from web import builder, debugger, faces, inprocess, public

bp = faces.blueprint("api", __name__, faces.JSON, url_prefix="/api")
MAX_JSON_DEPTH = 32  # no request of this API nests deeper than 2; json.loads recurses once per level
# A JSON string, to its closing quote or to the end when it has none; possessive, so linear.
_STRING = re.compile(r'"[^"\\]*+(?:\\.[^"\\]*+)*+"?', re.S)
_BRACKET = re.compile(r"[\[\]{}]")
_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}
CONTROL = re.compile(r"[0-9a-fA-F]{40}")


class ApiError(Exception):
    def __init__(self, status: int, kind: str, message: str, headers: dict | None = None, **extra):
        super().__init__(message)
        self.status, self.kind, self.message, self.extra = status, kind, message, extra
        self.headers = headers or {}  # Retry-After on a 429


def api_error(exc: ApiError):
    """The JSON routes' own errors, whichever blueprint raised them (app.py registers it)."""
    return jsonify({"error": {"kind": exc.kind, "message": exc.message}, **exc.extra}), exc.status, exc.headers


def too_deep(text: str, limit: int = MAX_JSON_DEPTH) -> bool:
    """Do arrays and objects nest deeper than `limit`? Brackets inside strings do not count."""
    if text.count("[") + text.count("{") <= limit:
        return False
    brackets = _BRACKET.findall(_STRING.sub("", text))
    return max(accumulate(map(_STEP.__getitem__, brackets)), default=0) > limit


def read_json() -> dict:
    """The body as a JSON object. Its depth is checked before json.loads, which would exhaust Python's
    recursion limit on a body of '[' x 100000."""
    if request.mimetype != "application/json":
        raise ApiError(415, "unsupported-media-type",
                       _("Send the request body as JSON with Content-Type: application/json."))
    try:
        text = request.get_data(cache=True).decode("utf-8")
    except UnicodeDecodeError:
        raise ApiError(400, "malformed-json", _("The request body is not UTF-8 text.")) from None
    if too_deep(text):
        raise ApiError(400, "too-deep", _("The JSON body is nested more than %(limit)s levels deep; "
                                          "%(limit)s is the limit.", limit=MAX_JSON_DEPTH))
    try:
        data = current_app.json.loads(text)
    except ValueError:
        raise ApiError(400, "malformed-json", _("The request body is not valid JSON.")) from None
    if not isinstance(data, dict):  # valid JSON, so not "malformed": say what it is instead
        raise ApiError(400, "not-an-object", _("The request body is valid JSON, but %(kind)s, not an object: "
                                               "send a JSON object ({\"name\": \"value\", ...}).",
                                               kind=_json_kind(data)))
    return data


def _json_kind(data) -> str:
    if data is None:
        return "null"
    if isinstance(data, bool):
        return _("a boolean")
    return {list: _("an array"), str: _("a string")}.get(type(data), _("a number"))


def _lookup(extension: str, key: str, what: str):
    """A configured command or environment by name, or a 404 that lists the known ones."""
    found = current_app.extensions[extension].get(key)
    if found is None:
        known = ", ".join(current_app.extensions[extension])
        message = (_("Unknown command %(name)s; known: %(known)s.", name=repr(key), known=known) if what == "command"
                   else _("Unknown environment %(name)s; known: %(known)s.", name=repr(key), known=known))
        raise ApiError(404, f"unknown-{what}", message)
    return found


def command_form(name: str):
    return _lookup("commands", name, "command")


def local_base() -> str:
    return public.url(LOCAL_PATH)


@bp.get("/commands")
def commands():
    return jsonify({"commands": [cls.describe() for cls in current_app.extensions["commands"].values()]})


@bp.post("/<command>/sign")
@faces.csrf_exempt  # JSON only: a cross-site form cannot send application/json
def sign(command):
    form_cls = command_form(command)
    data = read_json()
    env = environment(str(data.get("environment") or LOCAL))
    inp = builder.from_json(data, form_cls)
    prepared = builder.build(form_cls, inp)
    return jsonify(builder.reply(prepared, inp.reveal, env.url(prepared.path, local_base())))


@bp.get("/health")
def health():
    """A trivial JSON route: liveness, and the baseline the sign benchmark compares against."""
    return jsonify({"status": "ok", "commands": len(current_app.extensions["commands"])})


def environment(env_id: str):
    return _lookup("environments", env_id, "environment")


def environment_list() -> list[dict]:
    """Every configured environment; production ones are disabled unless ALLOW_PRODUCTION."""
    allow = current_app.config["ALLOW_PRODUCTION"]
    return [e.to_dict(allow or not e.production, local_base())
            for e in current_app.extensions["environments"].values()]


@bp.get("/environments")
def environments():
    # The demo's v4 private key is published and test-only, like its control key: "Use demo account" fills it.
    demo = current_app.extensions["sandbox"].demo.public() | {"v4_private_key": demo_keys.PRIVATE_PEM}
    return jsonify({"environments": environment_list(), "default": LOCAL, "demo": demo})


@bp.post("/<command>/submit")
@faces.csrf_exempt
def submit(command):
    form_cls = command_form(command)
    data = read_json()
    env = sending_environment(data)
    inp = builder.from_json(data, form_cls)
    prepared = builder.build(form_cls, inp)
    page_signed = "control" in data or "string_to_sign" in data
    if page_signed:
        prepared.errors.pop("merchant_control", None)  # the page signed: the key stayed in the browser
    if prepared.errors:
        raise ApiError(400, "invalid", _("Some fields need attention; nothing was sent."), errors=prepared.errors)
    if page_signed:
        _use_page_control(data, prepared)
    exchange = _send(env, prepared)
    if prepared.masked_fields:
        exchange.notes.append(_("Card data masked in this exchange: %(fields)s. It was sent as typed; it is "
                                "never logged or stored.", fields=", ".join(prepared.masked_fields)))
    if env.id == LOCAL and not exchange.error:
        exchange.notes += callback_routes(prepared) + deliveries(prepared, exchange.response.fields)
    outcome = exchange.error.kind if exchange.error else exchange.response.type
    current_app.logger.info("sent %s to %s: %s", command, env.id, outcome)
    return jsonify({"command": command, "environment": env.id, **exchange.to_dict(),
                    "signature": builder.reply(prepared)})


def sending_environment(data: dict):
    """The environment a submit goes to; a production one only when enabled (ALLOW_PRODUCTION) and confirmed."""
    env = environment(str(data.get("environment") or LOCAL))
    if env.production and not current_app.config["ALLOW_PRODUCTION"]:
        raise ApiError(403, "production-disabled", _("%(name)s is a production gateway; sending there is "
                       "disabled. Start the tool with FLASK_ALLOW_PRODUCTION=1 to enable it.", name=env.shown_name()))
    if env.production and data.get("confirm") is not True:
        raise ApiError(403, "confirmation-required", _("%(name)s is a production gateway: real money. "
                       'Send again with "confirm": true to go ahead.', name=env.shown_name()))
    return env


def callback_routes(prepared) -> list[str]:
    """Which URL the built-in sandbox calls back for what (docs/decisions.md: callbacks after capture, return and
    void), said where a command declares notify_url beside server_callback_url."""
    if "notify_url" not in {p.name for p in prepared.command.params}:
        return []
    sent = dict(prepared.body)
    first, later = sent.get("server_callback_url", "").strip(), sent.get("notify_url", "").strip()
    if first and later:
        return [_("Callbacks from the built-in sandbox: this order's result goes to server_callback_url; each later "
                  "transaction on it (capture, return, void) to notify_url.")]
    if first:
        return [_("Callbacks from the built-in sandbox: this order's result goes to server_callback_url; notify_url "
                  "is empty, so later transactions on it (capture, return, void) call nobody back.")]
    if later:
        return [_("Callbacks from the built-in sandbox: this order's result and each later transaction on it "
                  "(capture, return, void) go to notify_url.")]
    return []


def deliveries(prepared, fields: dict) -> list[str]:
    """The callbacks the built-in sandbox sent or refused for the order this reply is about, so far (they go out
    in the background: the next status shows the rest); a refusal says which rule refused it."""
    order = {"orderid": fields.get("paynet-order-id", ""), "client_orderid": fields.get("merchant-order-id", "")}
    if not order["orderid"]:
        return []
    found = current_app.extensions["sandbox"].order_deliveries(prepared.target_id, order)
    return [_("Callback to %(url)s: %(outcome)s.", url=d.url, outcome=callbacks.shown_outcome(d.outcome))
            for d in found]


def _use_page_control(data: dict, prepared) -> None:
    """Send's key-free way: the page posts its control and the string it signed with the key part left
    out; the server recomputes that string from the values and sends only when the two agree."""
    if _str(data, "merchant_control"):
        raise ApiError(400, "invalid", _("Send either merchant_control or control with string_to_sign, not both."))
    control, page_string = _str(data, "control"), data.get("string_to_sign")
    if not CONTROL.fullmatch(control):
        raise ApiError(400, "invalid", _("control must be 40 hexadecimal digits: the SHA-1 the page computed."))
    if not isinstance(page_string, str):
        raise ApiError(400, "invalid", _("string_to_sign is required with control: the string the page signed, "
                                         "with the key part left out."))
    ours = prepared.trace.string_to_sign  # signed without a key: the key part is empty
    if page_string != ours:
        # echoed back, so card data a caller put in it is masked like everywhere else
        secrets = tuple(v for k, v in data.items() if isinstance(v, str) and masking.is_secret(k))
        page_shown, ours_shown = masking.mask_text(page_string, secrets), masking.mask_text(ours, secrets)
        raise ApiError(400, "string-mismatch", _("The page signed %(page)s (key part left out) but the server "
                       "builds %(server)s from the same values; nothing was sent.", page=repr(page_shown),
                       server=repr(ours_shown)),
                       string_to_sign={"page": page_shown, "server": ours_shown})
    prepared.trace.signature = control
    prepared.body.append(("control", control))


def _send(env, prepared) -> client.Exchange:
    """Send to the environment; a local send goes to this app in process (web/inprocess.py), addressed to
    the root this user reached the tool at, so the sandbox's payer links use it."""
    app, local = current_app._get_current_object(), env.id == LOCAL
    root = public.root()
    base = root + LOCAL_PATH if local else env.base_url
    with inprocess.session(app, root) if local else requests.Session() as session:
        return client.send(base + prepared.path, wire.encode_body(prepared.body),
                           timeout=app.config["SEND_TIMEOUT"], deadline=app.config["SEND_DEADLINE"],
                           shown_body=prepared.encoded_body(mask_cards=True), session=session,
                           read_limit=app.config["RESPONSE_BODY_LIMIT"])


@bp.post("/debug")
@faces.csrf_exempt
def debug():
    data = read_json()
    try:
        merchant = debugger.read_fingerprint(data.get("fingerprint"))
        result = debugger.run(data.get("raw"), _str(data, "merchant_control"), _str(data, "command"),
                              _str(data, "endpointid"), _str(data, "groupid"), data.get("reveal") is True,
                              _str(data, "amount"), _str(data, "currency"))
        return jsonify(result | debugger.fingerprint_check(_str(data, "merchant_control"), merchant))
    except debugger.DebugError as exc:
        raise ApiError(exc.status, exc.kind, exc.message, **exc.extra) from None


def _str(data: dict, name: str) -> str:
    value = data.get(name)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ApiError(400, "invalid", _("%(name)s must be a string.", name=name))
    if wire.utf8_problem(name, value):
        raise ApiError(400, "invalid", wire.utf8_problem(name, value))
    return value
