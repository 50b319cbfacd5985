"""The built-in sandbox's v4 API (/api/v4/<command>/<id>, OAuth 1.0a RSA-SHA256): a request is verified
(v4auth.py), then its command runs on the same orders as v2 (a v4 status sees a v2 sale's order and back). Payouts
wait for payout-pay; transfers are async-response orders; a transfer form sends the payer to the hosted form page;
the hosted fields' tickets and tokens (v4tokens.py) end in a sale."""

import json
from dataclasses import dataclass, field

from debugger import v4 as v4_debugger
from debugger.v4_paste import V4Paste
from paynet import i18n, oauth, wire
from paynet.command import TransactionKind
from paynet.i18n import english
from paynet.masking import mask_all, mask_text
from paynet.v4 import JSON_REPLIES, PREFIX, V4Command
from paynet.wire import JAVA_TRIM
from sandbox import demo_keys, inspector
from sandbox.actions import Call, link_token
from sandbox.rules import Refusal, final_status, row_id
from sandbox.v4auth import Unauthorised, Verifier, body_pairs
from sandbox.v4tokens import HIDDEN_CARD, Tokens
from store.records import ORDER_OFFSET, ThreeDS

TEXT, FORM = "text/plain;charset=utf-8", "text/html;charset=utf-8"


@dataclass(frozen=True)
class V4Request:
    command: str  # its path under /api/v4/: payout, tokenize/create-ephemeral-ticket
    kind: str  # endpoint or group
    target_id: str
    body: bytes
    url: str  # the URL the client addressed, as the base string covers it
    authorization: str | None
    json: bool  # Accept: application/vnd.pay+json
    base: str  # the sandbox's public root (its payer pages)


@dataclass
class V4Reply:
    status: int
    text: str
    content_type: str = FORM
    verdict: dict = field(default_factory=dict)


class V4Gateway:
    def __init__(self, sandbox, specs: dict[str, V4Command]):
        self.sandbox, self.specs = sandbox, specs
        self.store, self.actions = sandbox.store, sandbox.actions
        self.verifier = Verifier(self.store, self.key_of)
        self.tokens = Tokens(self.store)

    def key_of(self, consumer: str, tx):
        """(account, its public key PEM) for a consumer key: the demo account's published key, or a sandbox
        account's registered one ("" before it registers one); None for a login no account has."""
        if consumer == self.sandbox.demo.login:
            return self.sandbox.demo, demo_keys.PUBLIC_PEM
        account = self.sandbox.accounts.by_login(consumer, tx)
        return (account, account.public_key) if account else None

    def handle(self, req: V4Request) -> V4Reply:
        with english():
            spec = self.specs.get(req.command)
            if spec is None:
                return V4Reply(404, f"Unknown command {PREFIX}/{req.command}. The v4 commands: "
                                    f"{', '.join(sorted(self.specs))}.\n", TEXT)
            pairs, account = body_pairs(req.body), None
            try:
                with self.store.reading() as tx:
                    signer = self.verifier.check(req.authorization, req.url, pairs, tx)
                account = signer.account
                self.verifier.remember(signer)
            except Unauthorised as refused:
                reply = V4Reply(401, refused.message + "\n", TEXT, {"outcome": "refused", "stage": "signature",
                                                                    "message": refused.message,
                                                                    "cause": refused.cause})
                self._inspect(refused.account, req, reply)
                return reply
            reply = self._run(spec, req, account)
            self._inspect(account, req, reply)
            return reply

    def _run(self, spec: V4Command, req: V4Request, account) -> V4Reply:
        values, not_utf8 = wire.decode_form(req.body)
        finished = []
        with self.store.transaction() as db:
            head = [("type", spec.response), ("serial-number", db.serial())]
            client = values.get("client_orderid") or values.get("client-order-id")
            if client:
                head.append(("merchant-order-id", client))
            try:
                if not_utf8:
                    raise Refusal("1", " ".join(f"{name} is not valid UTF-8 text." for name in not_utf8))
                self._check(spec, req, values, account)
                call = Call(db, spec, values, account, req.base, finished)
                if spec.transaction == "ticket":
                    ticket = self.tokens.issue(db, "ticket", account.id)
                    reply = V4Reply(200, json.dumps({"ephemeralTicket": ticket}), "application/json",
                                    {"outcome": "accepted"})
                    return reply
                pairs = head + self._act(spec.transaction, call)
                verdict = {"outcome": "accepted"}
            except Refusal as refusal:
                pairs = [("type", refusal.kind), *head[1:], ("error-message", refusal.message),
                         ("error-code", refusal.code)]
                verdict = {"outcome": "refused", "stage": "flow", "message": refusal.message}
        self.sandbox.callbacks.send_finished(finished)
        if req.json:
            return V4Reply(200, json.dumps(dict(pairs)), JSON_REPLIES, verdict)
        return V4Reply(200, wire.encode_response(pairs), FORM, verdict)

    def _check(self, spec: V4Command, req: V4Request, values: dict, account) -> None:
        target = req.target_id.strip(JAVA_TRIM)
        if req.kind == "group" and "group" not in spec.targets:
            raise Refusal("3", f"{spec.name} takes an end point id only ({spec.route}/ENDPOINTID), not /group/{target}")
        if req.kind == "group" and target != account.groupid:
            raise Refusal("3", f"End point group with id {target} not found for {account.login}")
        if req.kind != "group" and target != account.endpointid:
            raise Refusal("3", f"End point with id {target} not found for {account.login}")
        if spec.transaction == "sale":
            sent = [name for name in HIDDEN_CARD if values.get(name)]
            if sent:
                raise Refusal("1", f"{', '.join(sent)} must not be sent with hosted_fields_token: the token stands "
                                   "for the card the payer typed into the hosted fields.")
        problems = spec.validate(values)
        if problems:
            raise Refusal("1", " ".join(m for msgs in problems.values() for m in msgs))
        if "login" in values and values["login"] != account.login:
            raise Refusal("1", f"Login {values['login']} is not the oauth_consumer_key {account.login}")
        currency, demo = values.get("currency"), self.sandbox.demo
        accepted = demo.group_currencies if req.kind == "group" else (demo.currency,)
        if currency and currency not in accepted:
            raise Refusal("16", f"Project with currency {accepted[0]} does not apply request with currency {currency}")

    def _act(self, transaction: str, call: Call) -> list[tuple[str, str]]:
        if transaction == "status":
            return self.actions.act(call)
        if transaction == "payout-pay":
            return self._payout_pay(call)
        values, db = call.values, call.db
        if transaction == "sale":
            card = self.tokens.spend(db, values["hosted_fields_token"], call.account.id)
            threeds = card.pop("threeds")
            order_id, _token = self._new(call, TransactionKind.SALE, card, paid=True, threeds=threeds)
        elif transaction == "payout":
            card = self._card(values.get("credit_card_number", ""), values)
            order_id, _token = self._new(call, TransactionKind.PAYOUT, card, paid=False)  # payout-pay confirms it
        elif transaction == "transfer":
            card = self._card(values.get("destination-card-no", ""), values, db, values.get("destination-card-ref-id"),
                              call.account)
            order_id, _token = self._new(call, TransactionKind.TRANSFER, card, paid=True)
        elif transaction == "transfer-form":
            card = self._card(values.get("destination-card-no", ""), values)
            order_id, token = self._new(call, TransactionKind.TRANSFER, card, paid=False)
            return [("paynet-order-id", str(order_id + ORDER_OFFSET)), ("redirect-url", f"{call.base}/form/{token}")]
        else:
            raise Refusal("1", f"{call.spec.name} is not played by the built-in sandbox", kind="error")
        return [("paynet-order-id", str(order_id + ORDER_OFFSET)), ("end-point-id", call.account.endpointid)]

    @staticmethod
    def _card(number: str, values: dict, db=None, ref: str | None = None, account=None) -> dict:
        """What a receipt shows of the card money goes to: never the whole number."""
        if ref and not number:
            found = db.card_ref(row_id(ref))
            if found is None or found.account != account.id:
                raise Refusal("1", f"Card reference {ref} not found")
            return {k: getattr(found, k) for k in ("bin", "last4", "holder", "exp_month", "exp_year")}
        return {"bin": number[:6], "last4": number[-4:], "holder": values.get("card_printed_name", ""),
                "exp_month": values.get("expire_month", ""), "exp_year": values.get("expire_year", "")}

    @staticmethod
    def _new(call: Call, kind: str, card: dict, paid: bool, threeds: int = ThreeDS.NONE) -> tuple[int, str]:
        values, amount, token = call.values, call.values.get("amount", ""), link_token()
        order_id = call.db.add_order(
            client_orderid=values.get("client_orderid") or values.get("client-order-id", ""),
            command=f"v4/{call.spec.name}", kind=kind, amount=amount, currency=values.get("currency", ""),
            form_token=token, redirect_url=values.get("redirect_url", ""),
            callback_url=values.get("server_callback_url", ""), notify_url="", paid=paid, threeds=threeds,
            account=call.account.id, **card)
        call.db.add_transaction(order_id, kind, amount, final_status(amount))
        return order_id, token

    def _payout_pay(self, call: Call) -> list[tuple[str, str]]:
        db = call.db
        order = self.actions.named(db, call.values, call.account)
        if order.kind != TransactionKind.PAYOUT:
            raise Refusal("1", f"Order {order.paynet_order_id} is a {order.kind}, not a payout: payout-pay confirms "
                               "a payout")
        if order.paid:
            raise Refusal("1", f"Payout {order.paynet_order_id} is already confirmed: poll status for its result")
        txn = db.transactions(order.id)[0]
        db.complete_payment(order.id, txn.id, order.amount, final_status(order.amount))
        return [("paynet-order-id", str(order.paynet_order_id))]

    def _inspect(self, account, req: V4Request, reply: V4Reply) -> None:
        """A sandbox account's v4 requests join its inspector, card data and its key masked, each explained by the
        v4 debugger with the account's public key (in every language: read later by people of either)."""
        if account is None or not account.id:
            return
        secrets = (account.merchant_control,)
        fields = wire.parse_pairs(reply.text) if reply.content_type == FORM else {}
        if reply.content_type == JSON_REPLIES:
            fields = json.loads(reply.text)
        verdict = {"outcome": "refused", "stage": None, "message": "", "diagnosis": [], "lint": []} | reply.verdict
        path = f"{PREFIX}/{req.command}{'/group' if req.kind == 'group' else ''}/{req.target_id}"
        raw = (f"POST {path} HTTP/1.1\r\nAuthorization: {req.authorization or ''}\r\n"
               f"Content-Type: application/x-www-form-urlencoded\r\n\r\n{req.body.decode('utf-8', 'replace')}")
        limit = self.sandbox.accounts.limits.body
        entry = {"kind": "request", "method": "POST", "path": path, "command": f"v4 {req.command}",
                 "answer": {"http": reply.status, "type": fields.get("type"), "status": fields.get("status"),
                            "error_code": fields.get("error-code"), "error_message": fields.get("error-message")},
                 **self._explained(account, req, verdict, secrets),
                 "request": inspector.cut(mask_text(raw, secrets), limit),
                 "response": inspector.cut(mask_text(f"HTTP/1.1 {reply.status}\r\n\r\n{reply.text}", secrets), limit)}
        self.sandbox.accounts.record(account.id, entry)

    def _explained(self, account, req: V4Request, verdict: dict, secrets: tuple) -> dict:
        """The entry's verdict (English) and its verdicts in the other languages, each with the v4 debugger's
        diagnosis and lint; the sandbox's verdict alone when there is nothing to prove with (no public key) or the
        request is too big to explain."""
        pasted = V4Paste(source="http", url=req.url, authorization=req.authorization or "",
                         body=req.body.decode("utf-8", "replace"), pairs=body_pairs(req.body))
        if (not account.public_key or len(req.body) > inspector.MAX_DIAGNOSED
                or len(pasted.pairs) > inspector.MAX_PARAMETERS):
            return {"verdict": mask_all(verdict, secrets)}
        key = oauth.load_public_key(account.public_key)

        def explained() -> dict:
            found = v4_debugger.explain(pasted, key, self.specs, self.store.clock(),
                                        verdict.get("cause") == "nonce-reused")
            found = v4_debugger.masked(found, secrets)
            diagnosis = [] if found["verdict"] == "unreadable" else found["diagnosis"]  # the sandbox said why
            # Base strings cut to half a body each: with the two bodies, an entry stays within 4 x INSPECTOR_BODY_LIMIT
            # (its own base string and the client's, in two languages), as the store's budget counts it.
            limit = self.sandbox.accounts.limits.body // 2
            for d in diagnosis:
                if len(d.get("base_string", "")) > limit:
                    d |= {"base_string": inspector.cut(d["base_string"], limit), "segments": []}
            return mask_all(verdict | {"lint": found["lint"]}, secrets) | {
                "diagnosis": diagnosis, "base_string": inspector.cut(found["base_string"], limit)}

        with english():
            shown = {"verdict": explained()}
        verdicts = {}
        for lang in i18n.languages():
            with i18n.using(lang):
                verdicts[lang] = explained()
        return shown | {"verdicts": verdicts}
