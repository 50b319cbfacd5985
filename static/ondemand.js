// A callback on demand from the timeline: for a demo order, to this tab's own inbox (the demo account is shared, so
// nowhere else); for an order of this browser's sandbox account, to the order's own callback URL with the account's
// token. Any status, type and amount; left empty, the order's own.
import { myAccounts } from "./accounts.js";
import { ownInbox } from "./inbox.js";
import { t } from "./i18n.js";

function el(tag, props = {}) {
  return Object.assign(document.createElement(tag), props);
}

async function send(orderid, picked) {
  const post = (path, body, headers = {}) => fetch(path, { method: "POST",
    headers: { "Content-Type": "application/json", ...headers }, body: JSON.stringify(body) });
  const id = encodeURIComponent(orderid);
  const { token } = await ownInbox();
  let resp = await post(`/api/sandbox/demo/orders/${id}/callbacks`, { ...picked, inbox: token });
  // Not a demo order: one of this browser's accounts may own it.
  for (const account of resp.status === 404 ? myAccounts().filter((a) => a.token) : []) {
    const theirs = await post(`/api/sandbox/accounts/${account.id}/orders/${id}/callbacks`, picked,
      { Authorization: `Bearer ${account.token}` });
    if (theirs.status !== 404) { resp = theirs; break; }
  }
  return [resp, await resp.json()];
}

/** A "callback…" disclosure on an order's lifecycle line; `deliveries()` redraws the line's deliveries and counts
 * them: after a send it is asked again until the new one shows (a few seconds at most: an account's callback goes to
 * its own server, not to this tab's inbox, and never shows there). */
export function onDemand(li, orderid, deliveries) {
  const box = el("details", { className: "later on-demand" });
  const status = el("select", { ariaLabel: t("status") });
  for (const s of ["", "approved", "declined", "filtered", "error", "processing"]) status.append(el("option", { value: s, textContent: s || t("its own status") }));
  const type = el("input", { type: "text", placeholder: t("type"), ariaLabel: t("type"), size: 8, spellcheck: false });
  const amount = el("input", { type: "text", placeholder: t("amount"), ariaLabel: t("amount"), size: 8, inputMode: "decimal" });
  const go = el("button", { type: "button", className: "small", textContent: t("send the callback") });
  const said = el("span", { className: "help", role: "status" });
  go.addEventListener("click", async () => {
    const body = {};
    for (const [name, input] of [["status", status], ["type", type], ["amount", amount]]) {
      if (input.value.trim()) body[name] = input.value.trim();
    }
    const before = await deliveries();
    const [resp, data] = await send(orderid, body);
    said.textContent = resp.ok ? t("sent to %(url)s", { url: data.url }) : data.error.message;
    for (let i = 0; resp.ok && i < 20 && await deliveries() <= before; i++) {
      await new Promise((done) => { setTimeout(done, 250); });
    }
  });
  box.append(el("summary", { textContent: t("callback…") }), status, type, amount, go, said);
  li.append(" ", box);
}
