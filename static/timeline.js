// This tab's timeline: every Send (and poll) with its command, time, elapsed ms and verdict, newest first;
// the entries of one order drawn as its lifecycle; saved as JSON or HTML for a ticket. The replies it keeps
// come from the server, which never has the key and masks card data.
import { clearHistory, keepHistory } from "./history.js";
import { formatNumber, formatTime, lang, t } from "./i18n.js";
import { onDemand } from "./ondemand.js";

const $ = (id) => document.getElementById(id);
const STORE = "pne.history";
const MAX_ENTRIES = 40;
const MAX_TEXT = 16384;  // characters per raw dump kept

export function history() {
  try { return JSON.parse(sessionStorage.getItem(STORE) || "[]"); } catch { return []; }
}

/** The newest exchange of `command`'s page, or a newer status of the same order (polled to approved: Back shows
 * that, and the next steps it allows). */
export function lastKnown(command, statusCommand) {
  const all = history();
  const at = all.findIndex((e) => e.command === command || e.data.request?.url?.includes(`/${command}/`));
  if (at < 0) return null;
  const status = all.slice(0, at).find((e) => e.command === statusCommand && e.orderid
    && e.orderid === all[at].orderid);
  return status || all[at];
}

function cut(text) {
  return typeof text === "string" && text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}\n${t("(cut)")}` : text;
}

function slim(data) {
  const copy = structuredClone(data);
  if (copy.request) copy.request.raw = cut(copy.request.raw);
  if (copy.response) {
    copy.response.raw = cut(copy.response.raw);
    copy.response.body = cut(copy.response.body);
    delete copy.response.body_base64;
  }
  return copy;
}

/** Add a send to the timeline; returns the entry. `fingerprint`: the fingerprint of the key it was signed with
 * (kept; the key never is), or "". */
export function record(command, verdict, data, fingerprint = "") {
  const fields = data.response?.fields || {};
  const entry = { id: crypto.randomUUID(), command, time: new Date().toISOString(),
    elapsed_ms: data.response?.elapsed_ms ?? null, verdict, orderid: fields["paynet-order-id"] || "",
    status: fields.status || "", fingerprint, data: slim(data) };
  let entries = [entry, ...history()].slice(0, MAX_ENTRIES);
  for (;;) {
    try { sessionStorage.setItem(STORE, JSON.stringify(entries)); break; } catch {
      if (entries.length <= 1) break;  // storage full: the oldest go first
      entries = entries.slice(0, -1);
    }
  }
  keepHistory([entry]);  // this browser's history too: a new tab can continue from it
  return entry;
}

/** Each order's steps, oldest first: "sale → processing → approved → return". */
export function lifecycles(entries) {
  const orders = new Map();
  for (const e of [...entries].reverse()) {
    if (!e.orderid) continue;
    const steps = orders.get(e.orderid) || [];
    const step = e.status && e.command === "status" ? e.status : e.status ? `${e.command} (${e.status})` : e.command;
    if (steps.at(-1) !== step) steps.push(step);
    orders.set(e.orderid, steps);
  }
  return orders;
}

// Steps are data (command names, status values): shown as they are.
function orderLine(orderid, steps) {
  return t("order %(orderid)s: %(steps)s", { orderid, steps: steps.join(" → ") });
}

function entryText(e) {
  const time = formatTime(new Date(e.time));
  const elapsed = e.elapsed_ms !== null ? " · " + t("%(ms)s ms", { ms: formatNumber(e.elapsed_ms) }) : "";
  const key = e.fingerprint ? " · " + t("key fingerprint %(fingerprint)s", { fingerprint: e.fingerprint }) : "";
  return `${time} ${e.command} · ${e.verdict}${elapsed}${key}`;
}

// The sandbox's callback deliveries of each order, read from this browser's own inbox (GET /api/callbacks with
// its token): only what was addressed to it. No inbox yet: none asked for, none shown. Each line's count, for a
// callback on demand to wait on.
async function addDeliveries(lines) {
  let token = "";
  try { token = JSON.parse(localStorage.getItem("pne.inbox"))?.token || ""; } catch { token = ""; }
  if (!token || !lines.length) return [];
  const resp = await fetch(`/api/callbacks?token=${encodeURIComponent(token)}&after=999999999999999999`);
  if (!resp.ok) return [];
  const { deliveries } = await resp.json();
  return lines.map((line) => {
    const mine = deliveries.filter((d) => String(d.paynet_order_id) === line.dataset.order).reverse();
    line.querySelector(".deliveries")?.remove();
    if (mine.length) {
      line.append(Object.assign(document.createElement("span"), { className: "deliveries",
        textContent: " → " + t("callback %(outcomes)s", { outcomes: mine.map((d) => d.outcome).join(", ") }) }));
    }
    return mine.length;
  });
}

/** Draw the timeline; `open(entry)` shows an entry's exchange again. */
export function renderTimeline(open) {
  const entries = history();
  $("timeline").hidden = entries.length === 0;
  const items = [];
  for (const [orderid, steps] of lifecycles(entries)) {
    const li = Object.assign(document.createElement("li"), { className: "order" });
    const line = Object.assign(document.createElement("span"), { className: "lifecycle" });
    line.textContent = orderLine(orderid, steps);
    line.dataset.order = orderid;
    li.append(line);
    onDemand(li, orderid, async () => (await addDeliveries([line]))[0] || 0);
    items.push(li);
  }
  addDeliveries(items.map((li) => li.firstChild)).catch(() => { /* the lifecycle stands without them */ });
  for (const e of entries) {
    const li = document.createElement("li");
    const b = Object.assign(document.createElement("button"), { type: "button", className: "small entry",
      textContent: entryText(e) });
    b.addEventListener("click", () => open(e));
    li.append(b);
    items.push(li);
  }
  $("timeline-entries").replaceChildren(...items);
}

function download(name, type, text) {
  const a = Object.assign(document.createElement("a"),
    { href: URL.createObjectURL(new Blob([text], { type })), download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

function escapeHtml(text) {
  return String(text ?? "").replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The timeline as a self-contained HTML page in the page's language: text only, no script. */
export function timelineHtml(entries) {
  const orders = [...lifecycles(entries)].map(([id, steps]) => `<li>${escapeHtml(orderLine(id, steps))}</li>`);
  const rows = entries.map((e) => `<section><h2>${escapeHtml(entryText(e))}</h2>`
    + `<h3>${escapeHtml(t("Request"))}</h3><pre>${escapeHtml(e.data.request?.raw)}</pre>`
    + `<h3>${escapeHtml(t("Response"))}</h3><pre>${escapeHtml(e.data.response?.raw ?? e.data.error?.message)}</pre></section>`);
  const title = escapeHtml(t("Timeline"));
  return `<!doctype html><html lang="${escapeHtml(lang())}"><head><meta charset="utf-8"><title>${title}</title></head><body>`
    + `<h1>${title}</h1><ul>${orders.join("")}</ul>${rows.join("")}</body></html>`;
}

export function wireTimeline(open) {
  $("save-json").addEventListener("click", () => download("timeline.json", "application/json",
    JSON.stringify(history(), null, 2)));
  $("save-html").addEventListener("click", () => download("timeline.html", "text/html", timelineHtml(history())));
  $("clear-timeline").addEventListener("click", () => { sessionStorage.removeItem(STORE); renderTimeline(open); });
  $("clear-history").addEventListener("click", () => {
    clearHistory();
    $("history-status").textContent = t("This browser's history is cleared; this tab's timeline stays until Clear.");
  });
  renderTimeline(open);
}

/** A new tab: the last session's exchanges (this browser's history) become this tab's timeline. */
export function continueFrom(entries) {
  try { sessionStorage.setItem(STORE, JSON.stringify(entries.slice(0, MAX_ENTRIES))); } catch { /* not kept */ }
}
