"""Take it with you: code exports (curl, HTTPie, Python, PHP, Node, Java; never the key), the known-good vectors
(JSON and page) and the OpenAPI description."""

import json

from flask import current_app, jsonify, render_template, request, url_for
from flask_babel import gettext as _

import exports
from debugger import vectors
from exports import cards, openapi, postman
from outbound.environments import LOCAL
from paynet import fingerprint as fingerprints
from paynet.i18n import english
from web import builder, faces
from web.api import CONTROL, ApiError, command_form, environment, local_base, read_json

bp = faces.blueprint("exports", __name__, faces.JSON, url_prefix="/api")
pages = faces.blueprint("exports_pages", __name__, faces.PAGE)


@bp.post("/<command>/export")
@faces.csrf_exempt  # JSON only
def export(command):
    """Every language in both forms. The page computes control with the key it keeps and puts it in place of
    `placeholder`; a script may send `control` (40 hex digits) to get it filled in."""
    form_cls = command_form(command)
    data = read_json()
    fingerprint = read_fingerprint(data)
    if data.get("merchant_control") not in (None, ""):
        raise ApiError(400, "invalid", _("merchant_control is never part of an export: send the fields without it "
                                         "(and control, if you have computed it)."))
    control = data.get("control")
    if control is not None and not (isinstance(control, str) and CONTROL.fullmatch(control)):
        raise ApiError(400, "invalid", _("control must be 40 hexadecimal digits: the SHA-1 the page computed."))
    env = environment(str(data.get("environment") or LOCAL))
    inp = builder.from_json(data, form_cls)
    prepared = builder.build(form_cls, inp)
    prepared.errors.pop("merchant_control", None)  # the key is never asked for here
    request = exports_request(prepared, env.url(prepared.path, local_base()), inp.reveal)
    snippets = exports.render_all(request)
    snippets["postman"] = postman_snippet(form_cls, prepared, request, env.url("", local_base()), fingerprint)
    if fingerprint:
        snippets = {lang: {k: v if k == "label" or lang == "postman" else exports.with_fingerprint(lang, v, fingerprint)
                           for k, v in forms.items()} for lang, forms in snippets.items()}
    if control:
        snippets = {lang: {k: v.replace(request.placeholder, control.lower()) for k, v in forms.items()}
                    for lang, forms in snippets.items()}
    return jsonify({"command": command, "url": request.url, "placeholder": request.placeholder,
                    "errors": prepared.errors, "masked": [] if inp.reveal else prepared.masked_fields,
                    "variables": {v.field: v.name for v in request.variables}, "exports": snippets,
                    "flows": [{"name": name, "url": url_for("exports.postman_flow", flow=name)}
                              for name in postman.FLOWS]})


def read_fingerprint(data: dict) -> str:
    """The page's key fingerprint (each snippet names it), taken out of the fields; "" for none."""
    try:
        return fingerprints.read(data.pop("fingerprint", None))
    except ValueError as exc:
        raise ApiError(400, "invalid", str(exc)) from None


def step(form_cls, fields, kind: str = "endpoint") -> dict:
    """One command as a collection's step: its path with the {{endpointid}} variable, its recipe as data."""
    cmd = form_cls.command
    return {"name": cmd.name, "path": cmd.path(kind, "{{endpointid}}"), "response": cmd.response,
            "recipe": cmd.recipe_data(), "fields": list(fields)}


def postman_snippet(form_cls, prepared, request, base_url: str, fingerprint: str = "") -> dict:
    """This one request as a Postman collection; both forms alike (the collection always signs itself). With the
    key's fingerprint, its description names it."""
    values = {**dict(request.fields), "endpointid": prepared.target_id}
    collection = postman.collection(f"PaynetEasy {form_cls.command.name}", base_url,
                                    [(step(form_cls, request.fields, prepared.target_kind), None)], values,
                                    request.variables)
    if fingerprint:
        collection["info"]["description"] += f" The merchant_control it needs has the " \
                                             f"{exports.fingerprint_note(fingerprint)}."
    text = json.dumps(collection, indent=2, ensure_ascii=False)
    return {"label": "Postman collection v2.1", "control": text, "env": text}


@bp.get("/postman/<flow>")
def postman_flow(flow):
    """A flow as a Postman collection that runs in order against the built-in sandbox (or ?environment=)."""
    if flow not in postman.FLOWS:
        raise ApiError(404, "unknown-flow", _("Unknown flow %(name)s; known: %(known)s.", name=repr(flow),
                                              known=", ".join(postman.FLOWS)))
    title, plan = postman.FLOWS[flow]
    env = environment(str(request.args.get("environment") or LOCAL))
    demo = current_app.extensions["sandbox"].demo
    commands = current_app.extensions["commands"]
    steps = [(step(commands[name], _examples(commands[name])), status) for name, status in plan]
    first = dict(_examples(commands[plan[0][0]]))
    variables = {"endpointid": demo.endpointid, "login": demo.login, "client_orderid": first.get("client_orderid", "")}
    reply = jsonify(postman.collection(f"PaynetEasy: {title}", env.url("", local_base()), steps, variables))
    reply.headers["Content-Disposition"] = f"attachment; filename=paynet-{flow}.postman_collection.json"
    return reply


def _examples(form_cls) -> list[tuple[str, str]]:
    return [(f.name, f.example) for f in form_cls.from_values({}).params() if f.example]


def exports_request(prepared, url: str, reveal: bool) -> exports.Request:
    """The prepared request as the exports' plain data: fields as sent, unless `reveal` the masked card data read
    from variables the snippet declares (so a copy runs once they hold a test card)."""
    fields = tuple((k, v) for k, v in prepared.body_pairs(mask_cards=not reveal) if k != "control")
    steps = exports.steps(prepared.command.parts, prepared.target_id)
    return exports.Request(url, fields, steps, exports.placeholder_for(fields),
                           () if reveal else cards.variables(prepared.masked_fields))


def _declarations() -> list[dict]:
    """Every command's declaration as the vectors' plain data."""
    return [{"name": name, "path": cls.command.path(), "recipe": cls.command.parts, "targets": cls.command.targets,
             "examples": {f.name: f.example for f in cls.from_values({}).params()}}
            for name, cls in current_app.extensions["commands"].items()]


@bp.get("/vectors")
def vectors_json():
    """Known-good vectors per command, the docs' example first (a file a merchant's unit tests load)."""
    with english():  # a file for unit tests, like the OpenAPI document: English whatever the page's language
        reply = jsonify(vectors.document(_declarations()))
    if request.args.get("download") == "1":
        reply.headers["Content-Disposition"] = "attachment; filename=paynet-vectors.json"
    return reply


@bp.get("/openapi.json")
def openapi_json():
    """The JSON API described from the same declarations that drive the forms."""
    commands = [cls.describe() for cls in current_app.extensions["commands"].values()]
    return jsonify(openapi.document(commands, postman.FLOWS))


@pages.get("/vectors")
def vectors_page():
    """The vectors, and a self-check the page runs: its own signer against the server's controls."""
    return render_template("vectors.html", document=vectors.document(_declarations()))
