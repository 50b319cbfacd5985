"""Plain-words readings of gateway answers: what a type, status or error code means for you."""

from paynet.i18n import N_, _, translate

FINAL = ("approved", "declined", "filtered", "error")

_CODES = {
    "1": N_("A parameter is missing or malformed; the message names it."),
    "2": N_("The control signature does not match: compare your string to sign with the builder's "
            "(field order, amount in cents, trimmed values, the right id, the right key)."),
    "3": N_("The end point (or group) id in the URL is unknown to this gateway: check the id, the "
            "environment, and whether you meant the group id."),
    "16": N_("The end point's currency differs from the request's: use the end point of that currency, "
             "or an end point group for several currencies."),
}
_STATUSES = {
    "processing": N_("Not final yet: poll status again in a few seconds (or wait for the callback)."),
    "approved": N_("Final: the transaction went through."),
    "declined": N_("Final: declined by the issuer or the acquirer."),
    "filtered": N_("Final: stopped by fraud control."),
    "error": N_("Final: declined with an error; tell your account manager if it persists."),
}


def hint(fields: dict) -> str | None:
    """The most useful sentence about a parsed response, or None."""
    kind, status, code = fields.get("type"), fields.get("status"), fields.get("error-code")
    if kind in ("validation-error", "error"):
        return translate(_CODES[code]) if code in _CODES else _("The gateway refused the request; the error message "
                                                                  "says why.")
    if status == "processing" and fields.get("redirect-to"):
        return _("Waiting for the payer: open the payer's page (redirect-to) to finish 3-D Secure; the status "
                 "stays processing until then.")
    if status in _STATUSES:
        return translate(_STATUSES[status])
    if kind == "async-form-response":
        return _("Redirect the payer to redirect-url (HTTP 302), then poll status.")
    if kind == "async-response":
        return _("Accepted for processing: poll status with client_orderid and paynet-order-id.")
    return None
