"""Node 18+ with fetch; the env form signs with node:crypto, amounts in cents on the digits."""

import json

SIGN = '''
// As the gateway trims (Java's String.trim): characters up to U+0020 at both ends.
function javaTrim(text) {{
  let start = 0, end = text.length;
  while (start < end && text.charCodeAt(start) <= 32) start += 1;
  while (end > start && text.charCodeAt(end - 1) <= 32) end -= 1;
  return text.slice(start, end);
}}

// Major units -> cents on the digits, never through a float (1.15 * 100 is 114.99999999999999).
function cents(amount) {{
  const [units, decimals = ""] = amount.split(".");
  return (units + decimals.padEnd(2, "0")).replace(/^0+(?=.)/, "");
}}

// The control recipe: [source, name, in cents, field whose emptiness leaves the part out]
const recipe = {steps};

function control(fields, key) {{
  const values = Object.fromEntries(fields);
  const parts = [];
  for (const [source, name, inCents, when] of recipe) {{
    if (when && !javaTrim(values[when] || "")) continue;
    const value = javaTrim(source === "key" ? key : source === "target" ? name : values[name] || "");
    parts.push(inCents ? cents(value) : value);
  }}
  return crypto.createHash("sha1").update(parts.join(""), "utf8").digest("hex");
}}

fields.push(["control", control(fields, process.env.MERCHANT_CONTROL)]);
console.error(`control=${{fields[fields.length - 1][1]}}`);
'''

CARD = """// Card data is not in this copy: it comes from the environment, a test card only.
function card(name, hint) {
  const value = process.env[name];
  if (!value) {
    console.error(`set ${name} to ${hint}`);
    process.exit(1);
  }
  return value;
}

"""


def _js(value) -> str:
    return json.dumps(value)


def _value(request, name: str, value: str) -> str:
    variable = request.variable(name)
    return f"card({_js(variable.name)}, {_js(variable.hint)})" if variable else _js(value)


def render(request, env: bool) -> str:
    rows = "".join(f"  [{_js(k)}, {_value(request, k, v)}],\n" for k, v in request.fields)
    code = ('import crypto from "node:crypto";\n\n' if env else "") + (CARD if request.variables else "")
    code += f"const url = {_js(request.url)};\nconst fields = [\n{rows}];\n"
    if env:
        steps = "[\n" + "".join(f"  [{_js(s.source)}, {_js(s.name)}, {_js(s.minor_units)}, {_js(s.when)}],\n"
                                for s in request.steps) + "]"
        code += SIGN.format(steps=steps)
    else:
        code += f"fields.push([\"control\", {_js(request.placeholder)}]);\n"
    return code + ("\nconst reply = await fetch(url, { method: \"POST\", body: new URLSearchParams(fields) });\n"
                   "console.log(await reply.text());\n")
