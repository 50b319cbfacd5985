"""Send one v4 request: the form body with the Authorization header the page computed (the key stays in the
browser), JSON replies on request; the reply read as JSON or as name=value pairs, whichever came back."""

import json

import requests

from outbound import client
from paynet.i18n import _
from paynet.v4 import JSON_REPLIES
from paynet.wire import UnparseableResponse, parse_pairs


def send(url: str, body: str, authorization: str, *, json_reply: bool, timeout: float, deadline: float,
         shown_body: str, session: requests.Session, read_limit: int) -> client.Exchange:
    headers = {"Authorization": authorization}
    if json_reply:
        headers["Accept"] = JSON_REPLIES
    return client.send(url, body, timeout=timeout, deadline=deadline, shown_body=shown_body, session=session,
                       read_limit=read_limit, headers=headers, reader=read_reply)


def _flat(data: dict) -> dict[str, str]:
    """A JSON object's members as text: scalars as they are, nested values as compact JSON."""
    return {str(k): v if isinstance(v, str) else json.dumps(v, ensure_ascii=False) for k, v in data.items()}


def parse(text: str, content_type: str) -> dict[str, str]:
    """The reply's fields: a JSON object when the gateway says JSON, else name=value pairs. ValueError in words."""
    if "json" in content_type.lower():
        try:
            data = json.loads(text)
        except ValueError:
            raise ValueError(_("the body is not valid JSON although its Content-Type says JSON")) from None
        if not isinstance(data, dict):
            raise ValueError(_("the JSON body is not an object"))
        return _flat(data)
    try:
        return parse_pairs(text)
    except UnparseableResponse as exc:
        raise ValueError(str(exc)) from None


def read_reply(response: client.Response, data: bytes) -> client.Failure | None:
    """Fill the parsed fields; v4 replies carry no `type` of v2's kind, and a 401/403 is the gateway refusing
    the signature (the sources disagree on which of the two)."""
    content_type = next((v for k, v in response.headers if k.lower() == "content-type"), "")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return client.Failure(client.FailureKind.UNPARSEABLE, _("The response body is not valid UTF-8."))
    problem = None
    try:
        fields = parse(text, content_type) if text.strip() else {}
    except ValueError as exc:
        fields, problem = {}, str(exc)
    if fields:
        client.read_fields(response, fields)
    if response.status in (401, 403):
        return client.Failure(client.FailureKind.HTTP_STATUS, _(
            "The gateway answered HTTP %(status)s %(reason)s: it refused the OAuth signature or the consumer key "
            "(a wrong key pair, a public key not registered, a base string built differently).",
            status=response.status, reason=response.reason))
    if response.status != 200:
        return client.Failure(client.FailureKind.HTTP_STATUS, _(
            "The gateway answered HTTP %(status)s %(reason)s.", status=response.status, reason=response.reason))
    if not text.strip():
        return client.Failure(client.FailureKind.UNPARSEABLE, _("The response body is empty."))
    if problem:
        return client.Failure(client.FailureKind.UNPARSEABLE, _("The response body cannot be read: %(problem)s.",
                                                                problem=problem))
    return None
