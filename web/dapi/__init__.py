"""The DAPI signature tool: the page /dapi and the JSON API POST /api/dapi/sign (paynet/dapi.py computes).

The page signs with WebCrypto (static/dapi.js): it asks this server only for the field messages, never with the
key. The API takes the key for scripts and masks it in its reply unless "reveal" is true."""

from flask import jsonify, render_template
from flask_babel import gettext as _

from paynet import dapi
from paynet.i18n import translate
from web import builder, faces
from web.api import ApiError, read_json

api = faces.blueprint("api_dapi", __name__, faces.JSON, url_prefix="/api/dapi")
bp = faces.blueprint("dapi", __name__, faces.PAGE)
RESERVED = (dapi.KEY_FIELD, "reveal")


def read_values(data: dict, errors: dict) -> dict[str, str]:
    """The JSON's fields as text: strings, or integers where the DAPI sends numbers (amountCentis, endpointId)."""
    values = {}
    for name in dapi.NAMES:
        value = data.get(name)
        if isinstance(value, float):
            errors[name] = [_("%(name)s must be a string or an integer, not a number with a fraction.", name=name)]
            continue
        values[name] = builder.text(name, value, errors)
    return values


@api.post("/sign")
@faces.csrf_exempt  # JSON only: a cross-site form cannot send application/json
def sign():
    data = read_json()
    errors: dict[str, list[str]] = {}
    values = read_values(data, errors)
    key = builder.text(dapi.KEY_FIELD, data.get(dapi.KEY_FIELD), errors)
    result = dapi.sign(values, "" if errors.get(dapi.KEY_FIELD) else key)
    result.errors.update(errors)  # a value of the wrong type is the one to fix first
    result.warnings += [dapi.warning(str(k)[:40], "unknown-parameter", _(
        "%(name)s is not a DAPI field; ignored. The fields: %(known)s.", name=str(k)[:40],
        known=", ".join(dapi.NAMES))) for k in data if k not in dapi.NAMES and k not in RESERVED]
    if result.errors:
        raise ApiError(400, "invalid", _("Some fields need attention: %(names)s; nothing was signed.",
                                         names=", ".join(sorted(result.errors))),
                       errors=result.errors, warnings=result.warnings)
    return jsonify(result.to_dict(reveal=data.get("reveal") is True))


@bp.get("/dapi")
def page():
    return render_template("dapi.html", fields=[(f, translate(f.help)) for f in dapi.FIELDS],
                           recipes=[(r, translate(r.source)) for r in dapi.RECIPES])
