// The v4 builder: the page builds the base string (static/oauth.js) and signs it with the private key imported
// into WebCrypto (non-extractable); it posts the values, never the key, to /api/v4/<command>/sign for the
// server's messages, and Send posts them with the Authorization header it computed.
import { refusal, renderExchange, showResult } from "./exchange.js";
import { t } from "./i18n.js";
import * as oauth from "./oauth.js";
import { wireOptional, wireTabs } from "./panel.js";
import { javaTrim } from "./trim.js";
import { initV4Exports } from "./v4exports.js";

const $ = (id) => document.getElementById(id);
const root = $("v4");
const envSelect = $("environment");
const ENVIRONMENTS = Object.fromEntries(JSON.parse(root.dataset.environments).map((e) => [e.id, e]));
const exportsPanel = initV4Exports($("export-box"), collect);
const CARDS = new Set([...root.querySelectorAll("[data-card]")].map((el) => el.name));
let key = null;  // a non-extractable CryptoKey: the PEM itself is kept nowhere
let current = null;  // the page's request: { url, params, base, signature }
let inflight = null;
let round = 0;
window.__v4 = { signs: 0, updates: 0 };

function collect() {
  const data = {};
  root.querySelectorAll("[data-param]").forEach((el) => { data[el.name] = el.value; });
  const kind = root.querySelector("input[name=target]:checked")?.value || "endpoint";
  data[kind === "group" ? "groupid" : "endpointid"] = $("f-target").value;
  data.environment = envSelect.value;
  for (const name of ["oauth_consumer_key", "oauth_nonce", "oauth_timestamp"]) data[name] = $(`f-${name}`).value;
  return data;
}

/** The request as the server builds it (forms/v4/_base.py prepare): trimmed values, empty ones left out. */
function build(data) {
  const body = [...root.querySelectorAll("[data-param]")].map((el) => [el.name, javaTrim(el.value)])
    .filter(([, v]) => v !== "");
  const group = data.groupid !== undefined;
  const target = javaTrim(group ? data.groupid : data.endpointid) || (group ? "ENDPOINTGROUPID" : "ENDPOINTID");
  const base = (ENVIRONMENTS[data.environment]?.base_url || "").replace(/\/+$/, "");
  const url = `${base}${root.dataset.path}${group ? "/group" : ""}/${target}`;
  const params = oauth.oauthParams(...["oauth_consumer_key", "oauth_nonce", "oauth_timestamp"]
    .map((n) => javaTrim(data[n])));
  return { url, body, oauth: params, all: [...body, ...Object.entries(params)] };
}

// Card data as the server masks it (paynet/masking.py mask_card): first six and last four, else ***.
function maskCard(value) {
  const v = value.trim();
  return v.length >= 13 ? v.slice(0, 6) + "*".repeat(v.length - 10) + v.slice(-4) : "***";
}

const shownParams = (params) => params.map(([k, v]) => [k, CARDS.has(k) ? maskCard(v) : v]);

function cell(tag, text) {
  return Object.assign(document.createElement(tag), { textContent: text });
}

function render(request) {
  const shown = shownParams(request.all);
  $("url").textContent = request.url;
  $("sorted-params").tBodies[0].replaceChildren(...oauth.sortParams(shown).map(([k, v]) => {
    const tr = document.createElement("tr");
    tr.append(cell("th", k), cell("td", v));
    return tr;
  }));
  $("normalized").textContent = oauth.normalize(shown);
  $("base-string").textContent = oauth.baseString("POST", request.url, shown);
  $("openssl").textContent = oauth.opensslLine(request.base);
}

function showSignature() {
  const signature = current.signature;
  $("signature").textContent = signature || (key || !oauth.hasWebCrypto() ? "—" : t("— load a private key to sign"));
  $("authorization").textContent = signature ? oauth.header({ ...current.oauth, oauth_signature: signature }) : "";
}

/** Build and sign in the page; a slower signing of older values never overwrites a newer one. */
async function update() {
  const request = build(collect());
  request.base = oauth.baseString("POST", request.url, request.all);
  request.signature = oauth.hasWebCrypto() ? "" : javaTrim($("pasted-signature").value);
  current = request;
  render(request);
  showSignature();
  const mine = ++round;
  if (key) {
    const signature = await oauth.sign(key, request.base);
    if (mine !== round) return;
    request.signature = signature;
    showSignature();
  }
  window.__v4.signs += 1;
  window.__v4.base = request.base;
}

function setMessages(name, errors, warnings = []) {
  const list = root.querySelector(`[data-messages-for="${CSS.escape(name)}"]`);
  if (!list) return;
  list.replaceChildren(...errors.map((e) => Object.assign(cell("li", e), { className: "error" })),
    ...warnings.map((w) => Object.assign(cell("li", w), { className: "warning" })));
}

/** Ask the server for its field messages; returns its reply, or null when superseded or unreachable. */
async function validate() {
  if (inflight) inflight.abort();
  const controller = new AbortController();
  inflight = controller;
  try {
    const resp = await fetch(root.dataset.sign, { method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify(collect()), signal: controller.signal });
    const data = await resp.json();
    if (controller !== inflight) return null;
    if (!resp.ok) { setMessages("target", [data.error?.message || `HTTP ${resp.status}`]); return null; }
    for (const el of root.querySelectorAll("[data-messages-for]")) {
      const name = el.dataset.messagesFor;
      setMessages(name, data.errors[name] || [], data.warnings.filter((w) => w.field === name).map((w) => w.message));
    }
    $("body").textContent = data.body;
    const bad = Object.keys(data.errors).length;
    const agrees = data.base_string === $("base-string").textContent;
    $("sendable").textContent = [bad ? t("Not sendable: %(count)s fields need attention.", { count: bad }) : "",
      agrees ? "" : t("The server builds a different base string from these values: %(base)s",
        { base: data.base_string })].filter(Boolean).join(" ");
    window.__v4.updates += 1;
    return data;
  } catch (err) {
    if (err.name !== "AbortError") setMessages("target", [t("Could not reach the server: %(error)s", { error: err.message })]);
    return null;
  }
}

function refresh() {
  update();
  validate();
  exportsPanel.refresh();
}

async function loadKey(text) {
  try {
    key = await oauth.importPrivateKey(text);
    $("private-key").value = "";  // imported: the PEM text is not kept, not even in the box
    $("key-status").textContent = t("A %(bits)s-bit private key is loaded (not extractable); paste another to "
      + "replace it.", { bits: key.algorithm.modulusLength });
    $("forget-key").hidden = false;
  } catch (err) {
    key = null;
    $("key-status").textContent = t("The key cannot be used: %(problem)s", { problem: err.message || String(err) });
  }
  update();
}

function forgetKey() {
  key = null;
  $("forget-key").hidden = true;
  $("key-status").textContent = t("No key loaded.");
  update();
}

async function generate() {
  $("keygen-status").textContent = t("Generating…");
  try {
    const pair = await oauth.generateKeyPair(Number($("key-bits").value));
    const link = $("private-download");
    if (link.href) URL.revokeObjectURL(link.href);
    link.href = URL.createObjectURL(new Blob([pair.privatePem], { type: "application/x-pem-file" }));
    $("public-key").textContent = pair.publicPem;
    $("keygen-result").hidden = false;
    key = pair.signing;
    $("key-status").textContent = t("The generated private key is loaded (not extractable).");
    $("forget-key").hidden = false;
    $("keygen-status").textContent = "";
  } catch (err) {
    $("keygen-status").textContent = t("The key pair could not be made: %(problem)s", { problem: err.message });
  }
  update();
}

async function useDemo() {
  const demo = (await (await fetch("/api/environments")).json()).demo;
  $("f-oauth_consumer_key").value = demo.login;
  root.querySelector("input[name=target][value=endpoint]").checked = true;
  $("f-target").value = demo.endpointid;
  for (const el of root.querySelectorAll("[data-param]")) {
    if (el.value) continue;
    if (el.name === "login") el.value = demo.login;
    else if (el.dataset.example && !el.closest("#optional")) el.value = el.dataset.example;
  }
  if (oauth.hasWebCrypto()) await loadKey(demo.v4_private_key);
  refresh();
}

// Like the v2 pages (steps.js refuseInvalid): fields the server's live check refuses are named here and
// nothing is posted, rather than a 400 from the submit route.
async function send() {
  const button = $("send-button");
  if (button.disabled) return;
  button.disabled = true;
  try {
    await sendChecked();
  } finally {
    button.disabled = false;
  }
  showResult();
}

async function sendChecked() {
  const [checked] = await Promise.all([validate(), update()]);
  if (checked && Object.keys(checked.errors).length) {
    refusal({ error: { message: t("Some fields need attention; nothing was sent.") }, errors: checked.errors });
    return;
  }
  const production = envSelect.selectedOptions[0]?.dataset.production === "1";
  const payload = { ...collect(), authorization: $("authorization").textContent, base_string: current.base,
    json: $("json-reply").checked, confirm: production && $("confirm-production").checked };
  if (!payload.authorization) {
    refusal({ error: { message: t("Load a private key first: the page signs the request before it sends it.") } });
    return;
  }
  try {
    const resp = await fetch(root.dataset.submit, { method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify(payload) });
    const data = await resp.json();
    if (resp.ok) renderExchange(data); else refusal(data);
  } catch (err) {
    refusal({ error: { message: t("Could not reach the server: %(error)s", { error: err.message }) } });
  }
}

function environmentChanged() {
  const production = envSelect.selectedOptions[0]?.dataset.production === "1";
  $("production-banner").hidden = !production;
  $("use-demo").hidden = envSelect.value !== "local";
  refresh();
}

root.addEventListener("input", (e) => {
  if (e.target.id === "private-key") { if (/END (RSA )?PRIVATE KEY-----/.test(e.target.value)) loadKey(e.target.value); return; }
  if (["optional-filter", "confirm-production", "json-reply"].includes(e.target.id)) return;
  if (e.target.id === "pasted-signature") { update(); return; }
  refresh();
});
root.addEventListener("change", (e) => { if (e.target.name === "target") refresh(); });
envSelect.addEventListener("change", environmentChanged);
$("new-nonce").addEventListener("click", () => { $("f-oauth_nonce").value = oauth.nonce(); refresh(); });
$("now-timestamp").addEventListener("click", () => {
  $("f-oauth_timestamp").value = String(Math.floor(Date.now() / 1000));
  refresh();
});
$("forget-key").addEventListener("click", forgetKey);
$("generate-keys").addEventListener("click", generate);
$("use-demo").addEventListener("click", useDemo);
$("send-button").addEventListener("click", send);
wireTabs();
wireOptional();
if (!oauth.hasWebCrypto()) {
  for (const id of ["no-webcrypto", "openssl-box"]) $(id).hidden = false;
  for (const id of ["private-key", "generate-keys"]) $(id).disabled = true;
}
$("f-oauth_nonce").value = oauth.nonce();
$("f-oauth_timestamp").value = String(Math.floor(Date.now() / 1000));
environmentChanged();
