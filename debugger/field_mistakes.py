"""Mistakes about which values went into the string: one order id in the other's place, a null written for an
empty field, a field sent but left out, a field signed but not sent. Templates like the rest of the catalogue
(debugger/hypotheses.py, which lists them); each yields a few candidates per recipe part, never combinations."""

import re
from dataclasses import replace

from debugger.candidates import Candidate
from paynet.i18n import _
from paynet.signing import Source
from paynet.wire import JAVA_TRIM

# The merchant's order id and the gateway's, under the names requests, callbacks and the official libraries use
# for them (the PHP library reads merchant-order-id / paynet-order-id too), compared without case, '-' or '_'.
MERCHANT_ORDER_ID = frozenset({"clientorderid", "merchantorder", "merchantorderid"})
GATEWAY_ORDER_ID = frozenset({"orderid", "paynetorderid"})

# What a client that put a null into the string wrote: Java, Kotlin and JavaScript concatenation write "null",
# Python's str() and f-strings "None", JavaScript a missing property "undefined". Not "nil": Ruby's nil.to_s and
# "#{nil}" write "" (what the gateway signs), Go strings cannot be nil, and PHP and C# concatenate a null as "".
NULLS = ("null", "None", "undefined")
SAME_VALUE_LIMIT = 4  # other names of one field tried per part (a paste may hold up to 500 parameters)


def _plain(name: str) -> str:
    return re.sub("[-_]", "", name.lower())


def _filled(values: dict, name: str) -> str:
    return (values.get(name) or "").strip(JAVA_TRIM)


def _fields(case) -> list:
    return [p for p in case.recipe if p.source == Source.FIELD]


def _signed(case, names: dict) -> tuple:
    """The recipe with `names` (field -> value) signed unconditionally, whatever its "(if sent)"."""
    recipe = tuple(replace(p, when=None) if p.name in names else p for p in case.recipe)
    return case.segments(recipe, {**case.values, **names})


def order_id_substituted(case):
    """The gateway's orderid signed with the merchant's order id (client_orderid, merchant_order), or the other
    way round; the other id's own place, when the recipe has one, unchanged (a swap of both is wrong-order)."""
    for part in _fields(case):
        mine = _plain(part.name)
        others = MERCHANT_ORDER_ID if mine in GATEWAY_ORDER_ID else GATEWAY_ORDER_ID if mine in MERCHANT_ORDER_ID \
            else ()
        for other in sorted(n for n in case.values if _plain(n) in others and _filled(case.values, n)):
            value = _filled(case.values, other)
            if mine in GATEWAY_ORDER_ID:
                yield Candidate("client-orderid-for-orderid", _(
                    "The merchant's order id %(other)s (%(value)s) was signed in the place of %(name)s, the "
                    "gateway's order id.", other=other, value=value, name=part.name),
                    _signed(case, {part.name: value}))
            else:
                yield Candidate("orderid-for-client-orderid", _(
                    "The gateway's order id %(other)s (%(value)s) was signed in the place of %(name)s, the "
                    "merchant's order id.", other=other, value=value, name=part.name),
                    _signed(case, {part.name: value}))


def null_signed_for_empty(case):
    """A null interpolated for a field that is empty or not sent: each such field alone, then all of them."""
    empty = [p.name for p in _fields(case) if not _filled(case.values, p.name)]
    groups = [[n] for n in empty] + ([empty] if len(empty) > 1 else [])
    for literal in NULLS:
        for names in groups:
            yield Candidate("null-signed-for-empty", _(
                "'%(literal)s' was signed for what was empty or not sent (%(names)s): the client wrote a null "
                "value into the string, where the gateway signs nothing.", literal=literal, names=", ".join(names)),
                _signed(case, dict.fromkeys(names, literal)))


def field_sent_not_signed(case):
    """A recipe field that was sent, left out of the string; with the parts signed only when it is sent
    (capture's currency) left out too. One field at a time: subsets of fields would grow as 2^n."""
    for part in _fields(case):
        if not _filled(case.values, part.name):
            continue
        dependents = [p.name for p in case.recipe if p.when == part.name and p.name != part.name]
        for left in dict.fromkeys([(part.name,), (part.name, *dependents)]):
            recipe = tuple(p for p in case.recipe if p.name not in left)
            yield Candidate("field-sent-not-signed", _(
                "Sent but left out of the string: %(names)s. The gateway signs every part of the recipe that is "
                "sent.", names=", ".join(left)), case.segments(recipe))


def field_signed_not_sent(case):
    """A recipe field empty or not sent, but signed with a value. Only testable where that value can be known:
    the same field sent under another name (client-order-id or merchant_order for client_orderid,
    paynet-order-id for orderid: what the official libraries read and the 3-D Secure uploads send), and the
    currency the merchant meant (a debugger input; the amount meant is amount-signed-not-sent). Any other absent
    field's value (an e-mail, a card reference, a login) is unknown: guessing it would be unbounded, and a
    match would be a coincidence."""
    for part in _fields(case):
        if _filled(case.values, part.name):
            continue
        mine = _plain(part.name)
        same = [n for n in sorted(case.values) if n != part.name and _filled(case.values, n) and (
            _plain(n) == mine or any({mine, _plain(n)} <= group for group in (MERCHANT_ORDER_ID, GATEWAY_ORDER_ID)))]
        for other in same[:SAME_VALUE_LIMIT]:
            value = _filled(case.values, other)
            yield Candidate("field-signed-not-sent", _(
                "%(name)s was signed as '%(value)s', the value sent as %(other)s, but %(name)s itself was not "
                "sent: the gateway signs only what comes under the recipe's names.", name=part.name, value=value,
                other=other), _signed(case, {part.name: value}))
        meant = case.meant.get(part.name, "").strip(JAVA_TRIM)
        if part.name == "currency" and meant:
            yield Candidate("field-signed-not-sent", _(
                "currency was signed as '%(value)s', the currency the merchant meant, but not sent: the gateway "
                "signs only the currency sent.", value=meant), _signed(case, {part.name: meant}))


CATALOG = (order_id_substituted, null_signed_for_empty, field_sent_not_signed, field_signed_not_sent)
IDS = ("client-orderid-for-orderid", "orderid-for-client-orderid", "null-signed-for-empty", "field-sent-not-signed",
       "field-signed-not-sent")
