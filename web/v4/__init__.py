"""The v4 builder (OAuth 1.0a RSA-SHA256): its pages under /v4/ and its JSON API under /api/v4/. The page signs
with WebCrypto (static/oauth.js); the server builds the same base string to check, and sends the header the page
computed. No private key ever reaches the server: a value that looks like one is refused, never echoed."""

import re

import requests
from flask import abort, current_app, jsonify, render_template
from flask_babel import gettext as _

from outbound import v4 as v4send
from outbound.environments import LOCAL, LOCAL_PATH
from paynet import masking, oauth, wire
from paynet.docs_links import page_intro, plain_intro
from paynet.i18n import translate
from paynet.signing import JAVA_TRIM
from web import builder, faces, inprocess, public
from web.api import ApiError, environment, environment_list, local_base, read_json, sending_environment

api = faces.blueprint("api_v4", __name__, faces.JSON, url_prefix="/api/v4")
bp = faces.blueprint("v4", __name__, faces.PAGE)
OAUTH_INPUTS = ("oauth_consumer_key", "oauth_nonce", "oauth_timestamp")
RESERVED = ("endpointid", "groupid", "environment", "confirm", "reveal", "json", "authorization", "base_string",
            *OAUTH_INPUTS)
PRIVATE_KEY = re.compile(r"PRIVATE KEY-----")  # PKCS#8 and PKCS#1 PEM headers and footers
BASE64 = re.compile(r"[A-Za-z0-9+/]+={0,2}")
PRINTABLE_ASCII = re.compile(r"[\x20-\x7e]+")  # a header value goes out as bytes: every value percent-encoded


def registry() -> dict:
    return current_app.extensions["v4_commands"]


def command_form(name: str):
    found = registry().get(name)
    if found is None:
        raise ApiError(404, "unknown-command", _("Unknown command %(name)s; known: %(known)s.", name=repr(name),
                                                 known=", ".join(registry())))
    return found


def refuse_keys(data: dict) -> None:
    """A private key is never sent to this server: the page signs. Refused by name, its value never echoed."""
    for name, value in data.items():
        if isinstance(value, str) and PRIVATE_KEY.search(value) or "private" in str(name).lower():
            raise ApiError(400, "private-key-refused", _(
                "%(name)s holds a private key (or is named like one): keys never leave the browser; the page "
                "signs and sends only the Authorization header. Nothing was kept.", name=str(name)[:40]),
                errors={str(name)[:40]: [_("no private key is accepted here")]})


def prepare(form_cls, data: dict, base_url: str):
    """The V4Prepared for the JSON's values; type problems win over the form's own errors."""
    errors: dict[str, list[str]] = {}
    names = form_cls.param_names()
    values = {n: builder.text(n, data[n], errors) for n in names if n in data}
    endpoint = builder.text("endpointid", data.get("endpointid"), errors)
    group = builder.text("groupid", data.get("groupid"), errors)
    kind, target = ("group", group) if group.strip(JAVA_TRIM) and not endpoint.strip(JAVA_TRIM) else ("endpoint",
                                                                                                       endpoint)
    inputs = {n: builder.text(n, data.get(n), errors) for n in OAUTH_INPUTS}
    prepared = form_cls.from_values(values).prepare(kind, target, base_url, inputs["oauth_consumer_key"],
                                                    inputs["oauth_nonce"], inputs["oauth_timestamp"])
    if endpoint.strip(JAVA_TRIM) and group.strip(JAVA_TRIM):
        errors["target"] = [_("Give exactly one of endpointid or groupid, not both.")]
    prepared.errors.update(errors)
    prepared.warnings = [{"field": k, "code": "unknown-parameter",
                          "message": _("%(name)s is not a parameter of %(command)s; ignored.", name=str(k)[:40],
                                       command=form_cls.command.name)}
                         for k in data if k not in names and k not in RESERVED]
    return prepared


def shown_base(prepared, reveal: bool) -> tuple[list, str, str]:
    """The signed parameters in the base string's order, the normalized parameter string and the base string,
    card data masked unless `reveal`."""
    body = prepared.body if reveal else [(k, masking.mask_card(v) if k in prepared.card_fields else v)
                                         for k, v in prepared.body]
    params = oauth.signed_params(body, prepared.oauth)
    pairs = [[k, v] for _ek, _ev, k, v in sorted((oauth.encode(k), oauth.encode(v), k, v) for k, v in params)]
    return pairs, oauth.normalize(params), oauth.base_string("POST", prepared.url, params)


def reply(prepared, reveal: bool = False) -> dict:
    pairs, normalized, base = shown_base(prepared, reveal)
    return {"command": prepared.command.name, "path": prepared.path, "url": prepared.url,
            "body": prepared.encoded_body(mask_cards=not reveal), "oauth": prepared.oauth,
            "sorted_params": pairs, "normalized": normalized, "base_string": base,
            "errors": prepared.errors, "warnings": prepared.warnings,
            "masked": [] if reveal else [k for k, _v in prepared.body if k in prepared.card_fields]}


def target_base(env) -> str:
    return local_base() if env.id == LOCAL else env.base_url


@api.post("/<path:command>/sign")
@faces.csrf_exempt  # JSON only: a cross-site form cannot send application/json
def sign(command):
    form_cls = command_form(command)
    data = read_json()
    refuse_keys(data)
    env = environment(str(data.get("environment") or LOCAL))
    return jsonify(reply(prepare(form_cls, data, target_base(env)), data.get("reveal") is True))


def check_authorization(data: dict, prepared) -> str:
    """The header the page computed, read back: its oauth parameters must be the ones given, and the base string
    the page signed (when posted) the server's. Returns the header as it will be sent."""
    value = data.get("authorization")
    if not isinstance(value, str) or not value.strip():
        raise ApiError(400, "invalid", _("authorization is required: the Authorization header the page computed."),
                       errors={"authorization": [_("authorization is required.")]})
    if not PRINTABLE_ASCII.fullmatch(value.strip()):
        rule = _("the Authorization header must be printable ASCII: its values are percent-encoded (RFC 3986)")
        raise ApiError(400, "invalid", _("authorization cannot be read: %(problem)s.", problem=rule),
                       errors={"authorization": [rule]})
    try:
        found = oauth.parse_header(value)
    except ValueError as exc:
        raise ApiError(400, "invalid", _("authorization cannot be read: %(problem)s.", problem=str(exc)),
                       errors={"authorization": [str(exc)]}) from None
    problems = [_("its %(name)s is %(header)s but %(name)s is %(given)s", name=name, header=repr(found.get(name)),
                  given=repr(given)) for name, given in prepared.oauth.items() if found.get(name) != given]
    extra = sorted(set(found) - set(prepared.oauth) - {"oauth_signature"})
    if extra:
        problems.append(_("it carries %(names)s, which v4 never signs", names=", ".join(extra)[:200]))
    signature = found.get("oauth_signature", "")
    if not BASE64.fullmatch(signature):
        problems.append(_("its oauth_signature must be the Base64 of the RSA-SHA256 signature"))
    if problems:
        raise ApiError(400, "authorization-mismatch", _("The Authorization header does not match the request: "
                       "%(problems)s; nothing was sent.", problems="; ".join(problems)),
                       errors={"authorization": problems})
    page_base = data.get("base_string")
    if page_base is not None and page_base != prepared.base_string:
        page_shown = masking.mask_text(page_base) if isinstance(page_base, str) else repr(page_base)[:80]
        ours = shown_base(prepared, False)[2]
        raise ApiError(400, "base-string-mismatch", _("The page signed %(page)s but the server builds %(server)s "
                       "from the same values; nothing was sent.", page=repr(page_shown), server=repr(ours)),
                       errors={"base_string": [_("differs from the server's base string")]},
                       base_string={"page": page_shown, "server": ours})
    return value.strip()


@api.post("/<path:command>/submit")
@faces.csrf_exempt
def submit(command):
    form_cls = command_form(command)
    data = read_json()
    refuse_keys(data)
    env = sending_environment(data)
    prepared = prepare(form_cls, data, target_base(env))
    if prepared.errors:
        raise ApiError(400, "invalid", _("Some fields need attention; nothing was sent."), errors=prepared.errors)
    authorization = check_authorization(data, prepared)
    app, local = current_app._get_current_object(), env.id == LOCAL
    with inprocess.session(app, public.root()) if local else requests.Session() as session:
        exchange = v4send.send(prepared.url, wire.encode_body(prepared.body), authorization,
                               json_reply=data.get("json") is True, timeout=app.config["SEND_TIMEOUT"],
                               deadline=app.config["SEND_DEADLINE"], shown_body=prepared.encoded_body(),
                               session=session, read_limit=app.config["RESPONSE_BODY_LIMIT"])
    masked = [k for k, _v in prepared.body if k in prepared.card_fields]
    if masked:
        exchange.notes.append(_("Card data masked in this exchange: %(fields)s. It was sent as typed; it is "
                                "never logged or stored.", fields=", ".join(masked)))
    outcome = exchange.error.kind if exchange.error else exchange.response.status
    current_app.logger.info("sent v4 %s to %s: %s", command, env.id, outcome)
    return jsonify({"command": command, "environment": env.id, **exchange.to_dict(), "signed": reply(prepared)})


@bp.get("/v4/<path:command>")
def page(command):
    form_cls = registry().get(command) or abort(404)
    form = form_cls.from_values({})
    params = form.params()
    return render_template("v4.html", form=form, command=form_cls.command,
                           intro=page_intro(translate(plain_intro(form_cls.__doc__ or ""))),
                           required=[f for f in params if f.necessity != "optional"],
                           optional=[f for f in params if f.necessity == "optional"],
                           environments=environment_list(), local_path=LOCAL_PATH)
