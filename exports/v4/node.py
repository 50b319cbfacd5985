"""Node 18+ (an ES module) with node:crypto's createSign("RSA-SHA256") and fetch."""

from exports.node import CARD, _js

from .common import ENCODING, KEY_FILE, KEY_UNREADABLE, KEY_UNSET, intro

KEY = '''import crypto from "node:crypto";
import fs from "node:fs";

// The key in the file {key} names: PEM, PKCS#8 or PKCS#1.
function privateKey() {{
  const file = process.env.{key};
  if (!file) {{
    console.error({unset});
    process.exit(1);
  }}
  try {{
    return crypto.createPrivateKey(fs.readFileSync(file));
  }} catch (err) {{
    console.error({unreadable} + `${{file}}: ${{err.message}}`);
    process.exit(1);
  }}
}}

'''
SIGN = '''
// {encoding}; encodeURIComponent leaves !'()* as they are, the gateway wants them encoded too
const enc = (text) => encodeURIComponent(text)
  .replace(/[!'()*]/g, (c) => `%${{c.charCodeAt(0).toString(16).toUpperCase()}}`);
const byBytes = (a, b) => (a < b ? -1 : a > b ? 1 : 0);  // encoded text is ASCII: its code units are its bytes

const oauth = {{
  oauth_consumer_key: consumerKey,
  oauth_nonce: crypto.randomBytes(16).toString("hex"),  // new for every request
  oauth_signature_method: "RSA-SHA256",
  oauth_timestamp: String(Math.floor(Date.now() / 1000)),
  oauth_version: "1.0",
}};
// Sorted by encoded name, then encoded value
const params = [...fields, ...Object.entries(oauth)].map(([k, v]) => [enc(k), enc(v)])
  .sort((a, b) => byBytes(a[0], b[0]) || byBytes(a[1], b[1]));
const base = ["POST", enc(url), enc(params.map(([k, v]) => `${{k}}=${{v}}`).join("&"))].join("&");
oauth.oauth_signature = crypto.createSign("RSA-SHA256").update(base, "utf8").sign(key, "base64");
const authorization = "OAuth " + Object.keys(oauth).sort(byBytes)
  .map((k) => `${{enc(k)}}="${{enc(oauth[k])}}"`).join(", ");
const body = fields.map(([k, v]) => `${{enc(k)}}=${{enc(v)}}`).join("&");

const reply = await fetch(url, {{ method: "POST", body,
  headers: {{ Authorization: authorization, "Content-Type": "application/x-www-form-urlencoded" }} }});
console.log(await reply.text());
'''


def _value(request, name: str, value: str) -> str:
    variable = request.variable(name)
    return f"card({_js(variable.name)}, {_js(variable.hint)})" if variable else _js(value)


def render(request) -> str:
    name = (request.command or "request").replace("/", "-")
    rows = "".join(f"  [{_js(k)}, {_value(request, k, v)}],\n" for k, v in request.fields)
    code = "\n".join(intro(request, "//", f"node {name}.mjs")) + "\n"
    code += KEY.format(key=KEY_FILE, unset=_js(KEY_UNSET), unreadable=_js(KEY_UNREADABLE))
    code += CARD if request.variables else ""
    code += "const key = privateKey();\n"
    code += f"const url = {_js(request.url)};\nconst consumerKey = {_js(request.consumer_key)};\n"
    code += f"const fields = [  // as sent, in order\n{rows}];\n"
    return code + SIGN.format(encoding=ENCODING)
