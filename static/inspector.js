// The inspector page: this browser's sandbox accounts (kept in local storage as accounts.js says, token
// included) and the current one's timeline, polled twice a second with the token as a bearer header. Gateway
// data is shown as text, never HTML.
import { dropAccount, fillChooser, keepAccount, myAccount } from "./accounts.js";
import { examItem, offerOrder, setUp } from "./exam.js";
import { keyFingerprint } from "./fingerprint.js";
import { formatNumber, formatTime, t } from "./i18n.js";

const $ = (id) => document.getElementById(id);
let account = null;
let newest = 0;
let polling = false;

function el(tag, text, cls) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = text;
  if (cls) node.className = cls;
  return node;
}

function keep() {
  keepAccount(account);
}

function authorised(path, options = {}) {
  return fetch(path, { ...options, headers: { ...(options.headers || {}), Authorization: `Bearer ${account.token}` } });
}

function showAccount() {
  $("no-account").hidden = true;
  $("account").hidden = false;
  fillChooser($("acc-choose"), account.id);
  $("new-account").hidden = !$("create-account");  // none when creation is closed
  $("acc-id").textContent = account.id;
  $("acc-base").textContent = account.base_url;
  $("acc-login").textContent = account.login;
  $("acc-endpoint").textContent = account.endpointid;
  $("acc-group").textContent = account.groupid;
  $("acc-key").textContent = account.merchant_control
    || t("not kept on this browser (it was shown once, when the account was created)");
  // Kept with the account whether or not its key is: it tells the key apart later without showing it.
  const fingerprint = account.fingerprint || keyFingerprint(account.merchant_control);
  $("acc-fingerprint").textContent = fingerprint || t("unknown (the key was not kept)");
  $("remember-key").checked = Boolean(account.remember);
  $("remember-key").disabled = !account.merchant_control;  // a key not kept cannot be remembered later
  // Accounts kept from before the two PHP snippets have one that the library refuses: not shown.
  const snippets = account.snippets || {};
  $("snippets-php").hidden = !snippets.php_endpoint;
  $("snippets-env").hidden = !snippets.env;
  $("snippet-php-endpoint").textContent = snippets.php_endpoint || "";
  $("snippet-php-group").textContent = snippets.php_group || "";
  $("snippet-env").textContent = snippets.env || "";
  $("acc-hosts").value = (account.callback_hosts || []).join(", ");
}

async function create() {
  // SANDBOX_ACCOUNTS=token: the operator's creation token, sent once and never kept.
  const token = $("creation-token") ? $("creation-token").value.trim() : "";
  const resp = await fetch("/api/sandbox/accounts", {
    method: "POST", body: "{}",
    headers: { "Content-Type": "application/json", ...(token ? { Authorization: `Bearer ${token}` } : {}) },
  });
  const data = await resp.json();
  if (!resp.ok) { $("account-error").hidden = false; $("account-error").textContent = data.error.message; return; }
  // Not remembered until ticked, once its key is copied or not; its fingerprint is kept either way.
  account = { ...data, version: 2, remember: false, fingerprint: keyFingerprint(data.merchant_control) };
  keep();
  $("timeline").replaceChildren();
  newest = 0;
  showAccount();
  if (!polling) poll();
}

// A v4 diagnosis: the base string the client signed, what only the gateway's has struck through, what only the
// client signed underlined (as on /debug/v4).
function signedBase(segments) {
  const details = el("details");
  const pre = el("pre", "", "wrap segments");
  pre.append(...segments.map(([text, kind]) => (kind === "same" ? document.createTextNode(text)
    : el(kind === "gateway" ? "del" : "ins", text))));
  details.append(el("summary", t("the base string the client signed")), pre);
  return details;
}

function verdictLine(entry) {
  const v = entry.verdict;
  if (v.outcome === "accepted") return el("p", t("accepted"), "verdict ok");
  const box = el("div");
  const line = el("p", `${v.stage}: `, "verdict err");
  line.append(Object.assign(el("span", v.message), { translate: false }));  // the sandbox's own words: English
  box.append(line);
  for (const d of v.diagnosis) {
    box.append(el("p", `${d.id}: ${d.message}`, "hint diagnosis"));
    if (d.segments?.length) box.append(signedBase(d.segments));
  }
  if (v.explanation) box.append(el("p", v.explanation, "hint"));
  if (v.hint) box.append(el("p", v.hint, "hint"));
  return box;
}

function requestItem(entry) {
  const li = el("li");
  const a = entry.answer;
  const when = formatTime(new Date(entry.time * 1000));
  li.append(el("strong", `${when} ${entry.method} ${entry.path} · ${entry.command}`),
    el("span", ` → ${a.type || "HTTP " + a.http}${a.status ? " " + a.status : ""}${a.error_code ? " (error-code " + a.error_code + ")" : ""}`),
    verdictLine(entry));
  for (const f of entry.verdict.lint) li.append(el("p", `${f.severity}: ${f.message}`, "hint lint"));
  const details = el("details");
  details.append(el("summary", t("raw request and response")), el("pre", entry.request), el("pre", entry.response));
  li.append(details);
  if (entry.builder) {
    const builder = el("button", t("open in builder"));
    builder.type = "button";
    builder.addEventListener("click", () => {
      sessionStorage.setItem("pne.prefill", JSON.stringify(entry.builder));
      location.href = `/${entry.builder.command}`;
    });
    const debug = el("button", t("open in debugger"));
    debug.type = "button";
    debug.addEventListener("click", () => {
      sessionStorage.setItem("pne.debug", entry.request);
      location.href = "/debug";
    });
    li.append(builder, debug);
  }
  offerOrder(li, entry);
  return li;
}

function callbackItem(entry) {
  const li = el("li", undefined, "callback");
  const when = formatTime(new Date(entry.time * 1000));
  const next = entry.retry_in ? t("; retried in %(s)s s", { s: formatNumber(entry.retry_in) }) : "";
  li.append(el("strong", t("%(when)s callback for order %(order)s → %(path)s", { when, order: entry.order, path: entry.path })),
    el("p", `${entry.answer.outcome}${next}`, entry.answer.outcome.startsWith("HTTP 2") ? "verdict ok" : "verdict err"));
  const again = el("button", t("resend"));
  again.type = "button";
  again.addEventListener("click", () => authorised(`/api/sandbox/accounts/${account.id}/requests/${entry.id}/resend`,
    { method: "POST" }));
  li.append(again);
  return li;
}

async function poll() {
  if (!account) return;
  polling = true;
  let again = 500;  // twice a second: an entry shows within about half a second
  try {
    const resp = await authorised(`/api/sandbox/accounts/${account.id}/requests?after=${newest}`);
    if (resp.status === 404 || resp.status === 401) { forget(); return; }
    const data = await resp.json();
    const list = $("timeline");
    for (const entry of data.entries.slice().reverse()) {  // newest first: each new one goes on top
      const item = { callback: callbackItem, exam: (e) => examItem(e, authorised, account) }[entry.kind] || requestItem;
      list.prepend(item(entry));
      newest = Math.max(newest, entry.id);
    }
    $("timeline-empty").hidden = list.children.length > 0;
    if (data.entries.length) showNewest(list.firstElementChild);
    if (data.more) again = 0;  // the newer ones at once: a full log takes a few replies, not a poll each
    else opened = true;
  } finally {
    setTimeout(poll, again);
  }
}

// The answer first: the newest entry is the page's result, brought on screen when it arrives (not for what the
// account's log held when the page opened).
let opened = false;
function showNewest(li) {
  $("timeline").querySelector("[data-result]")?.removeAttribute("data-result");
  li.dataset.result = "";
  if (opened) li.scrollIntoView({ block: "nearest" });
}

function forget() {
  dropAccount(account.id);
  account = null;
  location.reload();  // the next kept account, if any, becomes the current one
}

async function saveHosts() {
  const hosts = $("acc-hosts").value.split(",").map((h) => h.trim()).filter(Boolean);
  const resp = await authorised(`/api/sandbox/accounts/${account.id}/callback-hosts`, {
    method: "PUT", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ hosts }),
  });
  const data = await resp.json();
  $("hosts-status").textContent = resp.ok ? t("saved") : data.error.message;
  if (resp.ok) { account.callback_hosts = data.callback_hosts; keep(); }
}

if ($("create-account")) $("create-account").addEventListener("click", create);  // none when creation is closed
$("forget-account").addEventListener("click", forget);
$("save-hosts").addEventListener("click", saveHosts);
$("remember-key").addEventListener("change", () => { if (account) { account.remember = $("remember-key").checked; keep(); } });
$("acc-choose").addEventListener("change", () => { keepAccount(myAccount($("acc-choose").value)); location.reload(); });
$("new-account").addEventListener("click", () => { $("no-account").hidden = false; $("create-account").focus(); });
setUp(authorised, () => account);
account = myAccount();
if (account && account.token) { showAccount(); poll(); }
