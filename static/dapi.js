// The DAPI signature tool: the page runs the fields together by the recipes the template gives (paynet/dapi.py's)
// and signs each string with HMAC-SHA1 in WebCrypto, so the control key never leaves the browser. The server is
// asked only for the fields' messages, with the fields and never the key; the key's own rules are checked here.
import { t } from "./i18n.js";

const $ = (id) => document.getElementById(id);
const root = $("dapi");
const KEY = "control_key";
const RECIPES = JSON.parse(root.dataset.recipes);
const IF_PRESENT = JSON.parse(root.dataset.ifPresent);
const SECTIONS = [...document.querySelectorAll(".dapi-signature")];
let round = 0;
let inflight = null;
let fieldErrors = {};  // the server's last answer: with errors nothing is signed, as the API does
let cached = { digits: null, key: null };  // the imported CryptoKey for the digits typed, re-made when they change
window.__dapi = { signs: 0, checks: 0 };

function values() {
  const found = {};
  root.querySelectorAll("[data-param]").forEach((el) => { found[el.dataset.param] = el.value; });
  return found;
}

/** A recipe's string: its parts run together, an "if present" part left out when empty. */
function build(i, v) {
  return RECIPES[i].filter((name) => !IF_PRESENT[i].includes(name) || v[name]).map((name) => v[name] || "").join("");
}

/** paynet/dapi.py key_problems, with its messages: every rule the key breaks, never a character of it. */
export function keyProblems(key) {
  const name = KEY;
  const chars = Array.from(key);
  const problems = [];
  if (chars.some((c) => /\s/.test(c))) {
    problems.push(t("%(name)s has spaces or line breaks: remove them (only dashes are removed before decoding).",
      { name }));
  }
  const bad = [];
  chars.forEach((c, i) => { if (c !== "-" && !/\s/.test(c) && !/^[0-9A-Fa-f]$/.test(c)) bad.push(i + 1); });
  const digits = key.replaceAll("-", "");
  if (bad.length) {
    problems.push(t("%(name)s has characters that are neither hex digits (0-9, A-F) nor dashes: %(count)s, the "
      + "first at position %(position)s.", { name, count: bad.length, position: bad[0] }));
  } else if (!problems.length && digits.length % 2) {
    problems.push(t("%(name)s has an odd number of hex digits (%(count)s) once its dashes are removed: each byte is "
      + "two digits.", { name, count: digits.length }));
  } else if (!problems.length && !digits) {
    problems.push(t("%(name)s has no hex digits, only dashes.", { name }));
  }
  return problems;
}

function keyWarnings(digits) {
  const found = [];
  if (digits !== digits.toUpperCase()) {
    found.push(t("%(name)s has lower-case hex digits: decoded here as the same bytes, but the reference proxy "
      + "(Guava's base16) refuses lower case; the gateway issues keys in upper case.", { name: KEY }));
  }
  if (digits.length !== 32) {
    found.push(t("%(name)s has %(count)s hex digits; the gateway's control keys have 32 (a UUID): is it whole?",
      { name: KEY, count: digits.length }));
  }
  return found;
}

function hexBytes(digits) {
  return Uint8Array.from(digits.match(/../g), (pair) => parseInt(pair, 16));
}

const toHex = (bytes) => Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("").toUpperCase();

/** HMAC-SHA1 of the UTF-8 bytes of each text, upper-case hex. Without WebCrypto (plain http away from localhost)
 * the vendored SHA-1 computes the same HMAC, still in the page. */
async function sign(digits, texts) {
  const data = texts.map((text) => new TextEncoder().encode(text));
  if (!globalThis.crypto?.subtle) {
    const [{ hmac }, { sha1 }] = await Promise.all([import("./vendor/noble-hashes/hmac.js"),
      import("./vendor/noble-hashes/legacy.js")]);
    return data.map((bytes) => toHex(hmac(sha1, hexBytes(digits), bytes)));
  }
  if (cached.digits !== digits) {
    const key = await crypto.subtle.importKey("raw", hexBytes(digits), { name: "HMAC", hash: "SHA-1" }, false,
      ["sign"]);
    cached = { digits, key };
  }
  const key = cached.key;
  return Promise.all(data.map(async (bytes) => toHex(new Uint8Array(await crypto.subtle.sign("HMAC", key, bytes)))));
}

function item(text, className) {
  return Object.assign(document.createElement("li"), { textContent: text, className });
}

function setMessages(name, errors, warnings = []) {
  const list = root.querySelector(`[data-messages-for="${CSS.escape(name)}"]`);
  if (list) list.replaceChildren(...errors.map((e) => item(e, "error")), ...warnings.map((w) => item(w, "warning")));
}

/** Why nothing can be signed now, or "" when the key and the fields are fine. */
function unsignable(key, problems) {
  if (!key) return t("— type the control key to sign");
  if (problems.length) return t("— not signed: the control key cannot be used");
  const names = Object.keys(fieldErrors).filter((name) => name !== KEY);
  return names.length ? t("— not signed: %(names)s need attention", { names: names.join(", ") }) : "";
}

/** Build the strings and sign them; a slower signing of older values never overwrites a newer one. */
async function update() {
  const mine = ++round;
  const v = values();
  const strings = RECIPES.map((_parts, i) => build(i, v));
  SECTIONS.forEach((section, i) => { section.querySelector("[data-string]").textContent = strings[i]; });
  $("agreement").textContent = strings[1] === strings[2]
    ? t("The two check-transfer variants agree: no card id is given.")
    : t("The check-transfer variants differ: the swagger variant signs the card ids, the proxy's code does not.");
  const key = $("f-control_key").value;
  const problems = key ? keyProblems(key) : [];
  const digits = key.replaceAll("-", "");
  setMessages(KEY, problems, key && !problems.length ? keyWarnings(digits) : []);
  $("key-status").textContent = key && !problems.length
    ? t("A %(bytes)s-byte key, decoded in this page.", { bytes: digits.length / 2 }) : "";
  const reason = unsignable(key, problems);
  const signatures = reason ? strings.map(() => reason) : await sign(digits, strings);
  if (mine !== round) return;
  SECTIONS.forEach((section, i) => { section.querySelector("[data-signature]").textContent = signatures[i]; });
  window.__dapi.signs += 1;
}

/** The server's messages for the fields (never the key); its strings must be the page's. */
async function check() {
  if (inflight) inflight.abort();
  const controller = new AbortController();
  inflight = controller;
  try {
    const resp = await fetch(root.dataset.sign, { method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify(values()), signal: controller.signal });
    const data = await resp.json();
    if (controller !== inflight) return;
    fieldErrors = data.errors || {};
    const warnings = data.warnings || [];
    for (const el of root.querySelectorAll("[data-messages-for]")) {
      const name = el.dataset.messagesFor;
      if (name !== KEY) setMessages(name, fieldErrors[name] || [], warnings.filter((w) => w.field === name).map((w) => w.message));
    }
    const theirs = (data.signatures || []).map((s) => s.string_to_sign);
    const ours = SECTIONS.map((section) => section.querySelector("[data-string]").textContent);
    $("server-check").textContent = !resp.ok && !data.errors ? data.error?.message || `HTTP ${resp.status}`
      : theirs.length && theirs.join("\n") !== ours.join("\n") ? t("The server builds different strings from these values.") : "";
    window.__dapi.checks += 1;
    await update();
  } catch (err) {
    if (err.name !== "AbortError") $("server-check").textContent = t("Could not reach the server: %(error)s", { error: err.message });
  }
}

root.addEventListener("input", (e) => {
  if (e.target.id === "show-key") return;
  update();
  if (e.target.dataset.param) check();
});
$("show-key").addEventListener("change", (e) => { $("f-control_key").type = e.target.checked ? "text" : "password"; });
update();
check();
