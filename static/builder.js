// Live builder: the page signs on every input (static/recipe.js) and posts the fields, never the key,
// to /api/<command>/sign for messages, warnings and the body, aborting the stale request.
import { mountSave } from "./collection.js";
import { initExports } from "./exports.js";
import { keyFingerprint, showFingerprint } from "./fingerprint.js";
import { t } from "./i18n.js";
import { announceSigned, partItem, wirePanel } from "./panel.js";
import { javaTrim, sign } from "./recipe.js";
import { builderLink, mountShare } from "./share.js";
import { offerToContinue } from "./resume.js";
import { send, wireSteps } from "./steps.js";

const form = document.getElementById("builder");
const $ = (id) => document.getElementById(id);
const keyInput = $("f-merchant_control");
const envSelect = $("environment");
const KEY_STORE = "pne.merchant_control";
const RECIPE = JSON.parse(form.dataset.recipe);
let inflight = null;
let last = null;  // the server's last reply: body, url, curl, messages (all without the key)
let signed = null;  // the page's own signature of the current values
let showAll = false;
const touched = new Set();
// signs/lastSignInput/lastSign: the page's signature; updates/lastInput/lastRender: the server's reply.
window.__builder = { updates: 0, lastInput: 0, lastRender: 0, signs: 0, lastSignInput: 0, lastSign: 0 };

function collect() {
  const data = {};
  form.querySelectorAll("[data-param]").forEach((el) => { data[el.name] = el.value; });
  const kind = form.querySelector("input[name=target]:checked")?.value || "endpoint";
  data[kind === "group" ? "groupid" : "endpointid"] = $("f-target").value;
  data.environment = envSelect.value;
  if ($("reveal-card").checked) data.reveal = true;  // the server's body then holds the typed test card
  return data;
}

function targetOf(data) {
  return data.groupid !== undefined ? { targetKind: "group", target: data.groupid }
    : { targetKind: "endpoint", target: data.endpointid || "" };
}

function setMessages(name, errors, warnings) {
  const list = form.querySelector(`[data-messages-for="${CSS.escape(name)}"]`);
  if (!list) return false;
  list.replaceChildren();
  const input = document.getElementById(name === "target" ? "f-target" : `f-${name}`);
  if (input) {  // the messages list describes its input; errors mark it invalid for assistive technology
    list.id = `m-${name}`;
    input.setAttribute("aria-describedby", list.id);
    if (errors.length) input.setAttribute("aria-invalid", "true"); else input.removeAttribute("aria-invalid");
  }
  for (const [cls, text] of [...errors.map((e) => ["error", e]), ...warnings.map((w) => ["warning", w])]) {
    const li = document.createElement("li");
    li.className = cls;
    li.textContent = text;
    list.append(li);
  }
  return true;
}

// Masked like the server masks it; the reveal toggle shows the key, from the key input only.
function masked(part) {
  return part.key && part.value && !$("reveal-key").checked;
}

function renderTrace() {
  if (!signed) return;
  $("parts").replaceChildren(...signed.parts.map((p) => partItem(p.name, p.value, masked(p))));
  $("string-to-sign").textContent = signed.parts.map((p) => (masked(p) ? "***" : p.value)).join("");
}

// The server's body and curl never hold control (it has no key): the page appends its own.
function withControl(body) {
  if (!signed?.signature) return body || "";
  return `${body ? `${body}&` : ""}control=${signed.signature}`;
}

function curlWithControl(curl) {
  if (!curl || !signed?.signature) return curl || "";
  return `${curl} \\\n  --data-urlencode control=${signed.signature}`;
}

function signatureText() {
  if (!signed.signature && Object.keys(signed.problems).length) {
    const problems = Object.entries(signed.problems).map(([n, p]) => t("%(name)s %(problem)s", { name: n, problem: p }));
    return t("— not sendable: %(problems)s", { problems: problems.join("; ") });
  }
  if (!signed.signature && !javaTrim(keyInput.value)) return t("— type the key (merchant_control) to sign");
  return signed.signature || "—";
}

// The server's whitespace warning cannot name the untrimmed control (it has no key): the page adds it.
function untrimmedNote() {
  const other = signed.untrimmed;
  return other && signed.signature && other !== signed.signature
    ? " " + t("Signed untrimmed, the control would be %(untrimmed)s instead of %(signature)s.",
      { untrimmed: other, signature: signed.signature }) : "";
}

// Warnings that name a control the server could not compute without the key: the page computes it.
function withPageControl(w) {
  if (w.code === "whitespace") return w.message + untrimmedNote();
  if (w.code !== "currency-exponent" || !w.iso_minor || !signed.signature) return w.message;
  const data = collect();
  const other = sign(RECIPE, data, { ...targetOf(data), key: keyInput.value, minor: () => w.iso_minor }).signature;
  // Beside the ISO amount in the server's English; after the message in a translation.
  const english = `it would be ${w.iso_minor}.`;
  if (w.message.includes(english)) return w.message.replace(english, `it would be ${w.iso_minor} (control ${other}).`);
  return w.message + " " + t("By the ISO exponent, the control would be %(control)s.", { control: other });
}

function keyMessages() {
  const key = keyInput.value;
  const errors = (showAll || touched.has("merchant_control")) && !javaTrim(key)
    ? [t("merchant_control (the control key) is needed to sign.")] : [];
  const warnings = javaTrim(key) && key !== javaTrim(key)
    ? [t("%(name)s has leading or trailing whitespace; the gateway trims it before checking control, and so does "
      + "this tool.", { name: "merchant_control" }) + untrimmedNote()] : [];
  setMessages("merchant_control", errors, warnings);
}

/** Field errors the server reported, and the key's own, as [name, ...] in page order. */
function invalidFields() {
  // The server never sees the key, so its merchant_control error is not the page's: the page judges the key.
  const names = last ? Object.keys(last.errors).filter((n) => n !== "merchant_control") : [];
  if (!javaTrim(keyInput.value)) names.push("merchant_control");
  const order = [...form.querySelectorAll("[data-messages-for]")].map((el) => el.dataset.messagesFor);
  return order.filter((n) => names.includes(n));
}

// A half-valid form still shows the page's signature: the panel says it cannot be sent as it is.
function renderSendable() {
  const bad = invalidFields().length;
  const needs = bad === 1 ? t("Not sendable: 1 field needs attention.")
    : t("Not sendable: %(count)s fields need attention.", { count: bad });
  $("sendable").textContent = bad && (showAll || signed?.signature) ? needs : "";
  $("bar-signature").textContent = signed?.signature || t("not sendable yet");
}

function renderMessages() {
  renderSendable();
  if (!last) return;
  const names = new Set([...form.querySelectorAll("[data-messages-for]")].map((el) => el.dataset.messagesFor));
  names.delete("merchant_control");  // the server never sees the key: the page judges it (keyMessages)
  for (const name of names) {
    const warnings = last.warnings.filter((w) => w.field === name).map(withPageControl);
    // Errors wait until a field was touched (or Sign pressed): a fresh page is not all red.
    setMessages(name, showAll || touched.has(name) ? last.errors[name] || [] : [], warnings);
  }
}

/** Sign in the page, synchronously: the signature is in the DOM in the keystroke's own frame. */
function signNow(event) {
  const data = collect();
  signed = sign(RECIPE, data, { ...targetOf(data), key: keyInput.value });
  signed.untrimmed = sign(RECIPE, data, { ...targetOf(data), key: keyInput.value, trim: false }).signature;
  renderTrace();
  $("signature").textContent = signatureText();
  $("body").textContent = withControl(last?.body);
  keyMessages();
  showFingerprint($("key-fingerprint"), keyInput.value);  // every way the key changes (typed, an account) signs
  renderSendable();
  if (event) announceSigned(signed.signature);  // typed, not restored on load
  const b = window.__builder;
  Object.assign(b, { signs: b.signs + 1, lastSignInput: event?.timeStamp ?? performance.now(),
    lastSign: performance.now(), signature: signed.signature });
}

function render(data) {
  last = data;
  $("path").textContent = data.path;
  $("url").textContent = data.url || data.path;
  $("body").textContent = withControl(data.body);
  $("masked-note").hidden = !(data.masked && data.masked.length);
  renderMessages();
}

function update(event) {
  signNow(event);
  validate(event);
  exportsPanel.refresh();
}

async function validate(event) {
  if (inflight) inflight.abort();
  const controller = new AbortController();
  inflight = controller;
  const started = event?.timeStamp ?? performance.now();
  try {
    const resp = await fetch(form.dataset.api, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(collect()),
      signal: controller.signal,
    });
    const data = await resp.json();
    if (controller !== inflight) return;
    if (!resp.ok) { setMessages("target", [data.error?.message || `HTTP ${resp.status}`], []); return; }
    render(data);
    Object.assign(window.__builder, { updates: window.__builder.updates + 1, lastInput: started,
      lastRender: performance.now() });
  } catch (err) {
    if (err.name !== "AbortError") setMessages("target", [t("Could not reach the server: %(error)s", { error: err.message })], []);
  }
}

function generateId() {
  const bytes = crypto.getRandomValues(new Uint8Array(4));
  return [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("").toUpperCase();
}

function copy(what, button) {
  const text = what === "signature" ? (signed?.signature || "") : what === "curl" ? curlWithControl(last?.curl)
    : what === "string" ? $("string-to-sign").textContent : withControl(last?.body);
  copyText(text, button);
}

async function copyText(text, button) {
  let done;
  try {
    await navigator.clipboard.writeText(text);
    done = t("Copied");
  } catch {
    const area = Object.assign(document.createElement("textarea"), { value: text });
    document.body.append(area);
    area.select();
    done = document.execCommand("copy") ? t("Copied") : t("Copy failed");
    area.remove();
  }
  button.textContent = done;
  $("copy-status").textContent = `${done}: ${button.getAttribute("aria-label") || button.dataset.label}`;
  setTimeout(() => { button.textContent = button.dataset.label; }, 1200);
}

// Card inputs are password inputs until "reveal card data"; the body and curl then carry the typed values.
function revealCards() {
  const on = $("reveal-card").checked;
  form.querySelectorAll("[data-card]").forEach((el) => { el.type = on ? "text" : "password"; });
  update();
}

function rememberKey() {
  if ($("remember-key").checked) sessionStorage.setItem(KEY_STORE, keyInput.value);
  else sessionStorage.removeItem(KEY_STORE);
}

form.addEventListener("input", (e) => {
  if (e.target.id === "remember-key" || e.target.id === "optional-filter") return;
  touched.add(e.target.name === "target_id" ? "target" : e.target.name);
  if (e.target === keyInput) {  // the server's answer does not depend on the key: no call, only the page's notes
    signNow(e);
    renderMessages();
    rememberKey();
    exportsPanel.refresh();
    return;
  }
  update(e);
});
// Enter in a field sends (implicit submission would press Sign, the no-JavaScript fallback, which here
// only shows every message).
form.addEventListener("submit", (e) => {
  e.preventDefault();
  if (e.submitter?.id === "sign-button") { showAll = true; update(); } else send();
});
form.addEventListener("keydown", (e) => {
  if (e.key !== "Enter" || e.ctrlKey || e.metaKey || e.target.tagName !== "INPUT") return;
  if (["checkbox", "radio", "search"].includes(e.target.type)) return;
  e.preventDefault();
  send();
});
form.addEventListener("change", (e) => { if (e.target.name === "target") { $("f-target").placeholder = e.target.value === "group" ? "ENDPOINTGROUPID" : "ENDPOINTID"; update(e); } });
$("remember-key").addEventListener("change", rememberKey);
$("reveal-key").addEventListener("change", renderTrace);
$("reveal-card").addEventListener("change", revealCards);
document.querySelectorAll("[data-generate]").forEach((b) => b.addEventListener("click", () => {
  $(b.dataset.generate).value = generateId();
  update();
}));
document.querySelectorAll("[data-copy]").forEach((b) => {
  b.dataset.label = b.textContent;
  b.addEventListener("click", () => copy(b.dataset.copy, b));
});
const saved = sessionStorage.getItem(KEY_STORE);
if (saved !== null) { keyInput.value = saved; $("remember-key").checked = true; }

offerToContinue();  // before the page writes this tab's session: a new tab has none
const exportsPanel = initExports($("exports"), { collect, control: () => signed?.signature || "",
  fingerprint: () => keyFingerprint(keyInput.value) });
mountSave(form, collect);
mountShare($("exports"), () => builderLink(collect()));
wirePanel();
wireSteps({ collect, update, signNow, validate, invalidFields, targetOf, generateId, copyText,
  signed: () => signed, showAll: () => { showAll = true; } });
update();
