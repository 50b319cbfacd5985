// Live builder: every input posts the fields to /api/<command>/sign, aborting the stale request.
const form = document.getElementById("builder");
const $ = (id) => document.getElementById(id);
const keyInput = $("f-merchant_control");
const KEY_STORE = "pne.merchant_control";
let inflight = null;
let last = null;
let showAll = false;
const touched = new Set();
window.__builder = { updates: 0, lastInput: 0, lastRender: 0 };

function collect() {
  const data = {};
  form.querySelectorAll("[data-param]").forEach((el) => { data[el.name] = el.value; });
  const kind = form.querySelector("input[name=target]:checked")?.value || "endpoint";
  data[kind === "group" ? "groupid" : "endpointid"] = $("f-target").value;
  data.merchant_control = keyInput.value;
  return data;
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
  // The server masks the key; the reveal toggle shows it from the key input, client-side.
  return part.name === "merchant_control" && $("reveal-key").checked ? keyInput.value.trim() : part.value;
}

function renderTrace() {
  if (!last) return;
  $("parts").replaceChildren(...last.parts.map((p) => {
    const li = document.createElement("li");
    const name = document.createElement("code");
    name.textContent = p.name;
    const value = document.createElement("span");
    value.className = "value";
    value.textContent = partText(p);
    li.append(name, " ", value);
    return li;
  }));
  $("string-to-sign").textContent = last.parts.map(partText).join("");
}

function render(data) {
  last = data;
  renderTrace();
  $("path").textContent = data.path;
  $("signature").textContent = data.signature || "—";
  $("body").textContent = data.body;
  $("masked-note").hidden = !(data.masked && data.masked.length);
  const names = new Set([...form.querySelectorAll("[data-messages-for]")].map((el) => el.dataset.messagesFor));
  for (const name of names) {
    const warnings = data.warnings.filter((w) => w.field === name).map((w) => w.message);
    // Errors wait until a field was touched (or Sign pressed): a fresh page is not all red.
    setMessages(name, showAll || touched.has(name) ? data.errors[name] || [] : [], warnings);
  }
}

async function update(event) {
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
      lastRender: performance.now(), signature: data.signature });
  } catch (err) {
    if (err.name !== "AbortError") setMessages("target", [`Could not reach the server: ${err.message}`], []);
  }
}

function generateId() {
  const bytes = crypto.getRandomValues(new Uint8Array(4));
  return [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("").toUpperCase();
}

async function copy(what, button) {
  const text = what === "signature" ? (last?.signature || "") : what === "curl" ? (last?.curl || "") : (last?.body || "");
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
  update(e);
  if (e.target === keyInput) rememberKey();
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
update();
