// Live builder: the page signs on every input (static/recipe.js) and posts the fields, never the key,
// to /api/<command>/sign for messages, warnings and the body, aborting the stale request.
import { refusal, renderExchange } from "./exchange.js";
import { initExports } from "./exports.js";
import { builderLink, linkState, mountShare } from "./share.js";
import { nextValues, usableSteps } from "./flow.js";
import { ownInbox } from "./inbox.js";
import { javaTrim, sign } from "./recipe.js";

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
  for (const [cls, text] of [...errors.map((e) => ["error", e]), ...warnings.map((w) => ["warning", w])]) {
    const li = document.createElement("li");
    li.className = cls;
    li.textContent = text;
    list.append(li);
  }
  return true;
}

function partText(part) {
  // Masked like the server masks it; the reveal toggle shows the key, from the key input only.
  return part.key && part.value && !$("reveal-key").checked ? "***" : part.value;
}

function renderTrace() {
  if (!signed) return;
  $("parts").replaceChildren(...signed.parts.map((p) => {
    const li = document.createElement("li");
    const name = document.createElement("code");
    name.textContent = p.name;
    const value = document.createElement("span");
    value.className = "value";
    value.textContent = partText(p);
    li.append(name, " ", value);
    return li;
  }));
  $("string-to-sign").textContent = signed.parts.map(partText).join("");
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

function renderMessages() {
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
    if (err.name !== "AbortError") setMessages("target", [`Could not reach the server: ${err.message}`], []);
  }
}

function generateId() {
  const bytes = crypto.getRandomValues(new Uint8Array(4));
  return [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("").toUpperCase();
}

function copy(what, button) {
  const text = what === "signature" ? (signed?.signature || "") : what === "curl" ? curlWithControl(last?.curl)
    : withControl(last?.body);
  copyText(text, button);
}

async function copyText(text, button) {
  try {
    await navigator.clipboard.writeText(text);
    button.textContent = "Copied";
  } catch {
    const area = Object.assign(document.createElement("textarea"), { value: text });
    document.body.append(area);
    area.select();
    button.textContent = document.execCommand("copy") ? "Copied" : "Copy failed";
    area.remove();
  }
  setTimeout(() => { button.textContent = button.dataset.label; }, 1200);
}

function rememberKey() {
  if ($("remember-key").checked) sessionStorage.setItem(KEY_STORE, keyInput.value);
  else sessionStorage.removeItem(KEY_STORE);
}

form.addEventListener("input", (e) => {
  if (e.target.id === "remember-key") return;
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
form.addEventListener("submit", (e) => { e.preventDefault(); showAll = true; update(); });
form.addEventListener("change", (e) => { if (e.target.name === "target") { $("f-target").placeholder = e.target.value === "group" ? "ENDPOINTGROUPID" : "ENDPOINTID"; update(e); } });
$("remember-key").addEventListener("change", rememberKey);
$("reveal-key").addEventListener("change", renderTrace);
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
const exportsPanel = initExports($("exports"), { collect, control: () => signed?.signature || "" });
mountShare($("exports"), () => builderLink(collect()));
wireSend();
applyPrefill();
const shared = linkState();
if (shared) applyValues(shared);
update();

// ---- Send, the demo account, and the follow-up status check ----
let demo = null;

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
  keyInput.value = account.merchant_control;
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

function showExchange(data) {
  const fields = renderExchange(data);
  $("actions").hidden = !(fields["paynet-order-id"] && form.dataset.statusSubmit);
  if (fields["paynet-order-id"]) lastOrder = { orderid: fields["paynet-order-id"], client_orderid: fields["merchant-order-id"] };
  renderNextSteps(fields);
}

let lastOrder = null;

async function post(url, payload) {
  const resp = await fetch(url, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(payload) });
  return [resp, await resp.json()];
}

async function send() {
  const button = $("send-button");
  button.disabled = true;
  button.textContent = "Sending…";
  try {
    signNow();
    const payload = { ...collect(), ...controlFields(signed), confirm: $("confirm-production").checked };
    const [resp, data] = await post(form.dataset.submit, payload);
    if (resp.status === 200) showExchange(data);
    else {
      if (data.errors) { showAll = true; update(); }
      refusal(data);
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
  let login = data.login;
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

async function checkStatus() {
  const payload = await statusPayload();
  if (!payload.login) { openStatus(); return; }
  Object.assign(payload, controlFields(sign(STATUS_RECIPE, payload, { ...targetOf(payload), key: keyInput.value })));
  const [resp, data] = await post(form.dataset.statusSubmit, payload);
  if (resp.status === 200) showExchange(data); else refusal(data);
}

async function openStatus(event) {
  if (event) event.preventDefault();
  const payload = await statusPayload();  // without the key: it stays out of storage unless "remember" is on
  sessionStorage.setItem("pne.prefill", JSON.stringify({ command: form.dataset.statusCommand, values: payload }));
  location.href = form.dataset.statusPage;
}

function applyPrefill() {
  const raw = sessionStorage.getItem("pne.prefill");
  if (!raw) return;
  const prefill = JSON.parse(raw);
  if (prefill.command !== form.dataset.command) return;
  sessionStorage.removeItem("pne.prefill");
  applyValues(prefill.values);
}

/** Values of a flow action's prefill or a shared link: environment, target and fields. */
function applyValues(v) {
  if (v.environment) { envSelect.value = v.environment; onEnvironment(); }
  setTarget(v.groupid !== undefined ? "group" : "endpoint", v.groupid ?? v.endpointid ?? "");
  form.querySelectorAll("[data-param]").forEach((el) => { if (typeof v[el.name] === "string") el.value = v[el.name]; });
}

function wireSend() {
  envSelect.addEventListener("change", () => { onEnvironment(); update(); });
  $("use-demo").addEventListener("click", useDemo);
  $("send-button").addEventListener("click", send);
  $("check-status").addEventListener("click", checkStatus);
  $("open-status").addEventListener("click", openStatus);
  document.querySelectorAll("[data-copy-raw]").forEach((b) => {
    b.dataset.label = b.textContent;
    b.addEventListener("click", () => copyText($(b.dataset.copyRaw).textContent, b));
  });
  onEnvironment();
}

// ---- Flow actions: the commands that declare they follow this one, pre-filled from the exchange ----
function renderNextSteps(fields) {
  const usable = usableSteps(JSON.parse(form.dataset.followUps || "[]"), fields);
  $("next-steps").hidden = usable.length === 0;
  $("next-buttons").replaceChildren(...usable.map((step) => {
    const b = document.createElement("button");
    b.type = "button";
    b.className = "small next-step";
    b.dataset.command = step.name;
    b.textContent = step.title;
    b.addEventListener("click", () => openNext(step, fields));
    return b;
  }));
}

async function openNext(step, fields) {
  const page = collect();
  let login = page.login;
  if (!login && envSelect.value === "local") login = (await demoAccount()).login;
  sessionStorage.setItem("pne.prefill", JSON.stringify({ command: step.name, values: nextValues(step, fields, page, login) }));
  location.href = `/${step.name}`;
}
