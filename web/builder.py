"""Turn what a caller sent (JSON or the page's form post) into a Prepared request and a reply."""

import shlex
from dataclasses import dataclass, field

from flask_babel import gettext as _

from exports import cards, shell
from forms._base import Prepared, warning
from paynet.signing import JAVA_TRIM
from paynet.wire import utf8_problem

RESERVED = ("endpointid", "groupid", "merchant_control", "reveal", "environment", "confirm",
            "control", "string_to_sign")  # the last two: Send's key-free way (web/api.py submit)


@dataclass
class BuildInput:
    values: dict[str, str]
    target_kind: str = "endpoint"
    target_id: str = ""
    key: str = ""
    reveal: bool = False
    errors: dict[str, list[str]] = field(default_factory=dict)
    warnings: list[dict] = field(default_factory=list)


def _text(name, value, errors) -> str:
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int):
        message = _('%(name)s must be a string (send amounts as strings, "10.42", so no precision is lost).',
                    name=name) if isinstance(value, float) else _("%(name)s must be a string.", name=name)
        errors.setdefault(name, []).append(message)
        return ""
    problem = utf8_problem(name, str(value))
    if problem:
        errors.setdefault(name, []).append(problem)
        return ""  # left out: it could be neither signed nor sent
    return str(value)


text = _text  # web/v4.py reads its JSON the same way


def from_json(data: dict, form_cls) -> BuildInput:
    """The JSON API's input: parameters by their docs names, endpointid or groupid, the key."""
    errors: dict[str, list[str]] = {}
    names = form_cls.param_names()
    values = {n: _text(n, data[n], errors) for n in names if n in data}
    unknown = [k for k in data if k not in names and k not in RESERVED]
    endpoint = _text("endpointid", data.get("endpointid"), errors)
    group = _text("groupid", data.get("groupid"), errors)
    inp = BuildInput(values, "group" if group.strip(JAVA_TRIM) and not endpoint.strip(JAVA_TRIM) else "endpoint",
                     group if group.strip(JAVA_TRIM) and not endpoint.strip(JAVA_TRIM) else endpoint,
                     _text("merchant_control", data.get("merchant_control"), errors),
                     data.get("reveal") is True, errors)
    if endpoint.strip(JAVA_TRIM) and group.strip(JAVA_TRIM):
        errors["target"] = [_("Give exactly one of endpointid or groupid, not both.")]
    inp.warnings = [warning(k, "unknown-parameter",
                            _("%(name)s is not a parameter of %(command)s; ignored.", name=k,
                              command=form_cls.command.name))
                    for k in unknown]
    return inp


def from_page(formdata, form_cls) -> BuildInput:
    """The page's form post: a target toggle and one id input."""
    kind = formdata.get("target", "endpoint")
    values = {n: formdata.get(n, "") for n in form_cls.param_names()}
    return BuildInput(values, kind, formdata.get("target_id", ""),
                      formdata.get("merchant_control", ""))


def build(form_cls, inp: BuildInput) -> Prepared:
    form = form_cls.from_values(inp.values)
    prepared = form.prepare(inp.target_kind, inp.target_id, inp.key)
    for name, messages in inp.errors.items():
        prepared.errors[name] = messages  # the type problem is the one to fix first
    prepared.warnings = inp.warnings + prepared.warnings
    return prepared


def curl(url: str, pairs, variables=()) -> str:
    """The request as a curl command: one --data-urlencode per field, never the key; the fields `variables`
    name (masked card data) read from them, checked first, as the curl export does."""
    lines = [f"curl -X POST {shlex.quote(url)}"]
    lines += [f"  --data-urlencode {shell.item(k, v, cards.find(variables, k))}" for k, v in pairs]
    return shell.checks(variables) + " \\\n".join(lines)


def reply(prepared: Prepared, reveal: bool = False, url: str = "") -> dict:
    """The sign reply; the key masked and card data masked unless `reveal`."""
    pairs = prepared.body_pairs(mask_cards=not reveal)
    data = {"command": prepared.command.name, "path": prepared.path}
    data.update(prepared.trace.to_dict(reveal))
    data.update({
        "body": prepared.encoded_body(mask_cards=not reveal),
        "errors": prepared.errors,
        "warnings": prepared.warnings,
        "masked": [] if reveal else prepared.masked_fields,
    })
    if url:
        data["url"] = url
        data["curl"] = curl(url, pairs, () if reveal else cards.variables(prepared.masked_fields))
    return data
