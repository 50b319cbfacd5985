// Saved requests: a named collection in this browser's local storage (never the key, never card data), written
// to and read from a JSON file in a versioned format that is checked on import with a message naming the problem.
import { t } from "./i18n.js";

const STORE = "pne.collection";
export const FORMAT = "pne-collection";
export const VERSION = 1;
const MAX_REQUESTS = 100;
const MAX_NAME = 100;
const MAX_VALUE = 4000;

export function savedRequests() {
  try {
    const found = JSON.parse(localStorage.getItem(STORE) || "[]");
    return Array.isArray(found) ? found : [];
  } catch { return []; }
}

function store(requests) {
  localStorage.setItem(STORE, JSON.stringify(requests.slice(0, MAX_REQUESTS)));
}

/** Save (or replace) a request by name; `values` as the builder collects them, without key and card data. */
export function saveRequest(name, command, values) {
  const clean = Object.fromEntries(Object.entries(values)
    .filter(([k, v]) => typeof v === "string" && v !== "" && k !== "merchant_control")
    .map(([k, v]) => [k, v.slice(0, MAX_VALUE)]));
  const request = { name: name.trim().slice(0, MAX_NAME), command, values: clean, saved: new Date().toISOString() };
  store([request, ...savedRequests().filter((r) => r.name !== request.name)]);
  return request;
}

export function removeRequest(name) {
  store(savedRequests().filter((r) => r.name !== name));
}

export function collectionFile() {
  return { format: FORMAT, version: VERSION, requests: savedRequests() };
}

function problem(request, commands) {
  if (!request || typeof request !== "object" || Array.isArray(request)) return t("not an object");
  const { name, command, values } = request;
  if (typeof name !== "string" || !name.trim() || name.length > MAX_NAME) {
    return t("name must be text of 1 to %(max)s characters", { max: MAX_NAME });
  }
  if (!commands.includes(command)) return t("command %(command)s is not a command of this tool", { command: String(command) });
  if (!values || typeof values !== "object" || Array.isArray(values)
      || !Object.values(values).every((v) => typeof v === "string" && v.length <= MAX_VALUE)) {
    return t("values must be an object of texts, each at most %(max)s characters", { max: MAX_VALUE });
  }
  return "";
}

/** Read a collection file's text; returns the number of requests added, or throws an Error saying what is wrong. */
export function importCollection(text, commands) {
  let doc;
  try { doc = JSON.parse(text); } catch (err) { throw new Error(t("The file is not JSON: %(error)s", { error: err.message })); }
  if (!doc || doc.format !== FORMAT) throw new Error(t('Not a collection of this tool: "format" must be "%(format)s".', { format: FORMAT }));
  if (doc.version !== VERSION) {
    throw new Error(t("Version %(version)s is not one this tool reads (it reads version %(ours)s).",
      { version: String(doc.version), ours: VERSION }));
  }
  if (!Array.isArray(doc.requests) || doc.requests.length > MAX_REQUESTS) {
    throw new Error(t('"requests" must be a list of at most %(max)s requests.', { max: MAX_REQUESTS }));
  }
  doc.requests.forEach((request, i) => {
    const why = problem(request, commands);
    if (why) throw new Error(t("Request %(n)s: %(problem)s.", { n: i + 1, problem: why }));
  });
  for (const r of [...doc.requests].reverse()) saveRequest(r.name, r.command, r.values);
  return doc.requests.length;
}

/** The builder's "Save to collection": the page's values by a name; card fields and the key are left out. */
export function mountSave(form, collect) {
  const button = document.getElementById("save-request");
  if (!button) return;
  button.addEventListener("click", () => {
    const name = document.getElementById("request-name");
    const status = document.getElementById("save-status");
    if (!name.value.trim()) { status.textContent = t("Give the request a name."); name.focus(); return; }
    const values = collect();
    delete values.reveal;
    form.querySelectorAll("[data-card]").forEach((el) => delete values[el.name]);
    const saved = saveRequest(name.value, form.dataset.command, values);
    status.textContent = t("Saved as %(name)s: open it from the commands page.", { name: saved.name });
  });
}
