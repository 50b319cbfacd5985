// Flow actions: which follow-up commands a response allows, and the values carried over to them.
// The 3-D Secure upload tables call the merchant's order id client-order-id.
import { t } from "./i18n.js";

const CARRIED = [["paynet-order-id", "orderid"], ["merchant-order-id", "client_orderid"],
  ["merchant-order-id", "client-order-id"], ["card-ref-id", "cardrefid"]];

/**
 * The follow-up steps (name, title, params) that a successful response's fields can pre-fill, each with
 * `reason` set when the order's state does not allow it yet (the step's declared needs_status).
 */
export function usableSteps(steps, fields) {
  const ok = fields.type && !["validation-error", "error"].includes(fields.type)
    && !["declined", "filtered", "error"].includes(fields.status);
  const carried = CARRIED.filter(([k]) => fields[k]).map(([, v]) => v);
  if (!ok) return [];
  return steps.filter((s) => carried.some((name) => s.params.includes(name))).map((s) => ({ ...s,
    reason: stateReason(s, fields.status || "") }));
}

function stateReason(step, status) {
  const needs = step.needs_status || [];
  if (!needs.length || needs.includes(status)) return "";
  const values = { needs: needs.join(` ${t("or")} `), status };
  return status ? t("needs %(needs)s, is %(status)s", values) : t("needs %(needs)s; check status", values);
}

/** The values a step's page starts with: the environment, the target, the order's ids, login, currency. */
export function nextValues(step, fields, page, login) {
  const values = { environment: page.environment };
  if (page.groupid !== undefined) values.groupid = page.groupid; else values.endpointid = page.endpointid;
  for (const [from, to] of CARRIED) {
    // A fresh order (a rebill) gets a new client_orderid; an order-based step keeps the order's ids.
    if (fields[from] && step.params.includes(to) && !(to === "client_orderid" && !step.params.includes("orderid"))) {
      values[to] = fields[from];
    }
  }
  if (login && step.params.includes("login")) values.login = login;
  for (const name of ["currency"]) if (page[name] && step.params.includes(name)) values[name] = page[name];
  return values;
}

/** The next steps as one row of buttons; those the order's state does not allow yet folded under "later",
 * each disabled with its reason in a few words (what to do first). */
export function stepButtons(usable, open) {
  const button = (step) => {
    const b = Object.assign(document.createElement("button"), { type: "button", className: "small next-step",
      textContent: step.title });
    b.dataset.command = step.name;
    b.addEventListener("click", () => open(step));
    return b;
  };
  const now = usable.filter((step) => !step.reason).map(button);
  const waiting = usable.filter((step) => step.reason);
  if (!waiting.length) return now;
  const later = Object.assign(document.createElement("details"), { className: "later", id: "later-steps" });
  later.append(Object.assign(document.createElement("summary"),
    { textContent: t("later: %(count)s", { count: waiting.length }) }));
  const list = document.createElement("ul");
  for (const step of waiting) {
    const b = Object.assign(button(step), { disabled: true, title: step.reason });
    const item = document.createElement("li");
    item.append(b, Object.assign(document.createElement("span"), { className: "help", textContent: ` ${step.reason}` }));
    list.append(item);
  }
  later.append(list);
  return [...now, later];
}
