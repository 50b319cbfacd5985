"""Messages for people, translatable without Flask: the web layer installs a translator per request.

Write `_("Amount %(value)s is not a number", value=text)`: the msgid is a literal (Babel extracts `_`
calls from every .py file), the values are filled in after translation, so a value's own "%" is never
read as a format. `N_` marks a literal for extraction only (a declared description, translated where it
is shown). Without an installed translator (the core's tests, background threads) messages are English.
"""

import functools
import re
from contextlib import contextmanager
from contextvars import ContextVar

_translator = ContextVar("translator", default=None)


def install(gettext, ngettext):
    """The web layer's per-request translator; returns a token for `reset`."""
    return _translator.set((gettext, ngettext))


def reset(token) -> None:
    _translator.reset(token)


def _(message: str, **values) -> str:
    pair = _translator.get()
    text = pair[0](message) if pair else message
    return text % values if values else text


def ngettext(singular: str, plural: str, num: int, **values) -> str:
    pair = _translator.get()
    text = pair[1](singular, plural, num) if pair else (singular if num == 1 else plural)
    return text % {"num": num, **values}


def N_(message: str) -> str:
    return message


def translate(message: str) -> str:
    """A message declared with N_ (or stored in English), in the request's language when we have it."""
    pair = _translator.get()
    return pair[0](message) if pair and message else message


_VALUE = re.compile(r"%\((\w+)\)s")


@functools.cache
def _recorded(msgid: str) -> re.Pattern:
    parts = _VALUE.split(msgid)  # literal, name, literal, name, ...
    return re.compile("".join(re.escape(p) if i % 2 == 0 else f"(?P<{p}>.+?)" for i, p in enumerate(parts)), re.S)


def reread(text: str, msgids) -> str:
    """`text`, recorded in English as one of `msgids` with its values filled in, in the request's language
    (a value that is itself one of them read back too, others as recorded); any other text as it is."""
    for msgid in msgids:
        found = _recorded(msgid).fullmatch(text)
        if found:
            values = {name: reread(value, msgids) for name, value in found.groupdict().items()}
            return translate(msgid) % values if values else translate(msgid)
    return text


@contextmanager
def english():
    """No translator inside: for texts that are wire replies or stored records (the sandbox's answers, callback
    deliveries), which stay English whatever the language of the request that caused them."""
    token = _translator.set(None)
    try:
        yield
    finally:
        _translator.reset(token)


# Translators by language, registered once by the web layer (no request needed): for records made now and
# shown later in the reader's language, such as an inspector entry, which is written once per language.
_languages: dict = {}


def register(lang: str, gettext, ngettext) -> None:
    _languages[lang] = (gettext, ngettext)


def languages() -> tuple:
    return tuple(_languages)


@contextmanager
def using(lang: str):
    """Messages in `lang` inside (a registered language)."""
    token = _translator.set(_languages[lang])
    try:
        yield
    finally:
        _translator.reset(token)
