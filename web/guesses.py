"""Guessing a token is cheap, so failing is not: failed checks of an account's Bearer token or of an inbox token
are counted per client address in the store (the count holds across instances sharing PostgreSQL); past
TOKEN_FAILURE_RATE a minute, the address waits. A waiting address is not checked at all, even with a right token:
otherwise a right guess would show among the refusals."""

from flask import current_app, request
from flask_babel import gettext as _

from web.api import ApiError

TEXT = {"Content-Type": "text/plain;charset=utf-8"}


def _store():
    return current_app.extensions["sandbox"].store


def _client() -> str:
    return request.remote_addr or "unknown"


def _rate() -> int:
    return current_app.config["TOKEN_FAILURE_RATE"]


def wait() -> int:
    """Seconds this client must wait before its tokens are checked again (0: go ahead)."""
    return _store().token_wait(_client(), _rate())


def failed() -> int:
    """Count a failed check; the wait when this client is past the limit (0: counted, answer as usual)."""
    return _store().token_failed(_client(), _rate())


def message(seconds: int) -> str:
    return _("Too many failed token checks from this address: at most %(rate)s a minute (TOKEN_FAILURE_RATE); try "
             "again in %(seconds)s s.", rate=_rate(), seconds=seconds)


def refuse(seconds: int) -> ApiError:
    """The JSON routes' 429."""
    return ApiError(429, "rate-limited", message(seconds), headers={"Retry-After": str(seconds)})


def check() -> None:
    """Before a JSON route checks a token."""
    if seconds := wait():
        raise refuse(seconds)


def count_failure() -> None:
    """Where a JSON route's token check fails (it then answers its own refusal, unless this raises 429)."""
    if seconds := failed():
        raise refuse(seconds)


def text_reply(seconds: int) -> tuple:
    """The plain-text routes' 429 (the inbox)."""
    return message(seconds) + "\n", 429, {**TEXT, "Retry-After": str(seconds)}
