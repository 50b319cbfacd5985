"""The last net under every reply: none is larger than 2 MiB, whatever the input.

Each route bounds what it echoes (the debugger's paste, a gateway's body, the inbox); this net
catches what they missed, logs it, and answers in the route's own error shape instead.
"""

from flask import Response, current_app, jsonify, render_template, request
from flask_babel import format_decimal
from flask_babel import gettext as _

from paynet import wire
from paynet.i18n import N_
from web import faces

MAX_REPLY = 2 * 1024 * 1024
MESSAGE = N_("The reply would have been %(size)s bytes, over the %(limit)s-byte (2 MiB) limit on every reply; "
             "send less (a shorter paste, fewer or shorter values).")


def cap_reply(response: Response) -> Response:
    """An after_request hook: a reply over MAX_REPLY is logged and replaced by the route's error."""
    if response.direct_passthrough or response.is_streamed:  # static files: ours, and small
        return response
    size = len(response.get_data())
    if size <= MAX_REPLY:
        return response
    current_app.logger.error("reply to %s %s was %d bytes, over the %d-byte limit; replaced by an error",
                             request.method, request.path, size, MAX_REPLY)
    if faces.current() == faces.WIRE:  # the emulated gateway speaks English
        message = MESSAGE % {"size": f"{size:,}", "limit": f"{MAX_REPLY:,}"}
    else:
        message = _(MESSAGE, size=format_decimal(size), limit=format_decimal(MAX_REPLY))
    return _error(message)


def _error(message: str) -> Response:
    face = faces.current()
    if face == faces.JSON:
        return _status(jsonify({"error": {"kind": "reply-too-large", "message": message}}))
    if face == faces.WIRE:  # the gateway's format: errors too are a 200 with pairs
        return Response(wire.encode_response([("type", "validation-error"), ("error-message", message)]),
                        content_type="text/html;charset=utf-8")
    if face == faces.TEXT:
        return _status(faces.text(message + "\n", 413))
    return _status(Response(render_template("error.html", title=_("Reply too large"), message=message)))


def _status(reply: Response) -> Response:
    reply.status_code = 413  # the input made the reply too large: the caller can send less
    return reply
