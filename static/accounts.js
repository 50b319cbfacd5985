// The accounts the builder fills in: the demo account, and this browser's sandbox accounts (created on
// /inspector, kept in local storage). An account's login goes with every follow-up on its end point or group.
import { ownInbox } from "./inbox.js";

// What this browser keeps of each account it created (newest first, at most MAX): id, login, end point, group,
// base URL, callback hosts, the token and the key's fingerprint; the key (and the snippets, which hold it) only
// when "remember the key on this browser" is ticked. The first one is the inspector's current account.
const LIST = "pne.sandbox-accounts";
const OLD = "pne.sandbox-account";  // the single record kept before the list
const MAX = 10;

function write(list) {
  try { localStorage.setItem(LIST, JSON.stringify(list)); } catch { /* storage full or off: not kept */ }
}

function read(name) {
  try { return JSON.parse(localStorage.getItem(name)); } catch { return null; }
}

function stripped(a) {
  const { merchant_control: key, snippets, ...rest } = a;
  return a.remember ? { ...rest, version: 2, merchant_control: key, snippets } : { ...rest, version: 2, remember: false };
}

export function myAccounts() {
  let list = Array.isArray(read(LIST)) ? read(LIST) : [];
  const old = read(OLD);
  if (old && old.token) {  // kept everything: it keeps its key, ticked, so nobody loses a key unasked
    const moved = old.version === 2 ? old : { ...old, version: 2, remember: Boolean(old.merchant_control) };
    list = [moved, ...list.filter((a) => a.id !== moved.id)].slice(0, MAX);
    write(list);
    localStorage.removeItem(OLD);
  }
  return list.filter((a) => a && typeof a.login === "string" && typeof a.endpointid === "string" && a.token);
}

export function myAccount(id) {
  const list = myAccounts();
  return (id && list.find((a) => a.id === id)) || list[0] || null;
}

/** Keep `account` (as the rule above allows) as the current one. */
export function keepAccount(account) {
  write([stripped(account), ...myAccounts().filter((a) => a.id !== account.id)].slice(0, MAX));
}

export function dropAccount(id) {
  write(myAccounts().filter((a) => a.id !== id));
}

/** Fill a <select> with the accounts, shown only when there is a choice; `current` selected. */
export function fillChooser(select, current) {
  const list = myAccounts();
  select.hidden = list.length < 2;
  select.replaceChildren(...list.map((a) => Object.assign(document.createElement("option"),
    { value: a.id, textContent: `${a.login} (${a.endpointid})`, selected: a.id === current })));
}

/** The login of this browser's sandbox account when `targetId` is its end point or group, else null. */
export function accountLogin(targetId) {
  const a = targetId && myAccounts().find((x) => x.endpointid === targetId || x.groupid === targetId);
  return a ? a.login : null;
}

/**
 * Fill `form` with `account`'s values. On a click (`reset`) every field is set to the account's value or its
 * example, so a broken value goes, and the generated id is new each time; what a flow action carried over
 * (`carried`: an order id, a card reference, the order's client_orderid) stays. On a restore only empty fields
 * are filled. A callback URL field gets the tab's own inbox.
 */
export async function fillAccount(form, account, { reset, carried, generateId }) {
  form.querySelectorAll("[data-param]").forEach((el) => {
    if (carried.has(el.name) && el.value) return;
    if (reset || !el.value) el.value = account[el.name] ?? el.dataset.example ?? "";
  });
  const gen = form.querySelector("[data-generate]");
  const id = gen && document.getElementById(gen.dataset.generate);
  if (id && !(carried.has(id.name) && id.value) && (reset || !id.value || id.value === id.dataset.example)) {
    id.value = generateId();
  }
  for (const name of ["server_callback_url", "notify_url"]) {
    const callback = form.querySelector(`[data-param][name=${name}]`);
    if (callback && (reset || !callback.value) && !carried.has(name)) {
      try { callback.value = (await ownInbox()).url; } catch { /* rate-limited: left empty */ }
    }
  }
}
