"""curl and HTTPie commands (bash); the env form signs with sha1sum, the recipe spelled out in bash."""

import shlex

TRIM = r"""trim() {  # as the gateway trims (Java's String.trim): characters up to U+0020 at both ends
  local LC_ALL=C s=$1  # bytes: every non-ASCII byte sorts after '!'
  while [[ $s && ${s:0:1} < '!' ]]; do s=${s:1}; done
  while [[ $s && ${s: -1} < '!' ]]; do s=${s:0:${#s}-1}; done
  printf '%s' "$s"
}
cents() {  # major units -> cents on the digits, never through a float: 1.15 -> 115, 69 -> 6900
  local units=${1%%.*} decimals=00
  [[ $1 == *.* ]] && decimals=${1#*.}00
  local c=$units${decimals:0:2}
  while [[ ${#c} -gt 1 && ${c:0:1} == 0 ]]; do c=${c:1}; done
  printf '%s' "$c"
}
"""
HTTPIE_ESC = r"""esc() {  # HTTPie reads : ; @ = as separators: a backslash makes them literal
  local s=$1; s=${s//:/\\:}; s=${s//;/\\;}; s=${s//@/\\@}; s=${s//=/\\=}; printf '%s' "$s"
}
"""


def _sign(steps) -> list[str]:
    """The bash lines that build the string to sign from f[...] and sign it."""
    lines = ["s=''"]
    for step in steps:
        if step.source == "key":
            value = '"$(trim "$MERCHANT_CONTROL")"'
        elif step.source == "target":
            value = shlex.quote(step.name)
        else:
            value = f'"$(trim "${{f[{step.name}]}}")"'
        if step.minor_units:
            value = f'"$(cents {value})"'
        line = f"s+={value}"
        if step.when:
            line = f'[[ -n "$(trim "${{f[{step.when}]}}")" ]] && {line}'
        lines.append(line)
    lines.append("control=$(printf '%s' \"$s\" | sha1sum | cut -c1-40)")
    return lines


def _check(variable) -> str:
    return f'"${{{variable.name}:?{variable.message}}}"'


def checks(variables) -> str:
    """The card variables' checks, joined to the command by &&: pasted into a terminal, a missing one stops the
    whole command (a line of its own would only print the message, and the request would go without it)."""
    if not variables:
        return ""
    return ": " + " \\\n  ".join(map(_check, variables)) + " &&\n"


def item(name: str, value: str, variable) -> str:
    """One name=value argument: a reference to the variable for masked card data, else the value quoted."""
    return f'"{name}=${{{variable.name}}}"' if variable else shlex.quote(f"{name}={value}")


def _value(request, name: str, value: str) -> str:
    variable = request.variable(name)
    return f'"${{{variable.name}}}"' if variable else shlex.quote(value)


def _env_head(request, extra: str = "") -> list[str]:
    values = " ".join(f"[{k}]={_value(request, k, v)}" for k, v in request.fields)
    return ["#!/usr/bin/env bash", ': "${MERCHANT_CONTROL:?set MERCHANT_CONTROL to the merchant control key}"',
            *(f": {_check(v)}" for v in request.variables),
            TRIM + extra + f"declare -A f=({values})", *_sign(request.steps), 'echo "control=$control" >&2']


def curl(request, env: bool) -> str:
    lines = [f"curl -sS -X POST {shlex.quote(request.url)}"]
    if env:
        lines += [f'  --data-urlencode "{k}=${{f[{k}]}}"' for k, _ in request.fields]
        lines.append('  --data-urlencode "control=$control"')
        return "\n".join(_env_head(request)) + "\n" + " \\\n".join(lines)
    lines += [f"  --data-urlencode {item(k, v, request.variable(k))}" for k, v in request.fields]
    lines.append(f"  --data-urlencode control={request.placeholder}")
    return checks(request.variables) + " \\\n".join(lines)


def _esc(value: str) -> str:
    return "".join("\\" + c if c in ":;@=" else c for c in value)


def httpie(request, env: bool) -> str:
    lines = [f"http --ignore-stdin --form POST {shlex.quote(request.url)}"]
    if env:
        lines += [f'  "{k}=$(esc "${{f[{k}]}}")"' for k, _ in request.fields]
        lines.append('  "control=$control"')
        return "\n".join(_env_head(request, HTTPIE_ESC)) + "\n" + " \\\n".join(lines)
    lines += [f"  {item(k, _esc(v), request.variable(k))}" for k, v in request.fields]
    lines.append(f"  control={request.placeholder}")
    return checks(request.variables) + " \\\n".join(lines)
