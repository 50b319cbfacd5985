"""create_app(): config, the command registry, routes, error handlers."""

import os

from flask import Flask
from flask_wtf import CSRFProtect
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, SecurityError
from werkzeug.middleware.proxy_fix import ProxyFix

import config
from forms import load_registry
from forms.v4 import load_v4_registry
from outbound import environments
from store import engines as store_backends
from web import api, callbacks, compress, dapi, docs, exams, exports, faces, headers, i18n, inspector, logs, pages, v4
from web import sandbox as web_sandbox
from web.limits import cap_reply
from web.v4 import debug as v4_debug
from web.v4 import exports as v4_exports

# Every route, by blueprint; each blueprint has one face (web/faces.py), the shape its replies and errors take.
BLUEPRINTS = (api.bp, v4.api, v4_debug.api, exports.bp, callbacks.api, inspector.api, exams.api, web_sandbox.api,
              web_sandbox.api4, web_sandbox.fields, callbacks.inboxes,
              callbacks.script, v4_exports.bp,
              pages.bp, v4.bp, v4_debug.bp, exports.pages, callbacks.bp, inspector.bp, web_sandbox.bp, docs.bp,
              dapi.api, dapi.bp)


def create_app(test_config=None):
    # FLASK_INSTANCE_PATH: another instance folder, e.g. one per instance on one host (docs/deploying.md).
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
    app.extensions["v4_commands"] = load_v4_registry()
    app.extensions["specs"] = {name: cls.command for name, cls in app.extensions["commands"].items()}
    app.extensions["environments"] = {e.id: e for e in envs}
    app.extensions["sandbox"] = web_sandbox.create(app, sandbox_database(app), app.extensions["specs"])
    app.extensions["exams"] = exams.create(app, app.extensions["sandbox"])
    csrf = CSRFProtect(app)
    headers.init_app(app)
    compress.init_app(app)
    i18n.init_app(app)
    logs.install()  # every log record masked when made (web/logs.py)

    app.cli.add_command(web_sandbox.store_cli)
    for blueprint in BLUEPRINTS:
        app.register_blueprint(blueprint)
    for view in app.view_functions.values():
        if getattr(view, "csrf_exempt", False):  # declared at the view (faces.csrf_exempt)
            csrf.exempt(view)
    app.register_error_handler(api.ApiError, api.api_error)
    app.register_error_handler(CSRFError, faces.csrf_error)
    app.register_error_handler(SecurityError, faces.bad_host)
    app.register_error_handler(HTTPException, faces.http_error)
    app.register_error_handler(Exception, faces.unexpected)
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
