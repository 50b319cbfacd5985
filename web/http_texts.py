"""HTTP errors for people, in the request's language: the status names and Werkzeug's stock descriptions.

A description a route wrote itself (abort(404, "...")) is shown as it is; only the stock ones are ours to
translate. The names stay English in the emulated gateway's plain-text replies (a client reads them).
"""

from flask_babel import gettext
from werkzeug.exceptions import HTTPException, default_exceptions

from paynet.i18n import N_

NAMES = {
    400: N_("Bad Request"), 401: N_("Unauthorized"), 403: N_("Forbidden"), 404: N_("Not Found"),
    405: N_("Method Not Allowed"), 410: N_("Gone"), 413: N_("Request Entity Too Large"),
    415: N_("Unsupported Media Type"), 422: N_("Unprocessable Entity"), 429: N_("Too Many Requests"),
    431: N_("Request Header Fields Too Large"), 500: N_("Internal Server Error"),
}
DESCRIPTIONS = {
    400: N_("The browser (or proxy) sent a request that this server could not understand."),
    403: N_("You don't have the permission to access the requested resource. It is either read-protected or "
            "not readable by the server."),
    404: N_("The requested URL was not found on the server. If you entered the URL manually please check your "
            "spelling and try again."),
    405: N_("The method is not allowed for the requested URL."),
    413: N_("The data value transmitted exceeds the capacity limit."),
    429: N_("This user has exceeded an allotted request count. Try again later."),
    500: N_("The server encountered an internal error and was unable to complete your request. Either the "
            "server is overloaded or there is an error in the application."),
}


def title(exc: HTTPException) -> str:
    """'404 Not Found', the name translated."""
    return f"{exc.code} {gettext(NAMES[exc.code]) if exc.code in NAMES else exc.name}"


def description(exc: HTTPException) -> str:
    stock = default_exceptions.get(exc.code)
    if stock is not None and exc.code in DESCRIPTIONS and exc.description == stock.description:
        return gettext(DESCRIPTIONS[exc.code])
    return exc.description
