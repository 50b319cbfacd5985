// The builder's right-hand panel and page comforts: the labelled parts of the string to sign, the exchange
// tabs, the folded optional parameters, one-line descriptions, and the shortcuts list.
import { formatNumber, t } from "./i18n.js";

const $ = (id) => document.getElementById(id);
const ENCODER = new TextEncoder();

function hexBytes(text) {
  return [...ENCODER.encode(text)].map((b) => b.toString(16).padStart(2, "0")).join(" ");
}

/** A part's value as nodes: edge whitespace marked, non-ASCII characters with their UTF-8 bytes on hover. */
export function valueNodes(text) {
  const nodes = [];
  let rest = text;
  const lead = rest.match(/^[\s\u00a0\u3000]+/u)?.[0] || "";
  const trail = rest.slice(lead.length).match(/[\s\u00a0\u3000]+$/u)?.[0] || "";
  rest = rest.slice(lead.length, rest.length - trail.length);
  const marker = (ws, title) => Object.assign(document.createElement("span"), {
    className: "ws", textContent: "␠".repeat([...ws].length), title });
  if (lead) nodes.push(marker(lead, t("leading whitespace: %(bytes)s", { bytes: hexBytes(lead) })));
  for (const chunk of rest.split(/([^\x00-\x7f]+)/u)) {
    if (!chunk) continue;
    if (/^[\x00-\x7f]+$/.test(chunk)) { nodes.push(chunk); continue; }
    nodes.push(Object.assign(document.createElement("span"),
      { className: "nonascii", textContent: chunk, title: `UTF-8: ${hexBytes(chunk)}` }));
  }
  if (trail) nodes.push(marker(trail, t("trailing whitespace: %(bytes)s", { bytes: hexBytes(trail) })));
  return nodes;
}

/** One labelled part: its name, its value (or "***" for a masked part), its length in bytes. */
export function partItem(name, value, masked) {
  const li = document.createElement("li");
  const code = Object.assign(document.createElement("code"), { textContent: name });
  const span = Object.assign(document.createElement("span"), { className: "value" });
  span.append(...(masked ? ["***"] : valueNodes(value)));
  const size = ENCODER.encode(value).length;
  const bytes = Object.assign(document.createElement("span"),
    { className: "bytes", textContent: " " + (size === 1 ? t("1 byte") : t("%(size)s bytes", { size: formatNumber(size) })) });
  li.append(code, " ", span, bytes);
  return li;
}

export function showTab(name) {
  for (const tab of document.querySelectorAll("[role=tab]")) {
    const on = tab.id === `tab-${name}`;
    tab.setAttribute("aria-selected", String(on));
    tab.tabIndex = on ? 0 : -1;
    $(tab.getAttribute("aria-controls")).hidden = !on;
  }
}

export function wireTabs() {
  const tabs = [...document.querySelectorAll("[role=tab]")];
  tabs.forEach((tab, i) => {
    tab.addEventListener("click", () => showTab(tab.id.slice(4)));
    tab.addEventListener("keydown", (e) => {
      const step = { ArrowRight: 1, ArrowLeft: -1 }[e.key];
      if (!step) return;
      const next = tabs[(i + step + tabs.length) % tabs.length];
      showTab(next.id.slice(4));
      next.focus();
    });
  });
}

export function wireOptional() {
  const filter = $("optional-filter");
  if (!filter) return;
  filter.addEventListener("input", () => {
    const word = filter.value.trim().toLowerCase();
    for (const field of $("optional").querySelectorAll(".field")) {
      field.hidden = Boolean(word) && !field.textContent.toLowerCase().includes(word);
    }
  });
}

/** Open the folded optional parameters when one of them holds a value or must be shown. */
export function unfoldOptional(reveal) {
  const box = $("optional");
  if (box && (reveal || [...box.querySelectorAll("[data-param]")].some((el) => el.value))) box.open = true;
}

function wireHelp() {
  document.querySelectorAll(".field .help").forEach((help) => {
    help.addEventListener("click", () => help.classList.toggle("open"));
  });
}

function typing(target) {
  return target.closest("input, textarea, select, [contenteditable]");
}

/** Ctrl/Cmd+Enter sends from anywhere; "?" lists the shortcuts. */
export function wireShortcuts(send) {
  document.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); send(); return; }
    if (e.key === "?" && !typing(e.target) && !$("shortcuts").open) { e.preventDefault(); $("shortcuts").showModal(); }
  });
}

// "signature updated" for screen readers, once typing pauses: a live region that spoke at every keystroke would
// drown the field being typed.
let pause = null;
export function announceSigned(signature) {
  clearTimeout(pause);
  pause = setTimeout(() => {
    const status = $("sign-status");
    status.textContent = "";
    if (signature) status.textContent = t("signature updated");
  }, 700);
}

export function wirePanel() {
  $("close-shortcuts").addEventListener("click", () => $("shortcuts").close());
  wireTabs();
  wireOptional();
  wireHelp();
}
