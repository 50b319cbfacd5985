// The callbacks page: poll the inbox, verify each entry with the key typed here (never stored).
const $ = (id) => document.getElementById(id);
const seen = new Map();

function el(tag, text, cls) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;  // received data is text, never HTML
  if (cls) node.className = cls;
  return node;
}

async function verify(raw, kind) {
  const resp = await fetch("/api/callback/verify", {
    method: "POST", headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ raw, merchant_control: $("cb-key").value, kind: kind || undefined }),
  });
  return resp.json();
}

function verdictNode(data) {
  if (data.error) return el("p", data.error.message, "verdict err");
  const box = el("div");
  const text = data.match === true ? `Match: a valid ${data.kind}.` : data.match === false
    ? `Mismatch: not signed with this key as a ${data.kind}.` : "No key or no control: the verdict is unknown.";
  box.append(el("p", text, `verdict ${data.match ? "ok" : data.match === false ? "err" : "info"}`));
  box.append(el("pre", `string to sign: ${data.string_to_sign}\nexpected: ${data.expected_control}\nreceived: ${data.received_control}`));
  for (const d of data.diagnosis || []) box.append(el("p", `${d.id}: ${d.message}`, "warning"));
  for (const w of data.warnings || []) box.append(el("p", w, "help"));
  return box;
}

function source(item) {
  return item.method === "GET" ? item.url : item.body;
}

async function refreshVerdicts() {
  for (const [, { item, slot }] of seen) {
    slot.replaceChildren(verdictNode(await verify(source(item), item.method === "GET" ? "callback" : "redirect")));
  }
}

async function poll() {
  try {
    const data = await (await fetch("/api/callbacks")).json();
    for (const item of data.received.slice().reverse()) {
      if (seen.has(item.id)) continue;
      const li = el("li");
      li.append(el("pre", item.raw));
      const slot = el("div", undefined, "verdict-slot");
      li.append(slot);
      $("inbox").prepend(li);
      seen.set(item.id, { item, slot });
      if ($("cb-key").value) slot.replaceChildren(verdictNode(await verify(source(item), item.method === "GET" ? "callback" : "redirect")));
    }
    $("inbox-empty").hidden = seen.size > 0;
    $("deliveries").replaceChildren(...data.deliveries.map((d) =>
      el("li", `order ${d.paynet_order_id} -> ${d.url}: ${d.outcome}${d.request ? `\n${d.request}` : ""}`)));
  } finally {
    setTimeout(poll, 1500);
  }
}

$("cb-key").addEventListener("change", refreshVerdicts);
$("cb-verify").addEventListener("click", async () => {
  $("cb-result").replaceChildren(verdictNode(await verify($("cb-raw").value, $("cb-kind").value)));
});
poll();
