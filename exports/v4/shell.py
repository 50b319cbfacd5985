"""curl with openssl (a bash script): the base string built in bash, signed by `openssl dgst`, sent by curl."""

import shlex

from .common import ENCODING, KEY_FILE, KEY_UNREADABLE, KEY_UNSET, intro

# %-formatted (a literal % doubled), so that bash's own braces stay as they are.
SIGN = r"""
enc() {  # %(encoding)s
  local LC_ALL=C s=$1 out='' c i hex  # bytes, whatever the terminal's locale
  for ((i = 0; i < ${#s}; i++)); do
    c=${s:i:1}
    case $c in
      [A-Za-z0-9._~-]) out+=$c ;;
      *) printf -v hex '%%%%%%02X' "'$c"; out+=$hex ;;
    esac
  done
  printf '%%s' "$out"
}

nonce=$(openssl rand -hex 16)  # new for every request
timestamp=$(date +%%s)
oauth=(oauth_consumer_key "$consumer_key" oauth_nonce "$nonce" oauth_signature_method RSA-SHA256
       oauth_timestamp "$timestamp" oauth_version 1.0)
body='' params=()
for ((i = 0; i < ${#fields[@]}; i += 2)); do
  pair="$(enc "${fields[i]}")=$(enc "${fields[i + 1]}")"
  body+=${body:+&}$pair
  params+=("$pair")
done
for ((i = 0; i < ${#oauth[@]}; i += 2)); do params+=("$(enc "${oauth[i]}")=$(enc "${oauth[i + 1]}")"); done
# Sorted by encoded name, then encoded value, byte by byte: split at '=', which encoded text holds nowhere else
normalized=$(printf '%%s\n' "${params[@]}" | LC_ALL=C sort -t= -k1,1 -k2,2 | paste -sd'&' -)
base="POST&$(enc "$url")&$(enc "$normalized")"
signature=$(printf '%%s' "$base" | openssl dgst -sha256 -sign "$%(key)s" | openssl base64 -A) || {
  echo "%(unreadable)s$%(key)s" >&2; exit 1; }
authorization="OAuth oauth_consumer_key=\"$(enc "$consumer_key")\", oauth_nonce=\"$nonce\","
authorization+=" oauth_signature=\"$(enc "$signature")\", oauth_signature_method=\"RSA-SHA256\","
authorization+=" oauth_timestamp=\"$timestamp\", oauth_version=\"1.0\""
curl -sS -X POST "$url" -H "Authorization: $authorization" -H 'Content-Type: application/x-www-form-urlencoded' \
  --data-binary "$body"
echo
"""


def _value(request, name: str, value: str) -> str:
    variable = request.variable(name)
    return f'"${{{variable.name}}}"' if variable else shlex.quote(value)


def render(request) -> str:
    name = (request.command or "request").replace("/", "-")
    checks = [f': "${{{v.name}:?{v.message}}}"' for v in request.variables]
    rows = "".join(f"  {shlex.quote(k)} {_value(request, k, v)}\n" for k, v in request.fields)
    head = ["#!/usr/bin/env bash", *intro(request, "#", f"bash {name}.sh"), "set -o pipefail",
            f': "${{{KEY_FILE}:?{KEY_UNSET}}}"', *checks, "",
            f"url={shlex.quote(request.url)}", f"consumer_key={shlex.quote(request.consumer_key)}",
            f"fields=(  # name value, in the order sent\n{rows})"]
    return "\n".join(head) + "\n" + SIGN % {"encoding": ENCODING, "key": KEY_FILE, "unreadable": KEY_UNREADABLE}
