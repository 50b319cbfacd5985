"""CommandForm: one API command declared as data; everything else derives from it."""

from dataclasses import dataclass, field

from wtforms import Form
from wtforms.form import FormMeta

from paynet import amounts, i18n, signing, wire
from paynet.command import TARGET_KINDS, Command, Parameter
from paynet.i18n import _, translate
from paynet.masking import mask_card
from paynet.signing import JAVA_TRIM

from ._fields import REQUIRED, Param


@dataclass
class Prepared:
    """A request as the builder would send it, with what is wrong or worth a warning."""

    command: Command
    target_kind: str
    target_id: str
    trace: signing.SignatureTrace
    body: list[tuple[str, str]]
    errors: dict[str, list[str]] = field(default_factory=dict)
    warnings: list[dict] = field(default_factory=list)
    card_fields: tuple[str, ...] = ()

    @property
    def path(self) -> str:
        return self.command.path(self.target_kind, self.target_id)

    @property
    def masked_fields(self) -> list[str]:
        return [k for k, _ in self.body if k in self.card_fields]

    def encoded_body(self, mask_cards: bool = True) -> str:
        """The urlencoded body; masked card data stays readable (453897******6732, ***), not encoded."""
        return "&".join(f"{k}={mask_card(v)}" if mask_cards and k in self.card_fields else wire.encode_body([(k, v)])
                        for k, v in self.body)

    def body_pairs(self, mask_cards: bool = True) -> list[tuple[str, str]]:
        return [(k, mask_card(v) if mask_cards and k in self.card_fields else v) for k, v in self.body]


class Values(dict):
    """Form data as WTForms reads it (one value per name), without a web framework's MultiDict."""

    def getlist(self, name: str) -> list[str]:
        return [self[name]] if name in self else []


class DocsOrder(FormMeta):
    """WTForms orders fields by creation; a form's `docs_order` (attribute names) puts those first, in that
    order, so a command can follow the part of its docs table that was seen while sharing the field
    declarations of a sibling; the fields it does not list keep their declared order after them."""

    def __call__(cls, *args, **kwargs):
        if cls._unbound_fields is None:
            fields = [(name, getattr(cls, name)) for name in dir(cls)
                      if not name.startswith("_") and hasattr(getattr(cls, name), "_formfield")]
            first = {name: i for i, name in enumerate(cls.docs_order)}
            fields.sort(key=lambda x: (first.get(x[0], len(first)), x[1].creation_counter, x[0]))
            cls._unbound_fields = fields
        return super().__call__(*args, **kwargs)


class DeclaredForm(Form, metaclass=DocsOrder):
    """A command declared as a form, v2 (CommandForm) or v4 (forms/v4/V4Form): its parameters as the core reads
    them, and the form's own validation of received values."""

    docs_order: tuple[str, ...] = ()  # the docs table's first rows, when a shared declaration differs

    @classmethod
    def from_values(cls, values: dict[str, str]):
        return cls(formdata=Values(values))

    @classmethod
    def param_names(cls) -> tuple[str, ...]:
        """Wire names in docs order; built once per class (the live signature calls this a lot)."""
        if "_param_names" not in vars(cls):
            cls._param_names = tuple(f.name for f in cls.from_values({}).params())
        return cls._param_names

    @classmethod
    def parameters(cls) -> tuple[Parameter, ...]:
        """The parameters as the core reads them (the registry binds them to the command)."""
        return tuple(Parameter(f.name, f.necessity, f.max_length, f.amount, f.card, url=f.url)
                     for f in cls.from_values({}).params())

    @classmethod
    def check(cls, values: dict[str, str]) -> dict[str, list[str]]:
        """Field errors for received values: the sandbox validates with the builder's own rules. Always in
        English: they become the sandbox's error-message, a wire text, whatever language the caller reads."""
        token = i18n.install(lambda s: s, lambda s, p, n: s if n == 1 else p)
        try:
            form = cls.from_values(values)
            form.validate()
            return {f.name: list(f.errors) for f in form.params() if f.errors} | form.rules()
        finally:
            i18n.reset(token)

    def rules(self) -> dict[str, list[str]]:
        """Cross-field rules of a command (a v4 deposit needs a card number or a card reference)."""
        return {}

    def params(self) -> list[Param]:
        return [f for f in self if isinstance(f, Param)]


class CommandForm(DeclaredForm):
    """Base of every command form: the class docstring is the page intro.

    A plain WTForms form: the page's posts are CSRF-checked app-wide by Flask-WTF's CSRFProtect,
    and the JSON API takes only application/json.
    """

    command: Command

    def values(self, trim: bool = False) -> dict[str, str]:
        return {f.name: (f.value.strip(JAVA_TRIM) if trim else f.value) for f in self.params()}

    def extra_warnings(self) -> list[dict]:
        """Command-specific warnings; cross-field rules shared by many commands live here."""
        values = self.values(trim=True)
        if values.get("redirect_url") and (
            values.get("redirect_success_url") or values.get("redirect_fail_url")
        ):
            return [warning("redirect_url", "redirect-exclusive",
                            _("Use either redirect_url or redirect_success_url + redirect_fail_url, "
                              "not both (the docs' rule; some plugins send all three)."))]
        return []

    def prepare(self, target_kind: str, target_id: str, key: str) -> "Prepared":
        """Validate, sign and build the body; never raises for bad input."""
        self.validate()
        errors = {f.name: list(f.errors) for f in self.params() if f.errors}
        errors.update(target_errors(self.command, target_kind, target_id))
        if not key.strip(JAVA_TRIM):
            errors["merchant_control"] = [_("merchant_control (the control key) is needed to sign.")]
        values = self.values()
        recipe = self.command.parts
        trace = signing.trace(recipe, values, target_id, key)
        label = "groupid" if target_kind == "group" else "endpointid"
        trace.parts = [(label if n == signing.TARGET.name else n, v) for n, v in trace.parts]
        body = [(f.name, f.value.strip(JAVA_TRIM)) for f in self.params() if f.value.strip(JAVA_TRIM)]
        if trace.signature:
            body.append(("control", trace.signature))
        cards = tuple(f.name for f in self.params() if f.card)
        prepared = Prepared(self.command, target_kind, target_id.strip(JAVA_TRIM), trace, body, errors,
                            [], cards)
        prepared.warnings = self._warnings(values, target_id, key, trace) + self.extra_warnings()
        return prepared

    def _warnings(self, values, target_id, key, trace) -> list[dict]:
        found = []
        for f in self.params():
            if f.empty_warning and not f.value.strip(JAVA_TRIM):
                found.append(warning(f.name, "empty", translate(f.empty_warning)))
        found += whitespace_warnings(self.command.parts, values, target_id, key, trace)
        found += [warning(n, "unicode-space",
                          _("%(name)s starts or ends with a non-breaking or other Unicode space. The gateway's "
                            "trim removes only ASCII spaces and control characters, so it stays in the value and "
                            "in the signature; it is usually pasted by accident.", name=n))
                  for n, v in values.items() if v.strip(JAVA_TRIM) != v.strip(JAVA_TRIM).strip()]
        found += exponent_warnings(self.command.parts, values, target_id, key)
        return found

    @classmethod
    def describe(cls) -> dict:
        """The command as plain data, for the JSON API, the sandbox and the pages."""
        form = cls.from_values({})
        cmd = cls.command
        return {
            "name": cmd.name, "title": cmd.title, "group": cmd.group, "path": cmd.path(),
            "response": cmd.response, "targets": list(cmd.targets),
            "description": " ".join((cls.__doc__ or "").split()),
            "recipe": cmd.recipe_data(),
            "fields": [{
                "name": f.name, "label": f.label.text, "necessity": f.necessity,
                "type": f.doc_type, "max_length": f.max_length, "length": f.length,
                "description": f.description, "signed": cmd.position(f.name),
            } for f in form.params()],
        }


def warning(field_name: str, code: str, message: str) -> dict:
    return {"field": field_name, "code": code, "message": message}


def target_errors(command: Command, kind: str, target_id: str) -> dict[str, list[str]]:
    if kind not in command.targets:
        allowed = _(" or ").join(command.targets)
        return {"target": [_("target must be %(allowed)s for %(command)s.", allowed=allowed, command=command.name)]}
    label = "endpointid" if kind == "endpoint" else "groupid"
    if not target_id.strip(JAVA_TRIM):
        return {"target": [_("%(name)s is required: give exactly one of endpointid or groupid.", name=label)]}
    if not target_id.strip(JAVA_TRIM).isascii() or not target_id.strip(JAVA_TRIM).isdigit():
        return {"target": [_("%(name)s must contain digits only.", name=label)]}
    return {}


def whitespace_warnings(recipe, values, target_id, key, trace) -> list[dict]:
    """Warn for each padded value; show the control its untrimmed version would have had."""
    padded = [n for n, v in values.items() if v.strip(JAVA_TRIM) and v != v.strip(JAVA_TRIM)]
    if target_id.strip(JAVA_TRIM) and target_id != target_id.strip(JAVA_TRIM):
        padded.append("target")
    if key.strip(JAVA_TRIM) and key != key.strip(JAVA_TRIM):
        padded.append("merchant_control")
    if not padded:
        return []
    untrimmed = signing.trace(recipe, values, target_id, key, trim=False).signature
    alt = _(" Signed untrimmed, the control would be %(untrimmed)s instead of %(control)s.",
            untrimmed=untrimmed, control=trace.signature) if untrimmed and untrimmed != trace.signature else ""
    return [warning(n, "whitespace",
                    _("%(name)s has leading or trailing whitespace; the gateway trims it before checking "
                      "control, and so does this tool.", name=n) + alt) for n in padded]


def exponent_warnings(recipe, values, target_id, key) -> list[dict]:
    """For a currency whose ISO 4217 exponent is not 2, show the ISO alternative beside x100."""
    amount_part = next((p for p in recipe if p.minor_units), None)
    currency = values.get("currency", "").strip(JAVA_TRIM).upper()
    if amount_part is None or not currency:
        return []
    exponent = amounts.iso_exponent(currency)
    amount = values.get(amount_part.name, "").strip(JAVA_TRIM)
    if exponent in (None, 2) or not amount:
        return []
    try:
        x100, iso = amounts.to_minor(amount), amounts.to_iso_minor(amount, exponent)
    except amounts.AmountError:
        return []
    alt = signing.trace(recipe, values, target_id, key,
                        minor=lambda t: amounts.to_iso_minor(t, exponent)).signature
    tail = f" (control {alt})" if alt else ""
    # The page appends the control after "%(iso)s" (static/builder.js): keep "%(iso)s%(tail)s." in every language.
    found = warning(amount_part.name, "currency-exponent",
                    _("%(currency)s has %(exponent)s decimals in ISO 4217. This tool signs amount x 100 "
                      "(%(amount)s -> %(x100)s) as every public client does; by the ISO exponent it would "
                      "be %(iso)s%(tail)s. Confirm with the gateway's support before relying on either.",
                      currency=currency, exponent=exponent, amount=amount, x100=x100, iso=iso, tail=tail))
    return [{**found, "iso_minor": iso}]  # the page, which holds the key, adds the control to the message


__all__ = ["CommandForm", "DeclaredForm", "Command", "Prepared", "Param", "REQUIRED", "TARGET_KINDS", "warning"]
