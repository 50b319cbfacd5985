// The accounts the builder fills in: the demo account, and this browser's sandbox account (created on /inspector,
// kept in local storage). Its login goes with every follow-up on its end point or group.
import { ownInbox } from "./inbox.js";

const KEY = "pne.sandbox-account";

export function myAccount() {
  try {
    const a = JSON.parse(localStorage.getItem(KEY));
    return a && typeof a.login === "string" && typeof a.endpointid === "string" ? a : null;
  } catch { return null; }
}

/** The login of this browser's sandbox account when `targetId` is its end point or group, else null. */
export function accountLogin(targetId) {
  const a = myAccount();
  return a && targetId && (a.endpointid === targetId || a.groupid === targetId) ? a.login : null;
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
