"""Every log record is masked when it is made, before any handler writes it: its message with its arguments, its
traceback and its stack. A shared server's logs are read by its operator, and what users typed is not theirs to
read: card-like and key-like values (paynet.masking), inbox and payer-page tokens, bearer tokens and query
strings are cut.

Masking at the record factory, not in a handler's or a logger's filter, is what makes it hold for every logger
(Flask's, Werkzeug's access log, waitress's, serve.py's access log, a library's) and every handler added later:
a filter on a logger does not see records its children propagate, and a handler added after start-up would have
none."""

import logging
import re
import traceback

from paynet.masking import mask_text

CUT = "…"
_PATH_TOKENS = re.compile(r"(/callbacks/inbox/|/api/inboxes/|/sandbox/paynet/(?:form|3ds)/)[A-Za-z0-9_-]+")
_BEARER = re.compile(r"(?i)(bearer\s+)[^\s,;\"']+")
_QUERY = re.compile(r"(/[^\s?\"'\x1b]*)\?[^\s\"'\x1b]*")


def scrub(text: str) -> str:
    """Log text without what users typed: secrets masked, tokens and query strings cut."""
    text = mask_text(text)
    text = _PATH_TOKENS.sub(rf"\1{CUT}", text)
    text = _BEARER.sub(rf"\1{CUT}", text)
    return _QUERY.sub(rf"\1?{CUT}", text)


def _masked_factory(make):
    def factory(*args, **kwargs):
        record = make(*args, **kwargs)
        try:
            record.msg, record.args = scrub(record.getMessage()), None
        except Exception:  # a record whose arguments do not fit its format: logging reports that itself, later
            return record
        if record.exc_info and record.exc_info[0] is not None:
            # Formatters use exc_text when it is set: the traceback is written masked, whichever handler writes it.
            record.exc_text = scrub("".join(traceback.format_exception(*record.exc_info)).rstrip("\n"))
        if record.stack_info:
            record.stack_info = scrub(record.stack_info)
        return record

    factory.masks_logs = True
    return factory


def install() -> None:
    """Mask every record made in this process from now on (idempotent: app factories and serve.py call it)."""
    current = logging.getLogRecordFactory()
    if not getattr(current, "masks_logs", False):
        logging.setLogRecordFactory(_masked_factory(current))


def access_log(app):
    """`make serve`'s access log (ACCESS_LOG=1; waitress has none of its own): one line per request through
    logging, so the record factory above cuts its query string and tokens like every other line."""
    log = logging.getLogger("access")

    def logged(environ, start_response):
        def start(status, headers, exc_info=None):
            log.info("%s %s %s %s", environ.get("REMOTE_ADDR", "-"), environ.get("REQUEST_METHOD", "-"),
                     environ.get("PATH_INFO", "") + ("?" + environ["QUERY_STRING"] if environ.get("QUERY_STRING")
                                                      else ""), status.split(" ", 1)[0])
            return start_response(status, headers, exc_info)
        return app(environ, start)
    return logged
