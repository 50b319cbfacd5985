// Live builder: the page signs on every input (static/recipe.js) and posts the fields, never the key,
// to /api/<command>/sign for messages, warnings and the body, aborting the stale request.
import { refusal, renderExchange } from "./exchange.js";
import { nextValues, usableSteps } from "./flow.js";
import { ownInbox } from "./inbox.js";
import { partItem, unfoldOptional, wirePanel, wireShortcuts } from "./panel.js";
import { javaTrim, sign } from "./recipe.js";
import { savedForm, saveForm, session, updateSession } from "./session.js";
import { history, record, renderTimeline, wireTimeline } from "./timeline.js";

const form = document.getElementById("builder");
const $ = (id) => document.getElementById(id);
const keyInput = $("f-merchant_control");
const envSelect = $("environment");
const KEY_STORE = "pne.merchant_control";
const RECIPE = JSON.parse(form.dataset.recipe);
const STATUS_RECIPE = JSON.parse(form.dataset.statusRecipe || "[]");
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
    return `— not sendable: ${Object.entries(signed.problems).map(([n, p]) => `${n} ${p}`).join("; ")}`;
  }
  return signed.signature || "—";
}

// The server's whitespace warning cannot name the untrimmed control (it has no key): the page adds it.
function untrimmedNote() {
  const other = signed.untrimmed;
  return other && signed.signature && other !== signed.signature
    ? ` Signed untrimmed, the control would be ${other} instead of ${signed.signature}.` : "";
}

// Warnings that name a control the server could not compute without the key: the page computes it.
function withPageControl(w) {
  if (w.code === "whitespace") return w.message + untrimmedNote();
  if (w.code !== "currency-exponent" || !w.iso_minor || !signed.signature) return w.message;
  const data = collect();
  const other = sign(RECIPE, data, { ...targetOf(data), key: keyInput.value, minor: () => w.iso_minor }).signature;
  return w.message.replace(`it would be ${w.iso_minor}.`, `it would be ${w.iso_minor} (control ${other}).`);
}

function keyMessages() {
  const key = keyInput.value;
  const errors = (showAll || touched.has("merchant_control")) && !javaTrim(key)
    ? ["merchant_control (the control key) is needed to sign."] : [];
  const warnings = javaTrim(key) && key !== javaTrim(key)
    ? ["merchant_control has leading or trailing whitespace; the gateway trims it before checking control, "
      + `and so does this tool.${untrimmedNote()}`] : [];
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
  $("sendable").textContent = bad && (showAll || signed?.signature)
    ? `Not sendable: ${bad} field${bad === 1 ? " needs" : "s need"} attention.` : "";
  $("bar-signature").textContent = signed?.signature || "not sendable yet";
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
  renderSendable();
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
    if (err.name !== "AbortError") setMessages("target", [`Could not reach the server: ${err.message}`], []);
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
    done = "Copied";
  } catch {
    const area = Object.assign(document.createElement("textarea"), { value: text });
    document.body.append(area);
    area.select();
    done = document.execCommand("copy") ? "Copied" : "Copy failed";
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
    return;
  }
  update(e);
});
// Enter in a field sends; the Sign button (the no-JavaScript fallback) only shows every message.
form.addEventListener("submit", (e) => {
  e.preventDefault();
  if (e.submitter?.id === "sign-button") { showAll = true; update(); } else send();
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

// ---- Send, the demo account, the tab's session, and the follow-up status check ----
let demo = null;
let lastOrder = null;

async function demoAccount() {
  if (!demo) demo = (await (await fetch("/api/environments")).json()).demo;
  return demo;
}

function setTarget(kind, id) {
  const radio = form.querySelector(`input[name=target][value=${kind}]`);
  if (radio) radio.checked = true;
  $("f-target").value = id;
}

async function useDemo() {
  const account = await demoAccount();
  envSelect.value = "local";
  onEnvironment();
  setTarget("endpoint", account.endpointid);
  keyInput.value = account.merchant_control;  // the docs' public example key, not a secret
  updateSession({ demo: true });
  // Only empty fields: what a flow action carried over (an order id, a card reference) stays.
  form.querySelectorAll("[data-param]").forEach((el) => {
    if (!el.value) el.value = account[el.name] ?? el.dataset.example ?? "";
  });
  const gen = form.querySelector("[data-generate]");
  if (gen && (!$(gen.dataset.generate).value || $(gen.dataset.generate).value === $(gen.dataset.generate).dataset.example)) {
    $(gen.dataset.generate).value = generateId();
  }
  const callback = form.querySelector("[data-param][name=server_callback_url]");
  if (callback && !callback.value) {
    try { callback.value = (await ownInbox()).url; } catch { /* rate-limited: left empty */ }
  }
  update();
}

function onEnvironment() {
  const option = envSelect.selectedOptions[0];
  const production = option && option.dataset.production === "1";
  $("production-banner").hidden = !production;
  if (!production) $("confirm-production").checked = false;
  document.body.classList.toggle("production", production);
  $("use-demo").hidden = envSelect.value !== "local";
}

/** Show an exchange (just received, or reopened from the timeline) and what can follow it. */
function showExchange(data) {
  const fields = renderExchange(data);
  $("actions").hidden = !(fields["paynet-order-id"] && form.dataset.statusSubmit);
  if (fields["paynet-order-id"]) {
    lastOrder = { orderid: fields["paynet-order-id"], client_orderid: fields["merchant-order-id"] };
    updateSession({ order: { ...lastOrder, status: fields.status || "" } });
  }
  renderNextSteps(fields);
  return fields;
}

function verdictOf(data) {
  const r = data.response;
  return data.error ? data.error.kind : [r.type, r.status_value].filter(Boolean).join(" ");
}

/** A reply to this tab's timeline, then on screen with the focus on its verdict. */
function received(command, data) {
  record(command, verdictOf(data), data);
  renderTimeline(reopen);
  const fields = showExchange(data);
  $("verdict").focus();
  return fields;
}

function reopen(entry) {
  showExchange(entry.data);
  $("verdict").focus();
}

async function post(url, payload) {
  const resp = await fetch(url, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(payload) });
  return [resp, await resp.json()];
}

// An invalid Send: every message shown, the count in the panel, the focus on the first field to fix.
async function markInvalid() {
  showAll = true;
  signNow();
  await validate();
  const first = invalidFields()[0];
  const input = first && $(first === "target" ? "f-target" : `f-${first}`);
  if (input) {
    if (input.closest("details")) input.closest("details").open = true;
    input.focus();
  }
}

async function send() {
  const button = $("send-button");
  if (button.disabled) return;
  button.disabled = true;
  button.textContent = "Sending…";
  try {
    signNow();
    const payload = { ...collect(), ...controlFields(signed), confirm: $("confirm-production").checked };
    delete payload.reveal;
    const [resp, data] = await post(form.dataset.submit, payload);
    if (resp.status === 200) received(form.dataset.command, data);
    else {
      refusal(data);
      if (data.errors || !signed.signature) await markInvalid(); else $("verdict").focus();
    }
  } catch (err) {
    refusal({ error: { message: `Could not reach the tool's server: ${err.message}` } });
  } finally {
    button.disabled = false;
    button.textContent = "Send";
  }
}

async function statusPayload() {
  const data = collect();
  let login = data.login || session().login;
  if (!login && envSelect.value === "local") login = (await demoAccount()).login;
  const payload = { login, ...lastOrder, environment: data.environment, confirm: $("confirm-production").checked };
  if (data.groupid !== undefined) payload.groupid = data.groupid; else payload.endpointid = data.endpointid;
  return payload;
}

// What Send posts instead of the key: the page's control, and the string it signed with the key part left
// out, which the server recomputes from the values and compares before it sends anything.
function controlFields(result) {
  return result.signature ? { control: result.signature, string_to_sign: result.withoutKey } : {};
}

/** One status request for the last order; returns its fields, or null when it could not be asked. */
async function checkStatus() {
  const payload = await statusPayload();
  if (!payload.login) { openStatus(); return null; }
  Object.assign(payload, controlFields(sign(STATUS_RECIPE, payload, { ...targetOf(payload), key: keyInput.value })));
  const [resp, data] = await post(form.dataset.statusSubmit, payload);
  if (resp.status === 200) return received(form.dataset.statusCommand, data);
  refusal(data);
  return null;
}

const POLL_EVERY = 1000;
const POLL_LIMIT = 30000;

// Status until it is final (not processing), each poll on the timeline; a hosted page or 3-D Secure
// challenge waits for the payer, so the poll stops and says so.
async function pollStatus() {
  const button = $("poll-status");
  button.disabled = true;
  const until = Date.now() + POLL_LIMIT;
  try {
    for (;;) {
      const fields = await checkStatus();
      if (!fields || fields.status !== "processing") return;
      if (fields["redirect-to"] || Date.now() > until) {
        $("hint").hidden = false;
        $("hint").textContent = fields["redirect-to"] ? "Still processing: the payer's page has to be opened first."
          : "Still processing after 30 s: stopped polling.";
        return;
      }
      await new Promise((done) => { setTimeout(done, POLL_EVERY); });
    }
  } finally { button.disabled = false; }
}

async function openStatus(event) {
  if (event) event.preventDefault();
  const payload = await statusPayload();  // without the key: it stays out of storage unless "remember" is on
  sessionStorage.setItem("pne.prefill", JSON.stringify({ command: form.dataset.statusCommand, values: payload }));
  location.href = form.dataset.statusPage;
}

function fill(values) {
  form.querySelectorAll("[data-param]").forEach((el) => { if (typeof values[el.name] === "string") el.value = values[el.name]; });
}

// What the page starts with: this builder's saved fields, then the tab's session (environment, target,
// login) where still empty, then a flow action's values; the demo account again when the tab chose it.
function restore() {
  const saved = savedForm(form.dataset.command);
  const tab = session();
  if (saved) fill(saved.values);
  if (tab.environment && envSelect.querySelector(`option[value="${CSS.escape(tab.environment)}"]:not([disabled])`)) {
    envSelect.value = tab.environment;
  }
  if (tab.target) setTarget(tab.target.kind, tab.target.id);
  const login = form.querySelector("[data-param][name=login]");
  if (login && !login.value && tab.login) login.value = tab.login;
  applyPrefill();
  onEnvironment();
  unfoldOptional(false);
  const mine = history().find((e) => e.command === form.dataset.command || e.data.request?.url?.includes(`/${form.dataset.command}/`));
  if (saved?.shown && mine) showExchange(mine.data);
  if (tab.demo && envSelect.value === "local") useDemo();
}

function remember() {
  const data = collect();
  const { targetKind, target } = targetOf(data);
  updateSession({ environment: data.environment, target: { kind: targetKind, id: target },
    ...(data.login ? { login: data.login } : {}) });
  saveForm(form.dataset.command, form, { shown: !$("exchange").hidden });
}

function applyPrefill() {
  const raw = sessionStorage.getItem("pne.prefill");
  if (!raw) return;
  const prefill = JSON.parse(raw);
  if (prefill.command !== form.dataset.command) return;
  sessionStorage.removeItem("pne.prefill");
  const v = prefill.values;
  if (v.environment) envSelect.value = v.environment;
  setTarget(v.groupid !== undefined ? "group" : "endpoint", v.groupid ?? v.endpointid ?? "");
  fill(v);
}

function wireSend() {
  envSelect.addEventListener("change", () => { onEnvironment(); update(); });
  $("use-demo").addEventListener("click", useDemo);
  $("send-button").addEventListener("click", send);
  $("check-status").addEventListener("click", checkStatus);
  $("poll-status").addEventListener("click", pollStatus);
  $("open-status").addEventListener("click", openStatus);
  document.querySelectorAll("[data-copy-raw]").forEach((b) => {
    b.dataset.label = b.textContent;
    b.addEventListener("click", () => copyText($(b.dataset.copyRaw).textContent, b));
  });
  wireShortcuts(send);
  wireTimeline(reopen);
  window.addEventListener("pagehide", remember);
  form.addEventListener("change", remember);
  onEnvironment();
}

// ---- Flow actions: the commands that declare they follow this one, offered when the order's state allows ----
function renderNextSteps(fields) {
  const usable = usableSteps(JSON.parse(form.dataset.followUps || "[]"), fields);
  $("next-steps").hidden = usable.length === 0;
  $("next-buttons").replaceChildren(...usable.map((step) => {
    const b = document.createElement("button");
    b.type = "button";
    b.className = "small next-step";
    b.dataset.command = step.name;
    b.textContent = step.title;
    if (step.reason) {  // shown, not hidden: the reason says what to do first
      b.disabled = true;
      b.title = step.reason;
      const why = Object.assign(document.createElement("span"), { className: "help", textContent: ` (${step.reason})` });
      const wrap = document.createElement("span");
      wrap.append(b, why);
      return wrap;
    }
    b.addEventListener("click", () => openNext(step, fields));
    return b;
  }));
}

async function openNext(step, fields) {
  const page = collect();
  let login = page.login;
  if (!login && envSelect.value === "local") login = (await demoAccount()).login;
  remember();
  sessionStorage.setItem("pne.prefill", JSON.stringify({ command: step.name, values: nextValues(step, fields, page, login) }));
  location.href = `/${step.name}`;
}

wirePanel();
wireSend();
restore();
update();
