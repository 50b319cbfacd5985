"""Serves the built-in sandbox's v4 API (/sandbox/paynet/api/v4/<command>/<id>, OAuth 1.0a RSA-SHA256) and the
hosted fields' tokenize call the SDK makes from the payer's browser (unsigned JSON). The base string covers the URL
the client addressed: the public root (PUBLIC_URL, or the request's root as the trusted proxies give it)."""

import re

from flask import Response, current_app, jsonify, request

from outbound.environments import LOCAL_PATH
from paynet.v4 import JSON_REPLIES
from sandbox.v4 import V4Request
from sandbox.v4tokens import Invalid
from web import faces, public
from web.api import ApiError, read_json

PATH = LOCAL_PATH + "/api/v4"
api = faces.blueprint("sandbox_v4", __name__, faces.WIRE, url_prefix=PATH)  # the gateway's text
# The SDK's call: JSON in and out, errors too.
fields = faces.blueprint("sandbox_v4_fields", __name__, faces.JSON, url_prefix=PATH + "/tokenize/hosted-fields")
_TARGET = re.compile(r"(?P<path>.+?)(?P<group>/group)?/(?P<id>[^/]+)")


def _sandbox():
    return current_app.extensions["sandbox"]


@api.post("/<path:rest>")
@faces.csrf_exempt  # merchants' servers post here
def gateway_v4(rest):
    m = _TARGET.fullmatch(rest)
    if not m:
        return Response(f"No command at /api/v4/{rest}: the path is /api/v4/<command>/<ENDPOINTID> or "
                        f"/api/v4/<command>/group/<ENDPOINTGROUPID>.\n", 404, content_type=faces.TEXT_TYPE)
    req = V4Request(m["path"], "group" if m["group"] else "endpoint", m["id"], request.get_data(),
                    public.url(f"{PATH}/{rest}"), request.headers.get("Authorization"),
                    JSON_REPLIES in request.headers.get("Accept", ""), public.url(LOCAL_PATH))
    reply = _sandbox().v4.handle(req)
    return Response(reply.text, reply.status, content_type=reply.content_type)


@fields.post("")
@faces.csrf_exempt  # JSON only: a cross-site form cannot send it
def hosted_fields():
    """The SDK's tokenize call, emulated: an ephemeral ticket and a test card -> a single-use hostedFieldsToken."""
    try:
        token = _sandbox().v4.tokens.tokenize(read_json())
    except Invalid as exc:  # the gateway's words, in English, as the rest of the sandbox answers
        raise ApiError(400, "invalid", str(exc)) from None
    return jsonify({"hostedFieldsToken": token})
