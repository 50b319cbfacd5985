// The debugger page: check without a reload, and open in the builder. The paste goes to the server without
// the key; the verdict is computed here from the hypotheses it sends back (verdict.js), so the key stays in
// this page. Without JavaScript the form posts the key (the only way a plain form can get a verdict).
import { initExports } from "./exports.js";
import { keyFingerprint, showFingerprint } from "./fingerprint.js";
import { t } from "./i18n.js";
import { checkClass, fingerprintCheck } from "./keycheck.js";
import { debuggerLink, linkState, mountShare } from "./share.js";
import { debugVerdict, warmUp } from "./verdict.js";

const form = document.getElementById("debugger");
const box = document.getElementById("debug-result");
const keyInput = document.getElementById("debug-key");
let fragment = box.innerHTML;

function el(tag, text, cls) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;  // pasted data is text, never HTML
  if (cls) node.className = cls;
  return node;
}

function diagnosisNodes(found) {
  if (found.explanation) return [Object.assign(el("p", found.explanation, "hint"), { id: "explanation" })];
  if (!found.diagnosis.length) return [];
  const list = Object.assign(el("ul", undefined, "diagnosis"), { id: "diagnosis" });
  for (const d of found.diagnosis) {
    const li = el("li");
    li.append(el("code", d.id), ` — ${d.message}`, el("pre", d.string_to_sign));
    list.append(li);
  }
  return [el("h3", t("Which mistake made the customer's hash")), list];
}

// The server's key-less verdict, redone with the key typed here (the fragment is ours, autoescaped).
function showVerdict() {
  box.innerHTML = fragment;
  showFingerprint(document.getElementById("debug-key-fingerprint"), keyInput.value);
  const check = document.getElementById("fingerprint-check");  // the server's, which had no key: redone here
  if (check) {
    const found = fingerprintCheck(check.dataset.merchant, keyInput.value);
    Object.assign(check, { textContent: found.message, className: checkClass(found) });
  }
  const data = document.getElementById("debug-data");
  if (!data) return;
  const found = debugVerdict({ hypotheses: JSON.parse(data.dataset.hypotheses) }, keyInput.value);
  mountExports(found);
  if (!found) return;
  const verdict = document.getElementById("verdict");
  verdict.textContent = JSON.parse(verdict.dataset.labels)[found.verdict];
  verdict.className = `verdict ${found.match ? "ok" : "err"}`;
  document.getElementById("expected-control").textContent = found.expected_control;
  document.getElementById("diagnosis-box").replaceChildren(...diagnosisNodes(found));
  const keyRow = document.getElementById("part-key");  // signed here, not by the server: fill its row in
  if (keyRow) {
    keyRow.className = "";
    keyRow.cells[2].textContent = "***";
    keyRow.cells[3].textContent = String(new TextEncoder().encode(found.key).length);
  }
  box.dataset.computed = found.verdict;  // for tests: the verdict was computed in the page
}

// The verdict's request, corrected, as code: the values as pasted (no key, no card data) with the control the
// page computed from the key typed here.
function mountExports(found) {
  const builder = document.getElementById("open-builder");
  if (!builder) return;
  const { values } = JSON.parse(builder.dataset.builder);
  initExports(document.getElementById("exports"), { collect: () => values,
    control: () => found?.expected_control || "", fingerprint: () => keyFingerprint(keyInput.value) });
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  const button = document.getElementById("check");
  button.disabled = true;
  const body = new FormData(form);
  body.delete("merchant_control");  // never on the wire: the page hashes with it
  try {
    const resp = await fetch(form.action, { method: "POST", body, headers: { "X-Fragment": "1" } });
    fragment = await resp.text();
    showVerdict();
    // The answer first: the paste box shrinks, and the verdict with its explanation comes on screen.
    form.classList.add("has-result");
    box.querySelector("[data-result]")?.scrollIntoView({ block: "nearest" });
  } catch (err) {
    box.textContent = t("Could not reach the tool's server: %(error)s", { error: err.message });
  } finally {
    button.disabled = false;
  }
});

keyInput.addEventListener("input", showVerdict);
setTimeout(warmUp, 0);

box.addEventListener("click", (event) => {
  if (event.target.id !== "open-builder") return;
  const builder = JSON.parse(event.target.dataset.builder);
  sessionStorage.setItem("pne.prefill", JSON.stringify(builder));
  location.href = `/${builder.command}`;
});

const handed = sessionStorage.getItem("pne.debug");  // "open in debugger" on the inspector page (masked, no key)
if (handed) {
  sessionStorage.removeItem("pne.debug");
  document.getElementById("raw").value = handed;
}

// Share: the paste and options in the link's fragment, the key and card data taken out; a link restores them.
const SHARED = ["raw", "command", "endpointid", "groupid", "amount", "currency"];
mountShare(document.getElementById("debug-share"),
  () => debuggerLink(Object.fromEntries(SHARED.map((n) => [n, form.elements[n]?.value || ""]))));
const shared = linkState();
if (shared) {
  for (const name of SHARED) if (shared[name] && form.elements[name]) form.elements[name].value = shared[name];
  if (SHARED.slice(1).some((name) => shared[name])) document.getElementById("more-inputs").open = true;
}
