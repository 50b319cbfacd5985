"""The development server's access log (`make run`) without query strings or inbox tokens: a shared
server's log is read by its operator, and a callback's parameters or a private inbox's token are not
theirs to read. (`make serve` runs gunicorn with its access log off.)"""

import logging
import re

_QUERY = re.compile(r"\?[^ \x1b]*")
_INBOX = re.compile(r"(/callbacks/inbox/)[A-Za-z0-9_-]+")


class RequestLineFilter(logging.Filter):
    """Werkzeug logs '"%s" %s %s' with the request line first: its query and any inbox token are cut."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple) and record.args and isinstance(record.args[0], str):
            line = _INBOX.sub(r"\1…", _QUERY.sub("?…", record.args[0]))
            record.args = (line, *record.args[1:])
        return True


def init_app(app) -> None:
    log = logging.getLogger("werkzeug")
    if not any(isinstance(f, RequestLineFilter) for f in log.filters):
        log.addFilter(RequestLineFilter())
