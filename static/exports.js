// Code exports: asks POST /api/<command>/export for the snippets (fields only, never the key) and puts the
// control this page computed in place of the server's placeholder. Mounted in <div id="exports">.
import { cardsAndErrors } from "./exportnotes.js";
import { t } from "./i18n.js";

const LANGUAGES = ["curl", "httpie", "python", "php", "node", "java", "postman"];

function element(tag, props = {}, ...children) {
  const el = Object.assign(document.createElement(tag), props);
  el.append(...children);
  return el;
}

/**
 * `collect()` returns the fields (as posted to /sign, without the key); `control()` the page's signature or "";
 * `fingerprint()` the key's fingerprint or "" (each snippet names it in a comment: which key it needs).
 * Returns { refresh } so the builder can ask for fresh snippets after an edit (only when the panel is open).
 */
export function initExports(box, { collect, control, fingerprint = () => "" }) {
  if (!box) return { refresh() {} };
  const language = element("select", { id: "export-language", ariaLabel: t("Export language") },
    ...LANGUAGES.map((l) => element("option", { value: l, textContent: l })));
  const env = element("input", { type: "checkbox", id: "export-env" });
  const cards = element("input", { type: "checkbox", id: "export-cards" });
  const show = element("button", { type: "button", className: "small", id: "export-show", textContent: t("Export") });
  const copy = element("button", { type: "button", className: "small copy", id: "export-copy", textContent: t("Copy"),
    hidden: true });
  const note = element("p", { className: "help", id: "export-note" });
  const code = element("pre", { className: "body", id: "export-code", hidden: true });
  const flows = element("p", { className: "help", id: "export-flows" });
  // Folded: most visits need the signature, not code; the summary says what is inside.
  box.append(element("details", { className: "export-box", id: "export-box" },
    element("summary", {}, t("Export as code: curl, HTTPie, Python, PHP, Node.js, Java, Postman")),
    element("p", {}, language, " ", show, " ", copy),
    element("p", { className: "help" },
      element("label", { className: "inline small" }, env, ` ${t("sign from $MERCHANT_CONTROL")}`), " ",
      element("label", { className: "inline small" }, cards, ` ${t("with card data")}`)),
    note, code, flows));
  let open = false;
  let labels = {};
  let latest = 0;  // only the newest request's answer is shown

  async function refresh() {
    if (!open) return;
    const mine = ++latest;
    const resp = await fetch(box.dataset.api, { method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ ...collect(), reveal: cards.checked, fingerprint: fingerprint() || undefined }) });
    const data = await resp.json();
    if (mine !== latest) return;
    if (!resp.ok) { note.textContent = data.error?.message || `HTTP ${resp.status}`; return; }
    const snippet = data.exports[language.value];
    labels = Object.fromEntries(Object.entries(data.exports).map(([k, v]) => [k, v.label]));
    const signed = control();
    let text = env.checked ? snippet.env : snippet.control;
    if (!env.checked && signed) text = text.split(data.placeholder).join(signed);
    code.textContent = text;
    code.hidden = false;
    copy.hidden = false;
    note.textContent = exportNote(data, signed, labels[language.value]);
    flows.replaceChildren(`${t("Postman flows that run in order against the built-in sandbox:")} `,
      ...data.flows.flatMap(({ name, url }, i) => [i ? ", " : "",
        element("a", { href: url, textContent: name, download: `paynet-${name}.postman_collection.json` })]));
  }

  function exportNote(data, signed, label) {
    const bits = [t("%(label)s. The key is never in an export.", { label })];
    if (env.checked) bits.push(t("Set MERCHANT_CONTROL in the environment: the snippet signs with it."));
    else if (!signed) bits.push(t("Type the key to fill in control (%(placeholder)s until then).", data));
    return [...bits, ...cardsAndErrors(data)].join(" ");
  }

  show.addEventListener("click", () => { open = true; refresh(); });
  for (const input of [language, env, cards]) input.addEventListener("change", refresh);
  copy.addEventListener("click", async () => {
    try { await navigator.clipboard.writeText(code.textContent); copy.textContent = t("Copied"); } catch {
      copy.textContent = t("Select the text to copy");
    }
    setTimeout(() => { copy.textContent = t("Copy"); }, 1200);
  });
  return { refresh };
}
