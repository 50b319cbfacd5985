"""The JSON API: JSON in, JSON out, one error shape, never a 500."""

from flask import Blueprint, current_app, jsonify, request
from werkzeug.exceptions import HTTPException

import builder

bp = Blueprint("api", __name__, url_prefix="/api")


class ApiError(Exception):
    def __init__(self, status: int, kind: str, message: str, **extra):
        super().__init__(message)
        self.status, self.kind, self.message, self.extra = status, kind, message, extra


@bp.errorhandler(ApiError)
def _api_error(exc: ApiError):
    return jsonify({"error": {"kind": exc.kind, "message": exc.message}, **exc.extra}), exc.status


@bp.errorhandler(HTTPException)
def _http_error(exc: HTTPException):
    kind = {413: "too-large", 404: "not-found", 405: "method-not-allowed"}.get(exc.code, "http")
    return jsonify({"error": {"kind": kind, "message": exc.description}}), exc.code


def read_json() -> dict:
    if request.mimetype != "application/json":
        raise ApiError(415, "unsupported-media-type",
                       "Send the request body as JSON with Content-Type: application/json.")
    data = request.get_json(silent=True)
    if data is None:
        raise ApiError(400, "malformed-json", "The request body is not valid JSON.")
    if not isinstance(data, dict):
        raise ApiError(400, "malformed-json", "The request body must be a JSON object.")
    return data


def command_form(name: str):
    form_cls = current_app.extensions["commands"].get(name)
    if form_cls is None:
        known = ", ".join(current_app.extensions["commands"])
        raise ApiError(404, "unknown-command", f"Unknown command {name!r}; known: {known}.")
    return form_cls


def local_base() -> str:
    return request.host_url.rstrip("/") + "/sandbox/paynet"


@bp.get("/commands")
def commands():
    return jsonify({"commands": [cls.describe() for cls in current_app.extensions["commands"].values()]})


@bp.post("/<command>/sign")
def sign(command):
    form_cls = command_form(command)
    inp = builder.from_json(read_json(), form_cls)
    prepared = builder.build(form_cls, inp)
    return jsonify(builder.reply(prepared, inp.reveal, local_base() + prepared.path))


@bp.get("/health")
def health():
    """A trivial JSON route: liveness, and the baseline the sign benchmark compares against."""
    return jsonify({"status": "ok", "commands": len(current_app.extensions["commands"])})
