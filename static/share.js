// Secret-free permalinks: the state goes in the URL fragment (never sent to any server), without the key or
// card data. The builder's link holds command (the path), environment, target and fields; the debugger's
// holds the paste with merchant_control and card data taken out.
import { t } from "./i18n.js";

const VERSION = "1";
// Names whose values never go in a link: the key and card data (paynet/masking.py's SECRET_NAMES).
const SECRET = /^(merchant[_-]?control|control[_-]?key|credit[_-]?card[_-]?number|card[_-]?number|cvv2?|cvc)$/i;
// name=value pairs (bodies, URLs, curl --data), "name": "value" (JSON) and name: value (logs) of a secret name.
const PAIR = /(^|[&?\s"'{,])((?:merchant[_-]?control|control[_-]?key|credit[_-]?card[_-]?number|card[_-]?number|cvv2?|cvc))("?\s*[:=]\s*"?)([^&\s"',}]*)/gim;
const CARD_RUN = /(?<![0-9])[0-9]{13,19}(?![0-9])/g;

function luhn(digits) {
  let sum = 0;
  for (let i = 0; i < digits.length; i += 1) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2) { d *= 2; if (d > 9) d -= 9; }
    sum += d;
  }
  return sum % 10 === 0;
}

/** A paste with the key's and card data's values emptied and any other card number masked (first 6, last 4). */
export function scrubPaste(text) {
  return text.replace(PAIR, (all, lead, name, sep) => `${lead}${name}${sep}`)
    .replace(CARD_RUN, (run) => (luhn(run) ? `${run.slice(0, 6)}${"*".repeat(run.length - 10)}${run.slice(-4)}` : run));
}

// A private inbox's URL (this tool's, or any tool's): a link carries this placeholder instead, and the recipient's
// own inbox fills it, so nobody's sends deliver into the sharer's inbox.
const INBOX_URL = /^https?:\/\/[^/?#]+\/callbacks\/inbox\/[A-Za-z0-9_-]+\/?$/;
export const MY_INBOX = "{my-inbox}";

/** The builder's state as a link: fields without the key and card data; inbox URLs as MY_INBOX. */
export function builderLink(values) {
  const params = new URLSearchParams({ v: VERSION });
  for (const [name, value] of Object.entries(values)) {
    if (!SECRET.test(name) && value !== "") params.append(name, INBOX_URL.test(value.trim()) ? MY_INBOX : value);
  }
  return `${location.origin}${location.pathname}#${params}`;
}

/** Put the recipient's own inbox where a link held MY_INBOX, and say so next to each field. */
export async function fillMyInbox(form, ownInbox) {
  const fields = [...form.querySelectorAll("[data-param]")].filter((el) => el.value === MY_INBOX);
  if (!fields.length) return;
  let url = "";
  try { url = (await ownInbox()).url; } catch { /* rate-limited: left empty, the note says what to do */ }
  for (const el of fields) {
    el.value = url;
    const note = Object.assign(document.createElement("p"), { className: "help share-inbox-note",
      textContent: url ? t("Your own inbox: the link held the sharer's, which links leave out.")
        : t("The link held the sharer's inbox, which links leave out: press \"use my inbox\".") });
    el.parentNode.append(note);
  }
}

/** The state a link carries ({} when none), secrets dropped even from a hand-made link. */
export function linkState() {
  const params = new URLSearchParams(location.hash.slice(1));
  if (params.get("v") !== VERSION) return null;
  params.delete("v");
  return Object.fromEntries([...params].filter(([name]) => !SECRET.test(name)));
}

export function debuggerLink(fields) {
  const params = new URLSearchParams({ v: VERSION });
  for (const [name, value] of Object.entries(fields)) {
    if (value) params.append(name, name === "raw" ? scrubPaste(value) : value);
  }
  return `${location.origin}${location.pathname}#${params}`;
}

/** A Share button and the link it made, in `box`; `state()` gives the values to share. */
export function mountShare(box, makeLink) {
  if (!box) return;
  const button = Object.assign(document.createElement("button"), { type: "button", className: "small",
    id: "share", textContent: t("Share link") });
  const out = Object.assign(document.createElement("input"), { type: "text", readOnly: true, id: "share-link",
    hidden: true });
  const note = Object.assign(document.createElement("p"), { className: "help", id: "share-note", hidden: true,
    textContent: t("The link holds the state after #, which browsers never send to a server; the key and card "
      + "data are left out.") });
  button.addEventListener("click", async () => {
    out.value = makeLink();
    out.hidden = false;
    note.hidden = false;
    history.replaceState(null, "", out.value);
    try { await navigator.clipboard.writeText(out.value); button.textContent = t("Link copied"); } catch {
      out.select();
    }
  });
  box.append(button, out, note);
}
