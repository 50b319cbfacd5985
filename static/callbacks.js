// The callbacks page: poll this browser's inbox, verify each entry with the key typed here (never stored,
// never sent: the server answers without it, with the templates verdict.js hashes here).
import { showFingerprint } from "./fingerprint.js";
import { t } from "./i18n.js";
import { forget, ownInbox } from "./inbox.js";
import { checkClass, fingerprintCheck } from "./keycheck.js";
import { callbackVerdict, warmUp } from "./verdict.js";

const $ = (id) => document.getElementById(id);
const seen = new Map();
const relays = new Map();  // entry id -> relay.py's report (one may come before its entry is listed)
const LOCAL_HANDLER = "http://localhost:8000/cb";

function el(tag, text, cls) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;  // received data is text, never HTML
  if (cls) node.className = cls;
  return node;
}

// The server's reply does not depend on the key (it never gets it): fetched once per paste, judged here on
// every keystroke.
async function check(raw, kind, fingerprint = "") {
  const resp = await fetch("/api/callback/verify", {
    method: "POST", headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ raw, kind: kind || undefined, fingerprint: fingerprint || undefined }),
  });
  return resp.json();
}

function judged(data) {
  const key = $("cb-key").value;
  const found = data.error ? null : callbackVerdict(data, key);
  const fingerprint = data.fingerprint && fingerprintCheck(data.fingerprint.merchant, key);  // the key typed here
  return { ...data, ...found, ...(found ? { computed: true } : {}), ...(fingerprint ? { fingerprint } : {}) };
}

function verdictNode(data) {
  if (data.error) return el("p", data.error.message, "verdict err");
  const box = el("div");
  if (data.computed) box.dataset.computed = "1";  // for tests: the verdict was computed in this page
  box.append(el("p", verdictText(data), `verdict ${data.match ? "ok" : data.match === false ? "err" : "info"}`));
  if (data.fingerprint) box.append(Object.assign(el("p", data.fingerprint.message, checkClass(data.fingerprint)),
    { id: "cb-fingerprint-check" }));
  const expected = data.expected_control ?? (data.received_control ? t("(type the key to compute it)") : "-");
  box.append(el("pre", [t("string to sign: %(value)s", { value: data.string_to_sign }),
    t("expected: %(value)s", { value: expected }),
    t("received: %(value)s", { value: data.received_control ?? "-" })].join("\n")));
  for (const d of data.diagnosis || []) box.append(el("p", `${d.id}: ${d.message}`, "warning"));
  for (const w of data.warnings || []) box.append(el("p", w, "help"));
  return box;
}

// Whole sentences per kind (callback, redirect: wire values), so each translates as a whole.
function verdictText(data) {
  const redirect = data.kind === "redirect";
  if (data.match === true && data.kinds.length > 1) {
    return t("Match: a valid callback or final redirect (the paste shows no HTTP method: a GET is a callback, a "
      + "POST a final redirect).");
  }
  if (data.match === true) return redirect ? t("Match: a valid final redirect.") : t("Match: a valid callback.");
  if (data.match === false) {
    return redirect ? t("Mismatch: not signed with this key as a redirect.")
      : t("Mismatch: not signed with this key as a callback.");
  }
  if (!data.received_control) return t("No control in it: there is nothing to check.");
  return t("No key yet: type the merchant's control key above to check this control (the page computes the "
    + "expected signature and names the mistake if they differ; the key never leaves this page).");
}

function source(item) {
  return item.method === "GET" ? item.url : item.body;
}

function refreshVerdicts() {
  for (const [, entry] of seen) if (entry.data) entry.slot.replaceChildren(verdictNode(judged(entry.data)));
  if (pasted.data) $("cb-result").replaceChildren(verdictNode(judged(pasted.data)));
}

let inbox = null;
let after = 0;
let relaysAfter = 0;
let timer = null;
let busy = false;

function showInbox(found) {
  inbox = found;
  after = 0;
  relaysAfter = 0;
  seen.clear();
  relays.clear();
  $("inbox").replaceChildren();
  $("inbox-url").textContent = inbox.url;
  $("relay-command").textContent = `python3 relay.py ${inbox.url} ${LOCAL_HANDLER}`;
}

function relayText(report) {
  if (report.status === null) return t("relayed to localhost: no answer — %(reason)s", { reason: report.body });
  if (!report.body) return t("relayed to localhost: HTTP %(status)s", { status: report.status });
  return t("relayed to localhost: HTTP %(status)s — %(body)s", { status: report.status, body: report.body });
}

function showRelay(entry) {
  const report = relays.get(entry.item.id);
  if (!report) return;
  entry.relayed.textContent = relayText(report);
  entry.relayed.className = `relayed verdict ${report.status !== null && report.status < 300 ? "ok" : "err"}`;
  entry.relayed.hidden = false;
}

async function addEntry(item) {
  const li = el("li");
  if (item.note) li.append(el("p", item.note, "help"));
  li.append(el("pre", item.raw));
  const relayed = el("p");
  relayed.hidden = true;
  const slot = el("div", undefined, "verdict-slot");
  li.append(relayed, slot);
  $("inbox").prepend(li);
  const entry = { item, slot, relayed, data: null };
  seen.set(item.id, entry);
  showRelay(entry);
  entry.data = await check(source(item), item.method === "GET" ? "callback" : "redirect");
  slot.replaceChildren(verdictNode(judged(entry.data)));
  showNewest(li);
}

// The answer first: the newest entry is the page's result, brought on screen when it arrives (not for what the
// inbox held when the page opened).
let opened = false;
function showNewest(li) {
  if (li !== $("inbox").firstElementChild) return;
  $("inbox").querySelector("[data-result]")?.removeAttribute("data-result");
  li.dataset.result = "";
  if (opened) li.scrollIntoView({ block: "nearest" });
}

// Polls only while the page is visible: a hidden tab costs the server nothing.
async function poll() {
  timer = null;
  busy = true;
  let again = 1500;
  try {
    if (!inbox) showInbox(await ownInbox());
    const resp = await fetch(`/api/callbacks?token=${encodeURIComponent(inbox.token)}&after=${after}`
      + `&relays_after=${relaysAfter}`);
    if (resp.status === 404) {  // dropped after a day idle: issue a new one
      forget();
      inbox = null;
      again = 0;
      return;
    }
    const data = await resp.json();
    if (!resp.ok) throw new Error(data.error.message);
    $("inbox-error").hidden = true;
    for (const report of data.relays) {
      relaysAfter = Math.max(relaysAfter, report.serial);
      relays.set(report.id, report);
      if (seen.has(report.id)) showRelay(seen.get(report.id));
    }
    for (const item of data.received) {
      after = Math.max(after, item.id);
      if (!seen.has(item.id)) await addEntry(item);
    }
    if (data.more) again = 0;
    else opened = true;
    $("inbox-empty").hidden = seen.size > 0;
    $("deliveries").replaceChildren(...data.deliveries.map((d) =>
      el("li", t("order %(order)s -> %(url)s: %(outcome)s", { order: d.paynet_order_id, url: d.url, outcome: d.outcome })
        + (d.request ? `\n${d.request}` : ""))));
    $("inbox").dataset.polls = String(Number($("inbox").dataset.polls || 0) + 1);
  } catch (err) {
    $("inbox-error").textContent = err.message;
    $("inbox-error").hidden = false;
    again = 10000;
  } finally {
    busy = false;
    if (!document.hidden) timer = setTimeout(poll, again);
  }
}

document.addEventListener("visibilitychange", () => {
  if (!document.hidden && timer === null && !busy) poll();
});
function copy(node) {
  if (!inbox) return;
  if (navigator.clipboard) return navigator.clipboard.writeText(node.textContent);
  getSelection().selectAllChildren(node);  // plain http on a LAN: no clipboard API
  document.execCommand("copy");
}
$("copy-inbox").addEventListener("click", () => copy($("inbox-url")));
$("copy-relay").addEventListener("click", () => copy($("relay-command")));
// The verifier: checked again as the paste or its kind changes (the newest answer wins), judged again as the key
// is typed; Verify does the same at once.
const pasted = { data: null, asked: 0 };
async function verifyPaste() {
  const asked = ++pasted.asked;
  if (!$("cb-raw").value.trim()) { pasted.data = null; $("cb-result").replaceChildren(); return; }
  const data = await check($("cb-raw").value, $("cb-kind").value, $("cb-fingerprint").value.trim());
  if (asked !== pasted.asked) return;
  pasted.data = data;
  $("cb-result").replaceChildren(verdictNode(judged(data)));
}
$("cb-key").addEventListener("input", () => {
  showFingerprint($("cb-key-fingerprint"), $("cb-key").value);
  refreshVerdicts();
});
$("cb-fingerprint").addEventListener("input", verifyPaste);
$("cb-raw").addEventListener("input", verifyPaste);
$("cb-kind").addEventListener("change", verifyPaste);
$("cb-verify").addEventListener("click", verifyPaste);
poll();
setTimeout(warmUp, 0);
