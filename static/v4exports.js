// The v4 page's code exports: while <details id="export-box"> is open, asks POST /api/v4/<command>/export for
// snippets that sign themselves when they run, with the key read from the file PAYNET_PRIVATE_KEY_FILE names. Only
// the fields are posted: the key this page holds is non-extractable and goes nowhere.
import { cardsAndErrors } from "./exportnotes.js";
import { t } from "./i18n.js";

function exportNote(data, label) {
  const bits = [t("%(label)s. The key is never in an export.", { label }),
    t("Set %(variable)s to the path of your private key file: the snippet signs with it when it runs.",
      { variable: data.key_file }), ...cardsAndErrors(data)];
  return bits.join(" ");
}

/** `collect()` returns the page's values (never the key). Returns { refresh } for the page to call after edits. */
export function initV4Exports(box, collect) {
  if (!box) return { refresh() {} };
  const $ = (id) => box.querySelector(`#${id}`);
  const [language, cards, copy, note, code] = ["export-language", "export-cards", "export-copy", "export-note",
    "export-code"].map($);
  let latest = 0;  // only the newest request's answer is shown

  async function refresh() {
    if (!box.open) return;
    const mine = ++latest;
    let resp, data;
    try {
      resp = await fetch(box.dataset.api, { method: "POST", headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ ...collect(), reveal: Boolean(cards?.checked) }) });
      data = await resp.json();
    } catch (err) {
      if (mine === latest) note.textContent = t("Could not reach the server: %(error)s", { error: err.message });
      return;
    }
    if (mine !== latest) return;
    code.hidden = copy.hidden = !resp.ok;
    if (!resp.ok) { note.textContent = data.error?.message || `HTTP ${resp.status}`; return; }
    const snippet = data.exports[language.value];
    code.textContent = snippet.code;
    note.textContent = exportNote(data, snippet.label);
  }

  box.addEventListener("toggle", refresh);
  for (const input of [language, cards]) input?.addEventListener("change", refresh);
  copy.addEventListener("click", async () => {
    try { await navigator.clipboard.writeText(code.textContent); copy.textContent = t("Copied"); } catch {
      copy.textContent = t("Select the text to copy");
    }
    setTimeout(() => { copy.textContent = t("Copy"); }, 1200);
  });
  return { refresh };
}
