"""HTML pages: the index and one generic builder page for every command."""

from flask import abort, current_app, render_template, request
from flask_wtf.csrf import generate_csrf

from exports import cards
from forms import GROUPS
from paynet.docs_links import doc_links, page_intro, plain_intro
from paynet.i18n import translate
from web import builder, debugger, faces
from web.api import environment_list, local_base

bp = faces.blueprint("views", __name__, faces.PAGE)


def _commands():
    return current_app.extensions["commands"]


@bp.get("/")
def index():
    groups = {g: [c for c in _commands().values() if c.command.group == g] for g in GROUPS}
    return render_template("index.html", groups={translate(g): cs for g, cs in groups.items() if cs},
                           v4=list(current_app.extensions["v4_commands"].values()),
                           demo=current_app.extensions["sandbox"].demo)


@bp.route("/<command>", methods=["GET", "POST"])
def builder_page(command):
    form_cls = _commands().get(command) or abort(404)
    result = None
    if request.method == "POST":  # the no-JavaScript Sign button; the key must be retyped
        inp = builder.from_page(request.form, form_cls)
        prepared = builder.build(form_cls, inp)
        result = builder.reply(prepared, False, local_base() + prepared.path)
        form = form_cls.from_values(inp.values)  # re-renders the values; the errors are in `result`
        target = (inp.target_kind, inp.target_id)
    else:
        form = form_cls.from_values({})
        target = ("endpoint", "")
    return render_template("builder.html", form=form, command=form_cls.command,
                           intro=page_intro(translate(plain_intro(form_cls.__doc__ or ""))), sections=sections(form),
                           docs=doc_links(command, form_cls.command.prefix),
                           result=result, target=target, csrf_token=generate_csrf(),
                           environments=environment_list(), status_command=status_command(),
                           status_recipe=status_recipe(),
                           follow_ups=follow_ups(form_cls.command.name),
                           card_variables=card_variables(form_cls.command))


def card_variables(command) -> str:
    """The variables Copy as curl and the exports read masked card data from (exports/cards.py)."""
    return ", ".join(v.name for v in cards.variables(p.name for p in command.params if p.card))


def follow_ups(command: str) -> list[dict]:
    """The next steps after this command's response: commands that declare they follow it."""
    return [{"name": name, "title": cls.command.shown_title, "params": list(cls.param_names()),
             "needs_status": list(cls.command.needs_status)}
            for name, cls in _commands().items() if command in cls.command.follows]


def status_command() -> str | None:
    """The command that answers status-response queries: the follow-up after any order-creating reply."""
    return next((n for n, c in _commands().items() if c.command.response == "status-response"
                 and "orderid" in c.param_names()), None)


def status_recipe() -> list[dict]:
    """The status command's recipe: the page signs the follow-up status check itself."""
    name = status_command()
    return _commands()[name].command.recipe_data() if name else []


def sections(form) -> list[tuple[str, list]]:
    """Signed fields in recipe order, then the other required ones, then the optional ones."""
    cmd = form.command
    params = form.params()
    signed = sorted((f for f in params if cmd.position(f.name)), key=lambda f: cmd.position(f.name))
    rest = [f for f in params if not cmd.position(f.name)]
    required = [f for f in rest if f.necessity != "optional"]
    optional = [f for f in rest if f.necessity == "optional"]
    return [("Signed fields", signed), ("Required", required), ("Optional", optional)]


@bp.route("/debug", methods=["GET", "POST"])
def debug_page():
    """Paste a customer's request; the verdict is rendered server-side (JS only swaps it in place)."""
    result = error = None
    form = request.form
    if request.method == "POST":
        try:
            merchant = debugger.read_fingerprint(form.get("fingerprint", ""))
            result = debugger.run(form.get("raw", ""), form.get("merchant_control", ""), form.get("command", ""),
                                  form.get("endpointid", ""), form.get("groupid", ""), False,
                                  form.get("amount", ""), form.get("currency", ""))
            result |= debugger.fingerprint_check(form.get("merchant_control", ""), merchant)
        except debugger.DebugError as exc:
            error = exc
    template = "_debug_result.html" if request.headers.get("X-Fragment") else "debug.html"
    raw = form.get("raw", "")[:debugger.MAX_PASTE]  # a longer paste is refused; its echo stays bounded too
    shown = debugger.masked_paste(raw, form.get("merchant_control", ""))  # never the key back into the page
    echo = {k: form.get(k, "")[:100] for k in ("command", "endpointid", "groupid", "amount", "currency")}
    return render_template(template, result=result, error=error, form=echo, commands=list(_commands()),
                           csrf_token=generate_csrf(), raw=shown, raw_masked=shown != raw,
                           fingerprint=debugger.shown_fingerprint(form.get("fingerprint", "")))
