"""The page language: Flask-Babel, chosen by ?lang= (the switch), the `lang` cookie, else Accept-Language."""

import functools
import io
import os
import re
from datetime import UTC, datetime

from babel.messages.extract import extract
from babel.support import Translations
from flask import current_app, g, has_request_context, request
from flask_babel import Babel, format_datetime, get_translations

from paynet import i18n as core

LANGUAGES = ("en", "ru")
COOKIE = "lang"
COOKIE_AGE = 365 * 24 * 3600


def chosen() -> str | None:
    """The switch's ?lang= if it names a language we have: the cookie keeps it afterwards."""
    value = request.args.get(COOKIE, "")
    return value if value in LANGUAGES else None


def get_locale() -> str:
    # Unknown values (a stale or forged cookie, an odd header) fall through to the next source, never raise.
    if not has_request_context():  # the web layer's messages outside a request (a script, a shell): English
        return "en"
    cookie = request.cookies.get(COOKIE, "")
    if chosen():
        return chosen()
    if cookie in LANGUAGES:
        return cookie
    return request.accept_languages.best_match(LANGUAGES) or "en"


def remember(response):
    """Persist the switch's choice; every other reply leaves the cookie alone."""
    if response.mimetype == "text/html":  # a page's URL renders in either language; scripts and JSON don't
        response.vary.update(("Accept-Language", "Cookie"))
    lang = chosen()
    if lang:
        response.set_cookie(COOKIE, lang, max_age=COOKIE_AGE, samesite="Lax", httponly=True)
    return response


def switch_links() -> list[dict]:
    """Every language, as a link to this same page with ?lang= (no script: the CSP forbids inline ones).
    Other query arguments are dropped: a link should carry nothing but the choice."""
    current = get_locale()
    return [{"lang": lang, "url": request.path + "?lang=" + lang, "current": lang == current} for lang in LANGUAGES]


def timestamp(seconds: float) -> str:
    """A stored time (seconds since the epoch) as the page's language writes a date and time, in UTC."""
    return format_datetime(datetime.fromtimestamp(seconds, UTC), "long")


def install_translator():
    """The core's messages (field errors, lints, the debugger's findings) in this request's language."""
    g.i18n_token = core.install(lambda s: get_translations().ugettext(s),
                                lambda s, p, n: get_translations().ungettext(s, p, n))


def reset_translator(_exc=None):
    token = g.pop("i18n_token", None)
    if token is not None:
        core.reset(token)


JS_OPTIONS = {"parse_template_string": True}


# A module's static and dynamic imports of its sibling modules (the vendored libraries hold no t() calls).
_IMPORT = re.compile(r"""(?:\bfrom\s*|\bimport\s*\(?\s*)["']\./([\w-]+\.js)["']""")
THEME = "theme.js"  # base.html loads it on every page


@functools.cache
def _modules(static_folder: str) -> dict[str, tuple[frozenset, frozenset]]:
    """Each page script's t("...") literals, by Babel's own JavaScript extractor (babel.cfg's keyword), and
    the sibling modules it imports."""
    modules = {}
    for name in sorted(os.listdir(static_folder)):
        if name.endswith(".js"):
            with open(os.path.join(static_folder, name), "rb") as f:
                source = f.read()
            msgids = {m[1] for m in extract("javascript", io.BytesIO(source), keywords={"t": None},
                                             options=JS_OPTIONS)}
            modules[name] = (frozenset(msgids), frozenset(_IMPORT.findall(source.decode("utf-8"))))
    return modules


def js_msgids(static_folder: str) -> tuple:
    """Every t("...") literal in the pages' scripts: one source for the catalogue and its completeness check."""
    return tuple(sorted(set().union(*(msgids for msgids, _ in _modules(static_folder).values()))))


@functools.cache
def page_msgids(static_folder: str, entry: str) -> tuple:
    """The literals of the modules a page loads: theme.js and its own script, with everything they import."""
    modules = _modules(static_folder)
    seen, todo = set(), [THEME] + ([entry] if entry else [])
    while todo:
        name = todo.pop()
        if name in seen or name not in modules:
            continue
        seen.add(name)
        todo.extend(modules[name][1])
    return tuple(sorted(set().union(*(modules[name][0] for name in seen))))


def js_strings(entry: str = "") -> dict:
    """The strings of the page's scripts in the page's language (empty in English: t() falls back to its
    msgid). Only the page's own modules': a Russian builder page would otherwise carry every page's strings."""
    if get_locale() == "en":
        return {}
    translations = get_translations()
    return {m: translations.ugettext(m) for m in page_msgids(current_app.static_folder, entry)}


def register_languages(app) -> None:
    """The core's records made outside a page's language (inspector entries) are written in each language."""
    folder = os.path.join(app.root_path, "translations")
    for lang in LANGUAGES[1:]:
        translations = Translations.load(folder, [lang])
        core.register(lang, translations.ugettext, translations.ungettext)


def init_app(app):
    app.config.setdefault("BABEL_DEFAULT_LOCALE", "en")
    Babel(app, locale_selector=get_locale)
    register_languages(app)
    app.jinja_env.policies["ext.i18n.trimmed"] = True  # {% trans %} blocks wrap like prose; babel.cfg says the same
    app.after_request(remember)
    app.before_request(install_translator)
    app.teardown_request(reset_translator)
    app.jinja_env.globals.update(lang_switch=switch_links, page_lang=get_locale, js_strings=js_strings)
    app.jinja_env.filters["timestamp"] = timestamp
