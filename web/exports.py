"""Code exports over the JSON API: the builder's request as curl, HTTPie, Python, PHP, Node and Java, without
the key (the routes join the API blueprint, so they share its error shape)."""

from flask import jsonify

from gateway import exports
from gateway.environments import LOCAL
from web import builder
from web.api import CONTROL, ApiError, bp, command_form, environment, local_base, read_json


@bp.post("/<command>/export")
def export(command):
    """Every language in both forms. The page computes control with the key it keeps and puts it in place of
    `placeholder`; a script may send `control` (40 hex digits) to get it filled in."""
    form_cls = command_form(command)
    data = read_json()
    if data.get("merchant_control") not in (None, ""):
        raise ApiError(400, "invalid", "merchant_control is never part of an export: send the fields without it "
                                       "(and control, if you have computed it).")
    control = data.get("control")
    if control is not None and not (isinstance(control, str) and CONTROL.fullmatch(control)):
        raise ApiError(400, "invalid", "control must be 40 hexadecimal digits: the SHA-1 the page computed.")
    env = environment(str(data.get("environment") or LOCAL))
    inp = builder.from_json(data, form_cls)
    prepared = builder.build(form_cls, inp)
    prepared.errors.pop("merchant_control", None)  # the key is never asked for here
    request = exports_request(prepared, env.url(prepared.path, local_base()), inp.reveal)
    snippets = exports.render_all(request)
    if control:
        snippets = {lang: {k: v.replace(request.placeholder, control.lower()) for k, v in forms.items()}
                    for lang, forms in snippets.items()}
    return jsonify({"command": command, "url": request.url, "placeholder": request.placeholder,
                    "errors": prepared.errors, "masked": [] if inp.reveal else prepared.masked_fields,
                    "exports": snippets})


def exports_request(prepared, url: str, reveal: bool) -> exports.Request:
    """The prepared request as the exports' plain data: fields as sent (card data masked unless `reveal`)."""
    fields = tuple((k, v) for k, v in prepared.body_pairs(mask_cards=not reveal) if k != "control")
    steps = exports.steps(prepared.command.recipe_data(), prepared.target_id)
    return exports.Request(url, fields, steps, exports.placeholder_for(fields))
