"""create_app(): config, the command registry, routes, error handlers."""

import os

from flask import Flask
from flask_wtf import CSRFProtect
from werkzeug.exceptions import SecurityError
from werkzeug.middleware.proxy_fix import ProxyFix

import config
from forms import load_registry
from outbound import environments
from store import backends as store_backends
from web import compress, headers, i18n, logs, public
from web import sandbox as web_sandbox
from web.limits import cap_reply


def create_app(test_config=None):
    # FLASK_INSTANCE_PATH: another instance folder, e.g. one per instance on one host (README: Several hosts).
    instance = os.environ.get("FLASK_INSTANCE_PATH")
    app = Flask(__name__, instance_relative_config=True, instance_path=os.path.abspath(instance) if instance else None)
    app.config.from_mapping(config.DEFAULTS)
    app.config.from_prefixed_env()
    if test_config:
        app.config.from_mapping(test_config)
    config.normalise(app.config)
    if app.config["PROXY_FIX"]:  # X-Forwarded-* only from as many proxies as the operator says there are
        n = app.config["PROXY_FIX"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=n, x_port=n, x_prefix=n)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = config.secret_key(app.instance_path)
    try:
        envs = environments.load(app.config["ENVIRONMENTS_FILE"])
    except environments.EnvironmentsError as exc:
        raise config.ConfigError(str(exc)) from None

    app.extensions["commands"] = load_registry()
    app.extensions["specs"] = {name: cls.command for name, cls in app.extensions["commands"].items()}
    app.extensions["environments"] = {e.id: e for e in envs}
    app.extensions["sandbox"] = web_sandbox.create(app, sandbox_database(app), app.extensions["specs"])
    csrf = CSRFProtect(app)
    headers.init_app(app)
    compress.init_app(app)
    i18n.init_app(app)
    logs.install()  # every log record masked when made (web/logs.py)

    from web import exports  # noqa: F401 - its routes join the API blueprint
    from web.api import bp as api_bp
    from web.callbacks import bp as callbacks_bp
    from web.callbacks import inbox, issue, private_inbox, verify
    from web.inspector import bp as inspector_bp
    from web.pages import bp as pages_bp

    csrf.exempt(api_bp)  # JSON only: a cross-site form cannot send application/json
    csrf.exempt(verify)
    csrf.exempt(web_sandbox.api)  # the emulated gateway takes merchants' server-to-server posts
    csrf.exempt(inbox)  # gateways (and payers' browsers) post callbacks and final redirects here
    csrf.exempt(private_inbox)
    csrf.exempt(issue)  # JSON only, like the API
    csrf.exempt(inspector_bp)  # JSON, or a bearer token in a header: a cross-site form can send neither
    app.register_blueprint(api_bp)
    app.register_blueprint(callbacks_bp)
    app.register_blueprint(inspector_bp)
    app.register_blueprint(web_sandbox.bp)
    app.register_blueprint(pages_bp)
    app.register_error_handler(SecurityError, public.bad_host)
    app.after_request(cap_reply)
    return app


def sandbox_database(app) -> str:
    """A postgresql:// URL as configured, or the SQLite file's path (its folder created)."""
    url = app.config["DATABASE_URL"]
    if store_backends.is_postgres(url):
        return url
    path = store_backends.sqlite_path(url) if url else os.path.join(app.instance_path, "sandbox.db")
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    return path


if __name__ == "__main__":  # pragma: no cover - `flask --app app run` is the documented way
    create_app().run(port=int(os.environ.get("PORT", "5000")))
