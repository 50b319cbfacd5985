"""The JSON API as an OpenAPI 3.1 document, generated from the commands' declarations (their describe() data:
parameters, necessity, lengths) and the API's shared shapes (the error, the replies); nothing per command."""

ERROR = {"type": "object", "required": ["error"],
         "properties": {"error": {"type": "object", "required": ["kind", "message"],
                                  "properties": {"kind": {"type": "string"}, "message": {"type": "string"}}},
                        "errors": {"$ref": "#/components/schemas/FieldErrors"}}}
FIELD_ERRORS = {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}},
                "description": "Messages by field name, each naming the field and the rule."}
WARNING = {"type": "object", "required": ["field", "code", "message"],
           "properties": {"field": {"type": "string"}, "code": {"type": "string"}, "message": {"type": "string"}}}
SIGN_REPLY = {
    "type": "object", "required": ["command", "path", "parts", "string_to_sign", "signature", "body", "errors",
                                   "warnings", "masked"],
    "properties": {
        "command": {"type": "string"}, "path": {"type": "string"}, "url": {"type": "string"},
        "curl": {"type": "string"}, "body": {"type": "string"},
        "parts": {"type": "array", "items": {"type": "object", "required": ["name", "value"],
                                             "properties": {"name": {"type": "string"},
                                                            "value": {"type": "string"}}}},
        "string_to_sign": {"type": "string", "description": "The key part is *** unless reveal."},
        "signature": {"type": ["string", "null"], "description": "SHA-1 hex; null without a key."},
        "errors": {"$ref": "#/components/schemas/FieldErrors"},
        "warnings": {"type": "array", "items": {"$ref": "#/components/schemas/Warning"}},
        "masked": {"type": "array", "items": {"type": "string"}}}}
SNIPPET = {"type": "object", "required": ["label", "control", "env"],
           "properties": {"label": {"type": "string"}, "control": {"type": "string"}, "env": {"type": "string"}}}
EXPORT_REPLY = {"type": "object", "required": ["command", "url", "placeholder", "errors", "masked", "exports"],
                "properties": {"command": {"type": "string"}, "url": {"type": "string"},
                               "placeholder": {"type": "string"},
                               "errors": {"$ref": "#/components/schemas/FieldErrors"},
                               "masked": {"type": "array", "items": {"type": "string"}},
                               "variables": {"type": "object", "additionalProperties": {"type": "string"},
                                             "description": "Masked card fields and the variables the snippets "
                                                            "read them from (PAYNET_CARD_NUMBER, ...)."},
                               "exports": {"type": "object",
                                           "additionalProperties": {"$ref": "#/components/schemas/Snippet"}}}}
OBJECT = {"type": "object"}
STRINGS = {"type": "array", "items": {"type": "string"}}
V4_DEBUG_REPLY = {
    "type": "object", "required": ["verdict", "match", "base_string", "diagnosis", "lint", "tried", "problems",
                                   "key_bits"],
    "properties": {
        "verdict": {"type": "string", "enum": ["match", "mismatch", "unreadable"]}, "match": {"type": "boolean"},
        "base_string": {"type": "string", "description": "The base string the gateway verifies (card data masked)."},
        "diagnosis": {"type": "array", "items": {"type": "object", "required": ["id", "message"], "properties": {
            "id": {"type": "string", "description": "A variant id (two joined by '+'), or unexplained."},
            "variants": STRINGS, "message": {"type": "string"},
            "base_string": {"type": "string", "description": "What the client signed."},
            "segments": {"type": "array", "items": {"type": "array", "prefixItems": [
                {"type": "string"}, {"type": "string", "enum": ["same", "gateway", "client"]}]}}}}},
        "lint": {"type": "array", "items": {"type": "object", "required": ["code", "message"]}},
        "tried": {"type": "integer"}, "problems": STRINGS, "key_bits": {"type": "integer"}}}
COMMON = {
    "endpointid": {"type": "string", "description": "End point id (digits); give it or groupid."},
    "groupid": {"type": "string", "description": "End point group id (digits); give it or endpointid."},
    "merchant_control": {"type": "string", "writeOnly": True,
                         "description": "The merchant control key: used to sign, masked in replies unless reveal."},
    "reveal": {"type": "boolean", "description": "Show the key and card data in this reply."},
    "environment": {"type": "string", "description": "An id from GET /api/environments; the built-in sandbox "
                                                     "when left out."},
}
EXTRA = {
    "sign": {},
    "submit": {"confirm": {"type": "boolean", "description": "Required true for a production gateway."},
               "control": {"type": "string", "pattern": "^[0-9a-fA-F]{40}$",
                           "description": "A control computed elsewhere (with string_to_sign, without the key)."},
               "string_to_sign": {"type": "string", "description": "The string signed, the key part left out."}},
    "export": {"control": {"type": "string", "pattern": "^[0-9a-fA-F]{40}$",
                           "description": "Filled in place of the placeholder."}},
}
REPLIES = {"sign": "SignReply", "submit": "SubmitReply", "export": "ExportReply"}
SUMMARIES = {"sign": "Sign: the trace, the body and the messages.",
             "submit": "Sign (or take the page's control) and send to an environment; the raw exchange.",
             "export": "The request as curl, HTTPie, Python, PHP, Node and Java, without the key."}


def request_schema(command: dict, action: str) -> dict:
    """One command's request body for an action, from its declared parameters."""
    properties = {}
    for f in command["fields"]:
        prop = {"type": "string", "description": f["description"] or f["label"]}
        if f["max_length"]:
            prop["maxLength"] = f["max_length"]
        prop["x-necessity"] = f["necessity"]
        if f["signed"]:
            prop["x-signed-position"] = f["signed"]
        properties[f["name"]] = prop
    common = {k: v for k, v in COMMON.items() if not (action == "export" and k == "merchant_control")}
    properties.update({**common, **EXTRA[action]})
    required = [f["name"] for f in command["fields"] if f["necessity"] == "required"]
    return {"type": "object", "properties": properties, "required": required,
            "description": command["description"]}


def _reply(schema: str, extra: dict | None = None) -> dict:
    replies = {"200": {"description": "OK", "content": {"application/json": {"schema": {
        "$ref": f"#/components/schemas/{schema}"}}}},
        "4XX": {"description": "The error shape", "content": {"application/json": {"schema": {
            "$ref": "#/components/schemas/Error"}}}}}
    return {**replies, **(extra or {})}


def _post(summary: str, body: dict, reply: str, operation_id: str) -> dict:
    return {"post": {"summary": summary, "operationId": operation_id,
                     "requestBody": {"required": True, "content": {"application/json": {"schema": body}}},
                     "responses": _reply(reply)}}


def _get(summary: str, reply: str, operation_id: str) -> dict:
    return {"get": {"summary": summary, "operationId": operation_id, "responses": _reply(reply)}}


def document(commands: list[dict], flows=(), version: str = "1") -> dict:
    """The whole description: shared routes, then sign, submit and export for every command."""
    paths = {
        "/api/health": _get("Liveness.", "Object", "health"),
        "/api/commands": _get("Every command's declaration: fields, necessity, lengths, recipe.", "Object",
                              "commands"),
        "/api/environments": _get("The environments a request can go to.", "Object", "environments"),
        "/api/vectors": _get("Known-good signature vectors per command.", "Object", "vectors"),
        "/api/openapi.json": _get("This description.", "Object", "openapi"),
        "/api/postman/{flow}": {"get": {
            "summary": "A flow as a Postman collection v2.1 that runs in order.", "operationId": "postman_flow",
            "parameters": [{"name": "flow", "in": "path", "required": True,
                            "schema": {"type": "string", "enum": list(flows)}}],
            "responses": _reply("Object")}},
        "/api/debug": _post("Explain a pasted request's control.", {
            "type": "object", "required": ["raw"], "properties": {
                "raw": {"type": "string"}, "merchant_control": COMMON["merchant_control"],
                "command": {"type": "string"}, "endpointid": {"type": "string"}, "groupid": {"type": "string"},
                "amount": {"type": "string"}, "currency": {"type": "string"},
                "reveal": COMMON["reveal"]}}, "Object", "debug"),
        "/api/debug/v4": _post("Explain a pasted v4 request's signature with the merchant's public key.", {
            "type": "object", "required": ["raw", "public_key"], "properties": {
                "raw": {"type": "string", "description": "Raw HTTP, curl, or a log's URL, Authorization and body."},
                "public_key": {"type": "string", "description": "SPKI PEM; a private key is refused."}}},
            "V4DebugReply", "debug_v4"),
        "/api/dapi/sign": _post("The DAPI's HMAC-SHA1 strings and signatures (the key masked unless reveal).", {
            "type": "object", "properties": {"control_key": {"type": "string", "writeOnly": True},
                                             "reveal": COMMON["reveal"]},
            "additionalProperties": {"type": ["string", "integer"]}}, "Object", "dapi_sign"),
    }
    schemas = {"Error": ERROR, "FieldErrors": FIELD_ERRORS, "Warning": WARNING, "SignReply": SIGN_REPLY,
               "SubmitReply": OBJECT, "ExportReply": EXPORT_REPLY, "Snippet": SNIPPET, "Object": OBJECT,
               "V4DebugReply": V4_DEBUG_REPLY}
    for command in commands:
        for action in ("sign", "submit", "export"):
            name = f"{_pascal(command['name'])}{action.title()}Request"
            schemas[name] = request_schema(command, action)
            paths[f"/api/{command['name']}/{action}"] = _post(
                f"{command['title']}: {SUMMARIES[action]}", {"$ref": f"#/components/schemas/{name}"},
                REPLIES[action], f"{action}_{command['name'].replace('-', '_')}")
    return {"openapi": "3.1.0",
            "info": {"title": "PaynetEasy request builder JSON API", "version": version,
                     "description": "Generated from the command declarations. The merchant control key is "
                                    "never logged or stored; replies mask it and card data unless reveal."},
            "paths": paths, "components": {"schemas": schemas}}


def _pascal(name: str) -> str:
    return "".join(p.title() for p in name.replace("_", "-").split("-"))
