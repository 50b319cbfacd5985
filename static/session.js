// One session per tab (sessionStorage): the environment, target, login, demo choice and last order carry
// over to the next builder; each builder's fields survive reload and Back. Never the key (that is
// "remember for this tab", builder.js) and never card data.
import { rememberLastSession } from "./history.js";

const SESSION = "pne.session";
const FORM = "pne.form.";
const LIMIT = 4000;  // characters per stored value: a bound on what a tab keeps

function read(name) {
  try { return JSON.parse(sessionStorage.getItem(name) || "null"); } catch { return null; }
}

function write(name, value) {
  try { sessionStorage.setItem(name, JSON.stringify(value)); } catch { /* storage full or off: not kept */ }
}

export function session() {
  return read(SESSION) || {};
}

export function updateSession(changes) {
  const next = { ...session(), ...changes };
  write(SESSION, next);
  rememberLastSession(next);  // what a new tab offers to continue
}

/** The fields worth keeping: every parameter but card data, cut to LIMIT characters. */
export function saveForm(command, form, extra) {
  const values = {};
  form.querySelectorAll("[data-param]").forEach((el) => {
    if (!("card" in el.dataset) && el.value) values[el.name] = el.value.slice(0, LIMIT);
  });
  write(FORM + command, { values, ...extra });
}

export function savedForm(command) {
  return read(FORM + command);
}
