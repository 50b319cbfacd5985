"""Python with requests and cryptography: the base string by urllib's quote (RFC 3986 with safe="-._~")."""

from exports.python import CARD

from .common import ENCODING, KEY_FILE, KEY_UNREADABLE, KEY_UNSET, intro

HEAD = '''import base64
import os
import secrets
import sys
import time
from urllib.parse import quote

import requests
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding


def private_key():
    """The key in the file {key} names: PEM, PKCS#8 or PKCS#1."""
    path = os.environ.get("{key}", "")
    if not path:
        sys.exit({unset!r})
    try:
        with open(path, "rb") as f:
            return serialization.load_pem_private_key(f.read(), password=None)
    except (OSError, ValueError, TypeError) as exc:
        sys.exit(f"{unreadable}{{path}}: {{exc}}")


'''
SIGN = '''

def enc(text):
    """{encoding}"""
    return quote(text, safe="-._~")


oauth = {{
    "oauth_consumer_key": consumer_key,
    "oauth_nonce": secrets.token_hex(16),  # new for every request
    "oauth_signature_method": "RSA-SHA256",
    "oauth_timestamp": str(int(time.time())),
    "oauth_version": "1.0",
}}
# Sorted by encoded name, then encoded value (bytes: encoded text is ASCII)
params = sorted((enc(k), enc(v)) for k, v in fields + list(oauth.items()))
base = "&".join(["POST", enc(url), enc("&".join(f"{{k}}={{v}}" for k, v in params))])
signature = key.sign(base.encode("utf-8"), padding.PKCS1v15(), hashes.SHA256())
oauth["oauth_signature"] = base64.b64encode(signature).decode()
authorization = "OAuth " + ", ".join(f'{{enc(k)}}="{{enc(v)}}"' for k, v in sorted(oauth.items()))
body = "&".join(f"{{enc(k)}}={{enc(v)}}" for k, v in fields)

reply = requests.post(url, data=body.encode("ascii"), timeout=30, headers={{
    "Authorization": authorization, "Content-Type": "application/x-www-form-urlencoded"}})
print(reply.text)
'''


def _value(request, name: str, value: str) -> str:
    variable = request.variable(name)
    return f"card({variable.name!r}, {variable.hint!r})" if variable else repr(value)


def render(request) -> str:
    name = (request.command or "request").replace("/", "-").replace("-", "_")
    rows = "".join(f"    ({k!r}, {_value(request, k, v)}),\n" for k, v in request.fields)
    code = "\n".join(intro(request, "#", f"python3 {name}.py")) + "\n"
    code += HEAD.format(key=KEY_FILE, unset=KEY_UNSET, unreadable=KEY_UNREADABLE)
    if request.variables:
        code += CARD.lstrip("\n")
    code += "key = private_key()\n"
    code += f"url = {request.url!r}\nconsumer_key = {request.consumer_key!r}\n"
    code += f"fields = [  # as sent, in order\n{rows}]\n"
    return code + SIGN.format(encoding=ENCODING)
