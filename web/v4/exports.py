"""POST /api/v4/<command>/export: a v4 request as code that signs itself when it runs (exports/v4/), with the
private key read from the file a variable names. No key comes in (refused, as on the sign route) or goes out."""

from flask import jsonify

from exports import v4 as v4exports
from outbound.environments import LOCAL
from paynet.masking import mask_card
from web import faces
from web.api import environment, read_json
from web.v4 import command_form, prepare, refuse_keys, target_base

bp = faces.blueprint("exports_v4", __name__, faces.JSON, url_prefix="/api/v4")
# A snippet makes its own nonce and timestamp each time it runs: the page's are not used, nor checked.
RUN_TIME = {"oauth_nonce": "0" * 32, "oauth_timestamp": "0"}


@bp.post("/<path:command>/export")
@faces.csrf_exempt  # JSON only: a cross-site form cannot send application/json
def export(command):
    """Every language; card data masked in the page is read from variables the snippet declares unless
    `reveal` is true."""
    form_cls = command_form(command)
    data = read_json()
    refuse_keys(data)
    env = environment(str(data.get("environment") or LOCAL))
    prepared = prepare(form_cls, {**data, **RUN_TIME}, target_base(env))
    reveal = data.get("reveal") is True
    masked = [] if reveal else [k for k, _v in prepared.body if k in prepared.card_fields]
    fields = tuple((k, mask_card(v) if k in masked else v) for k, v in prepared.body)  # the typed card stays here
    request = v4exports.Request(prepared.url, fields, prepared.oauth["oauth_consumer_key"],
                                v4exports.variables(masked), form_cls.command.name)
    return jsonify({"command": form_cls.command.name, "url": prepared.url, "errors": prepared.errors,
                    "warnings": prepared.warnings, "masked": masked, "key_file": v4exports.KEY_FILE,
                    "variables": {v.field: v.name for v in request.variables},
                    "exports": v4exports.render_all(request)})
