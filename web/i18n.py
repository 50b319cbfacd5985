"""The page language: Flask-Babel, chosen by ?lang= (the switch), the `lang` cookie, else Accept-Language."""

from flask import request
from flask_babel import Babel

LANGUAGES = ("en", "ru")
COOKIE = "lang"
COOKIE_AGE = 365 * 24 * 3600


def chosen() -> str | None:
    """The switch's ?lang= if it names a language we have: the cookie keeps it afterwards."""
    value = request.args.get(COOKIE, "")
    return value if value in LANGUAGES else None


def get_locale() -> str:
    # Unknown values (a stale or forged cookie, an odd header) fall through to the next source, never raise.
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


def init_app(app):
    app.config.setdefault("BABEL_DEFAULT_LOCALE", "en")
    Babel(app, locale_selector=get_locale)
    app.jinja_env.policies["ext.i18n.trimmed"] = True  # {% trans %} blocks wrap like prose; babel.cfg says the same
    app.after_request(remember)
    app.jinja_env.globals.update(lang_switch=switch_links, page_lang=get_locale)
