"""Python with requests; the env form signs with hashlib, amounts in cents by Decimal (never float)."""

SIGN = '''

def java_trim(text):
    """As the gateway trims (Java's String.trim): characters up to U+0020 at both ends."""
    start, end = 0, len(text)
    while start < end and text[start] <= " ":
        start += 1
    while end > start and text[end - 1] <= " ":
        end -= 1
    return text[start:end]


def cents(amount):
    """Major units -> cents, exactly: Decimal("1.15") * 100 is 115 (a float would give 114)."""
    return str(int(Decimal(amount) * 100))


# The control recipe: (source, name, in cents, field whose emptiness leaves the part out)
RECIPE = {steps}


def control(fields, key):
    parts = []
    for source, name, in_cents, when in RECIPE:
        if when and not java_trim(fields.get(when, "")):
            continue
        value = java_trim({{"key": key, "target": name}}.get(source, fields.get(name, "")))
        parts.append(cents(value) if in_cents else value)
    return hashlib.sha1("".join(parts).encode("utf-8")).hexdigest()


fields["control"] = control(fields, os.environ["MERCHANT_CONTROL"])
print("control=" + fields["control"], file=sys.stderr)
'''


CARD = '''
def card(name, hint):
    """Card data is not in this copy: it comes from the environment, a test card only."""
    value = os.environ.get(name, "")
    if not value:
        sys.exit(f"set {name} to {hint}")
    return value


'''


def _value(request, name: str, value: str) -> str:
    variable = request.variable(name)
    return f"card({variable.name!r}, {variable.hint!r})" if variable else repr(value)


def _fields(request) -> str:
    return "{\n" + "".join(f"    {k!r}: {_value(request, k, v)},\n" for k, v in request.fields) + "}"


def _steps(steps) -> str:
    rows = "".join(f"    ({str(s.source)!r}, {s.name!r}, {s.minor_units!r}, {s.when!r}),\n" for s in steps)
    return "[\n" + rows + "]"


def render(request, env: bool) -> str:
    head = ("import hashlib\nimport os\nimport sys\nfrom decimal import Decimal\n\nimport requests\n\n" if env
            else "import os\nimport sys\n\nimport requests\n\n" if request.variables else "import requests\n\n")
    if request.variables:
        head += CARD
    code = head + f"url = {request.url!r}\nfields = {_fields(request)}\n"
    if env:
        code += SIGN.format(steps=_steps(request.steps))
    else:
        code += f'fields["control"] = {request.placeholder!r}\n'
    return code + "\nreply = requests.post(url, data=fields, timeout=30)\nprint(reply.text)\n"
