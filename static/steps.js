// The builder's steps: Send, the demo account, the tab's session, the status check and poll, the timeline, and
// the next steps the order's state allows. builder.js hands over its live signing as `ctx`.
import { accountLogin, fillAccount, fillChooser, myAccount } from "./accounts.js";
import { refusal, renderExchange, showResult } from "./exchange.js";
import { foldSetup, wireSetup } from "./setup.js";
import { nextValues, stepButtons, usableSteps } from "./flow.js";
import { keyFingerprint } from "./fingerprint.js";
import { t } from "./i18n.js";
import { ownInbox } from "./inbox.js";
import { unfoldOptional, wireShortcuts } from "./panel.js";
import { sign } from "./recipe.js";
import { showScenarios, wireScenarios } from "./scenarios.js";
import { savedForm, saveForm, session, updateSession } from "./session.js";
import { fillMyInbox, linkState } from "./share.js";
import { lastKnown, record, renderTimeline, wireTimeline } from "./timeline.js";

const form = document.getElementById("builder");
const $ = (id) => document.getElementById(id);
const keyInput = $("f-merchant_control");
const envSelect = $("environment");
const STATUS_RECIPE = JSON.parse(form.dataset.statusRecipe || "[]");
let ctx = null;  // { collect, update, signNow, validate, signed, invalidFields, showAll, targetOf, generateId, copyText }

let demo = null;
let lastOrder = null;
const carried = new Set();  // the fields a flow action filled in: an account fill keeps them

async function demoAccount() {
  if (!demo) demo = (await (await fetch("/api/environments")).json()).demo;
  return demo;
}

function setTarget(kind, id) {
  const radio = form.querySelector(`input[name=target][value=${kind}]`);
  if (radio) radio.checked = true;
  $("f-target").value = id;
}

// The form is aria-busy while an account fill runs (it waits for the demo values and the tab's inbox):
// assistive technology, and the browser tests, wait for it to end before reading or typing.
async function busyWhile(work) {
  form.setAttribute("aria-busy", "true");
  try {
    await work();
  } finally {
    form.removeAttribute("aria-busy");
  }
}

// `reset`: a click (every field back to a valid value, a new id); else a restore (empty fields only).
function useDemo(reset = true) {
  return busyWhile(async () => {
    const account = await demoAccount();
    envSelect.value = "local";
    onEnvironment();
    setTarget("endpoint", account.endpointid);
    keyInput.value = account.merchant_control;  // the docs' public example key, not a secret
    updateSession({ demo: true, account: false, login: account.login });
    await fillAccount(form, account, { reset: reset === true, carried, generateId: ctx.generateId });
    ctx.update();
    showLogin();
  });
}

// This browser's sandbox account: its end point, login and (when the inspector kept it) key.
function useAccount(reset = true) {
  return busyWhile(async () => {
    const mine = myAccount($("my-account").value || session().accountId);
    if (!mine) return;
    envSelect.value = "local";
    onEnvironment();
    setTarget("endpoint", mine.endpointid);
    if (mine.merchant_control) keyInput.value = mine.merchant_control;
    updateSession({ demo: false, account: true, accountId: mine.id, login: mine.login });
    const account = { login: mine.login, endpointid: mine.endpointid, groupid: mine.groupid, currency: "USD" };
    await fillAccount(form, account, { reset: reset === true, carried, generateId: ctx.generateId });
    ctx.update();
    showLogin();
  });
}

// The login status and the next steps send: the page's own field, else (on the built-in sandbox) this browser's
// sandbox account's when the target is its end point or group, else the tab's, else the demo's.
async function followUpLogin(data) {
  const local = envSelect.value === "local";
  let login = data.login || (local && accountLogin(ctx.targetOf(data).target)) || session().login;
  if (!login && local) login = (await demoAccount()).login;
  return login || "";
}

async function showLogin() {
  const login = await followUpLogin(ctx.collect());
  $("follow-up-login").hidden = !login || form.querySelector("[data-param][name=login]") !== null;
  $("follow-up-login").textContent = t("Status and the next steps send login %(login)s.", { login });
}

function onEnvironment() {
  const option = envSelect.selectedOptions[0];
  const production = option && option.dataset.production === "1";
  $("production-banner").hidden = !production;
  if (!production) $("confirm-production").checked = false;
  document.body.classList.toggle("production", production);
  $("use-demo").hidden = envSelect.value !== "local";
  $("use-account").hidden = envSelect.value !== "local" || !myAccount();
  fillChooser($("my-account"), session().accountId);  // several accounts: which one the button fills
  if (envSelect.value !== "local") $("my-account").hidden = true;
  showScenarios(envSelect.value);
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
  showLogin();
  return fields;
}

function verdictOf(data) {
  const r = data.response;
  return data.error ? data.error.kind : [r.type, r.status_value].filter(Boolean).join(" ");
}

/** A reply to this tab's timeline, then on screen with the focus on its verdict. */
function received(command, data) {
  record(command, verdictOf(data), data, keyFingerprint(keyInput.value));
  renderTimeline(reopen);
  const fields = showExchange(data);
  showResult();
  return fields;
}

function reopen(entry) {
  showExchange(entry.data);
  showResult();
}

async function post(url, payload) {
  const resp = await fetch(url, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(payload) });
  return [resp, await resp.json()];
}

// An invalid Send: every message shown, the count in the panel, the focus on the first field to fix.
async function markInvalid() {
  ctx.showAll();
  ctx.signNow();
  await ctx.validate();
  const first = ctx.invalidFields()[0];
  const input = first && $(first === "target" ? "f-target" : `f-${first}`);
  if (input) {
    if (input.closest("details")) input.closest("details").open = true;
    input.focus();
  }
}

// An invalid form is not posted: the live check (a 200 with its messages) already knows, and the post would only
// earn a 400 in the console. The refusal lists what the page shows under each field.
async function refuseInvalid() {
  await markInvalid();
  const errors = Object.fromEntries(ctx.invalidFields().map((name) => [name,
    [...form.querySelectorAll(`[data-messages-for="${CSS.escape(name)}"] li.error`)].map((li) => li.textContent)]));
  refusal({ error: { message: t("Some fields need attention; nothing was sent.") }, errors });
}

export async function send() {
  const button = $("send-button");
  if (button.disabled) return;
  button.disabled = true;
  button.textContent = t("Sending…");
  try {
    ctx.signNow();
    await ctx.validate();
    if (ctx.invalidFields().length) { await refuseInvalid(); return; }
    const payload = { ...ctx.collect(), ...controlFields(ctx.signed()), confirm: $("confirm-production").checked };
    delete payload.reveal;
    const [resp, data] = await post(form.dataset.submit, payload);
    if (resp.status === 200) received(form.dataset.command, data);
    else {
      refusal(data);
      if (data.errors || !ctx.signed().signature) await markInvalid(); else showResult();
    }
  } catch (err) {
    refusal({ error: { message: t("Could not reach the tool's server: %(error)s", { error: err.message }) } });
  } finally {
    button.disabled = false;
    button.textContent = t("Send");
  }
}

async function statusPayload() {
  const data = ctx.collect();
  const login = await followUpLogin(data);
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
  Object.assign(payload, controlFields(sign(STATUS_RECIPE, payload, { ...ctx.targetOf(payload), key: keyInput.value })));
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
        $("hint").textContent = fields["redirect-to"] ? t("Still processing: the payer's page has to be opened first.")
          : t("Still processing after %(s)s s: stopped polling.", { s: POLL_LIMIT / 1000 });
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
  const shared = linkState();  // a shared link: environment, target and fields from its fragment
  if (shared) {
    applyValues(shared);
    busyWhile(async () => { await fillMyInbox(form, ownInbox); ctx.update(); });
  }
  onEnvironment();
  unfoldOptional(false);
  if (saved?.shown) {
    const mine = lastKnown(form.dataset.command, form.dataset.statusCommand);
    if (mine) showExchange(mine.data);
  }
  if (tab.account && envSelect.value === "local" && myAccount()) useAccount(false);
  else if (tab.demo && envSelect.value === "local") useDemo(false);
}

function remember() {
  const data = ctx.collect();
  const { targetKind, target } = ctx.targetOf(data);
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
  Object.keys(prefill.values).forEach((name) => carried.add(name));
  applyValues(prefill.values);
}

/** Values of a flow action's prefill or a shared link: environment, target and fields. */
function applyValues(v) {
  if (v.environment) envSelect.value = v.environment;
  setTarget(v.groupid !== undefined ? "group" : "endpoint", v.groupid ?? v.endpointid ?? "");
  fill(v);
}

/** Wire Send and the steps after it, then restore the tab's session into the page. */
export function wireSteps(context) {
  ctx = context;
  wireSend();
  restore();
}

function wireSend() {
  envSelect.addEventListener("change", () => { onEnvironment(); ctx.update(); });
  $("use-demo").addEventListener("click", () => useDemo().then(foldSetup));
  $("use-account").addEventListener("click", () => useAccount().then(foldSetup));
  wireSetup();
  $("send-button").addEventListener("click", send);
  $("check-status").addEventListener("click", checkStatus);
  $("poll-status").addEventListener("click", pollStatus);
  $("open-status").addEventListener("click", openStatus);
  document.querySelectorAll("[data-copy-raw]").forEach((b) => {
    b.dataset.label = b.textContent;
    b.addEventListener("click", () => ctx.copyText($(b.dataset.copyRaw).textContent, b));
  });
  wireShortcuts(send);
  wireScenarios(() => ctx.update());
  wireTimeline(reopen);
  window.addEventListener("pagehide", remember);
  form.addEventListener("change", remember);
  onEnvironment();
}

// ---- Flow actions: the commands that declare they follow this one, offered when the order's state allows ----
function renderNextSteps(fields) {
  const usable = usableSteps(JSON.parse(form.dataset.followUps || "[]"), fields);
  $("next-steps").hidden = usable.length === 0;
  $("next-buttons").replaceChildren(...stepButtons(usable, (step) => openNext(step, fields)));
}

async function openNext(step, fields) {
  const page = ctx.collect();
  const login = await followUpLogin(page);
  remember();
  sessionStorage.setItem("pne.prefill", JSON.stringify({ command: step.name, values: nextValues(step, fields, page, login) }));
  location.href = `/${step.name}`;
}

