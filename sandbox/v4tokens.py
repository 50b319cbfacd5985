"""The v4 hosted fields, emulated: an ephemeral ticket (a signed tokenize/create-ephemeral-ticket), the SDK's
tokenize call that trades it with the card the payer typed for a hosted-fields token (unsigned JSON, test cards
only), and the sale that spends the token. Each is single-use and lives 15 minutes; a token keeps the card's first
six and last four, never the number or the CVV2. Bounded: past their life they are purged, and at most MAX_TOKENS."""

import re

from sqlalchemy import delete, insert, select, update

from sandbox.actions import link_token
from sandbox.rules import TEST_CARDS, THREEDS_CARD, Refusal
from store import tables as t
from store.records import ThreeDS

TTL = 15 * 60
MAX_TOKENS = 100_000
HIDDEN_CARD = ("credit_card_number", "expire_month", "expire_year", "cvv2")  # the token stands for these
_MONTH, _YEAR, _CVV = re.compile(r"(0?[1-9]|1[0-2])"), re.compile(r"[0-9]{4}"), re.compile(r"[0-9]{3,4}")


class Invalid(ValueError):
    """A tokenize call refused: the message names the field and the rule (never the card number)."""


class Tokens:
    def __init__(self, store):
        self.store = store

    def issue(self, db, kind: str, account_id: str, card: dict | None = None) -> str:
        """A new ticket or token of `account_id` ("" for the demo account), in the transaction `db`."""
        now, c = self.store.clock(), t.v4_tokens.c
        token = ("eph_" if kind == "ticket" else "hft_") + link_token()
        db.db.execute(delete(t.v4_tokens).where(c.created <= now - TTL))
        new = db.db.execute(insert(t.v4_tokens).values(token=token, kind=kind, account=account_id, created=now,
                                                        **(card or {})).returning(c.id)).scalar_one()
        db.db.execute(delete(t.v4_tokens).where(c.id <= new - MAX_TOKENS))
        return token

    def _take(self, db, token: str, kind: str, account: str | None = None):
        """The live, unused row of this token and kind, now used; None when unknown, used or expired."""
        c = t.v4_tokens.c
        if not (isinstance(token, str) and 0 < len(token) <= 100):
            return None
        row = db.row(db.locked(select(t.v4_tokens).where(c.token == token, c.kind == kind)))
        if row is None or row["created"] <= self.store.clock() - TTL or account not in (None, row["account"]):
            return None
        if row["used"]:
            return "used"
        db.db.execute(update(t.v4_tokens).where(c.id == row["id"]).values(used=1))
        return row

    def tokenize(self, data) -> str:
        """The SDK's call: {"ticket", "credit_card_number", "expire_month", "expire_year", "cvv2",
        "card_printed_name"?} -> a hosted-fields token, or Invalid."""
        if not isinstance(data, dict):
            raise Invalid("The body must be a JSON object: ticket, credit_card_number, expire_month, expire_year, "
                          "cvv2 and optionally card_printed_name.")
        text = {k: data.get(k) for k in ("ticket", *HIDDEN_CARD, "card_printed_name")}
        wrong = [k for k, v in text.items() if v is not None and not isinstance(v, str)]
        if wrong:
            raise Invalid(f"{', '.join(wrong)} must be strings.")
        number, month, year = text["credit_card_number"] or "", text["expire_month"] or "", text["expire_year"] or ""
        holder = text["card_printed_name"] or ""
        if number not in TEST_CARDS:
            raise Invalid(f"credit_card_number must be one of the sandbox's test cards ({', '.join(TEST_CARDS)}): "
                          "never a real card.")
        if not _MONTH.fullmatch(month):
            raise Invalid("expire_month must be 1 to 12.")
        if not _YEAR.fullmatch(year):
            raise Invalid("expire_year must be four digits.")
        if not _CVV.fullmatch(text["cvv2"] or ""):
            raise Invalid("cvv2 must be 3 or 4 digits.")
        if len(holder) > 128:
            raise Invalid("card_printed_name must be at most 128 characters.")
        with self.store.transaction() as db:
            ticket = self._take(db, text["ticket"] or "", "ticket")
            if ticket == "used":
                raise Invalid("ticket was already used: an ephemeral ticket is single-use; create another with "
                              "tokenize/create-ephemeral-ticket.")
            if ticket is None:
                raise Invalid("ticket is unknown or older than 15 minutes: create one with "
                              "tokenize/create-ephemeral-ticket.")
            card = {"bin": number[:6], "last4": number[-4:], "holder": holder, "exp_month": month, "exp_year": year,
                    "threeds": int(ThreeDS.PENDING if number == THREEDS_CARD else ThreeDS.NONE)}
            return self.issue(db, "hosted", ticket["account"], card)

    def spend(self, db, token: str, account_id: str) -> dict:
        """The card a hosted-fields token stands for, the token now used; Refusal for a used or unknown one."""
        row = self._take(db, token, "hosted", account_id)
        if row == "used":
            raise Refusal("1", "hosted_fields_token was already used: a token is single-use; the payer's card is "
                               "tokenized again with a new ephemeral ticket.")
        if row is None:
            raise Refusal("1", "hosted_fields_token is unknown or older than 15 minutes (or another merchant's): "
                               "tokenize the card with a ticket this merchant created.")
        return {k: row[k] for k in ("bin", "last4", "holder", "exp_month", "exp_year", "threeds")}
