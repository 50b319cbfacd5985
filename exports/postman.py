"""Postman collections (format v2.1) of one command or a whole flow. Each request signs itself in a pre-request
script (CryptoJS, as Postman's sandbox provides) with the command's recipe as data and the key from the
`merchant_control` variable (empty, secret); its test script checks the answer and carries orderid,
client_orderid and cardrefid forward, so a flow runs in order."""

import json

SCHEMA = "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"
CARRIED = ("login", "client_orderid", "orderid", "cardrefid")  # fields sent as {{variables}}
# Flows as data: (command, the status the reply must carry, or None for the command's response type only).
FLOWS = {
    "sale-return": ("Sale, status until final, return",
                    [("sale", None), ("status", "processing"), ("status", "approved"), ("return", None)]),
    "preauth-capture": ("Preauth, status until final, capture",
                        [("preauth", None), ("status", "processing"), ("status", "approved"), ("capture", None)]),
    "card-ref-rebill": ("Sale, status until final, card reference, rebill",
                        [("sale", None), ("status", "processing"), ("status", "approved"), ("create-card-ref", None),
                         ("make-rebill-sale", None)]),
}
PRE_REQUEST = """// control = SHA-1 of the recipe's parts; the key comes from the merchant_control variable.
const recipe = %s;
const values = {};
pm.request.body.urlencoded.each((p) => { if (p.key !== "control") values[p.key] = pm.variables.replaceIn(p.value); });
// As the gateway trims (Java's String.trim): characters up to U+0020 at both ends.
const javaTrim = (text) => text.replace(/^[\\u0000-\\u0020]+|[\\u0000-\\u0020]+$/g, "");
// Major units -> cents on the digits, never through a float (1.15 * 100 is 114.99999999999999).
const cents = (amount) => { const [units, decimals = ""] = amount.split(".");
  return (units + decimals.padEnd(2, "0")).replace(/^0+(?=.)/, ""); };
const parts = [];
for (const [source, name, inCents, when] of recipe) {
  if (when && !javaTrim(values[when] || "")) continue;
  const raw = source === "key" ? (pm.variables.get("merchant_control") || "")
    : source === "target" ? pm.variables.replaceIn(name) : (values[name] || "");
  const value = javaTrim(raw);
  parts.push(inCents && value ? cents(value) : value);
}
pm.variables.set("control", CryptoJS.SHA1(CryptoJS.enc.Utf8.parse(parts.join(""))).toString());"""
CARD_CHECK = """// Card data is not in this collection: its variables must hold a test card (never a real one).
const missing = %s.filter(([name]) => !pm.variables.get(name));
for (const [name, hint] of missing) pm.test(`${name} is set`, () => { throw new Error(`set ${name} to ${hint}`); });
if (missing.length) pm.execution.skipRequest();  // not sent: the gateway could only refuse it"""
TEST = """// The reply: name=value pairs joined by '&' (a newline after each value).
const reply = {};
const decode = (s) => decodeURIComponent(s.trim().replace(/\\+/g, " "));
for (const pair of pm.response.text().split("&")) {
  const at = pair.indexOf("=");
  if (at > 0) reply[decode(pair.slice(0, at))] = decode(pair.slice(at + 1));
}
pm.test("type is %s", () => pm.expect(reply.type).to.eql(%s));%s
// Carried forward, so the next request of a flow names the same order or card reference.
const carry = { "paynet-order-id": "orderid", "merchant-order-id": "client_orderid", "card-ref-id": "cardrefid" };
for (const [field, variable] of Object.entries(carry)) {
  if (reply[field]) pm.collectionVariables.set(variable, reply[field]);
}"""


def var(name: str) -> str:
    """A Postman variable reference: {{name}}."""
    return "{{" + name + "}}"


def _recipe(recipe: list[dict], target_var: str) -> str:
    rows = [[p["source"], var(target_var) if p["source"] == "target" else p["name"], p["minor_units"],
             p["when"]] for p in recipe]
    return json.dumps(rows)


def _card_check(cards) -> str:
    if not cards:
        return ""
    return CARD_CHECK % json.dumps([[v.name, v.hint] for v in cards]) + "\n"


def _value(name: str, value: str, cards) -> str:
    card = next((v for v in cards if v.field == name), None)
    return var(card.name) if card else var(name) if name in CARRIED else value


def item(step: dict, status: str | None = None, cards=()) -> dict:
    """step: name, path (with {{endpointid}} as the target), response, recipe (Part dicts), fields (pairs);
    `cards`: the exports.cards.Variable of each card field sent as a {{variable}}."""
    body = [{"key": k, "value": _value(k, v, cards), "type": "text"} for k, v in step["fields"]]
    body.append({"key": "control", "value": "{{control}}", "type": "text"})
    check = "" if status is None else (
        f'\npm.test("status is {status}", () => pm.expect(reply.status).to.eql({json.dumps(status)}));')
    return {
        "name": step["name"] + (f" ({status})" if status else ""),
        "event": [{"listen": "prerequest", "script": {"type": "text/javascript",
                                                      "exec": (_card_check(cards) + PRE_REQUEST
                                                               % _recipe(step["recipe"], "endpointid"))
                                                      .split("\n")}},
                  {"listen": "test", "script": {"type": "text/javascript",
                                                "exec": (TEST % (step["response"], json.dumps(step["response"]),
                                                                 check)).split("\n")}}],
        "request": {"method": "POST",
                    "header": [{"key": "Content-Type", "value": "application/x-www-form-urlencoded"}],
                    "body": {"mode": "urlencoded", "urlencoded": body},
                    "url": {"raw": "{{base_url}}" + step["path"], "host": ["{{base_url}}"],
                            "path": [p for p in step["path"].split("/") if p]}},
    }


def collection(name: str, base_url: str, steps: list[tuple[dict, str | None]], variables: dict, cards=()) -> dict:
    """A collection of `steps` (step data, expected status); `variables` give the carried fields' first values;
    `cards` the card variables (exports/cards.py) that stand in for masked card data."""
    values = [{"key": "base_url", "value": base_url, "type": "string"}]
    values += [{"key": k, "value": variables.get(k, ""), "type": "string"} for k in ("endpointid", *CARRIED)]
    # Empty, and typed "string": the v2.1 schema's variable types are string, boolean, any and number; Postman's
    # "secret" type exists for environments only, which is where the key belongs.
    values.append({"key": "merchant_control", "value": "", "type": "string",
                   "description": "Secret: the merchant control key. Set it in a Postman environment (type "
                                  "secret) or with newman --env-var merchant_control=...; never in this file."})
    values += [{"key": v.name, "value": "", "type": "string",
                "description": f"Card data, not in this file: {v.message}. Test cards only; set it in a Postman "
                               f"environment or with newman --env-var {v.name}=..."} for v in cards]
    return {"info": {"name": name, "schema": SCHEMA,
                     "description": "Generated by the PaynetEasy request builder. Each request computes control in "
                                    "its pre-request script; the test script carries the order forward."},
            "variable": values, "item": [item(step, status, cards) for step, status in steps]}
