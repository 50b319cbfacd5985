// Sandbox scenarios (local environment only): the documented magic values in one choice, and "use my inbox"
// for the URL fields that receive callbacks or the payer. The values are the README's, not rules of the page.
import { t } from "./i18n.js";
import { ownInbox } from "./inbox.js";

const $ = (id) => document.getElementById(id);
const CENTS = { approve: "00", decline: "01", filter: "02", error: "03" };  // the sandbox's magic amounts
const THREE_DS_CARD = "4000000000003220";  // the sandbox's 3-D Secure test card
const INBOX_FIELDS = ["server_callback_url", "notify_url", "redirect_url"];

function setValue(name, value) {
  const el = document.querySelector(`#builder [data-param][name="${name}"]`);
  if (el) el.value = value;
  return Boolean(el);
}

/** Fill the chosen scenario's values; `changed` re-signs the page. */
export function applyScenario(choice, changed) {
  if (!choice) return;
  if (choice === "3ds") setValue("credit_card_number", THREE_DS_CARD);
  else {
    const amount = document.querySelector("#builder [data-param][name=amount]");
    const units = (amount?.value.split(".")[0] || "").trim() || "10";
    setValue("amount", `${units}.${CENTS[choice]}`);
    if (choice === "approve" && amount && document.querySelector("#builder [name=credit_card_number][data-card]")) {
      setValue("credit_card_number", document.querySelector("#builder [name=credit_card_number]").dataset.example || "");
    }
  }
  changed();
}

function addInboxButtons(changed) {
  for (const name of INBOX_FIELDS) {
    const input = document.querySelector(`#builder [data-param][name="${name}"]`);
    if (!input) continue;
    const b = Object.assign(document.createElement("button"), { type: "button", className: "small inbox-fill",
      textContent: t("use my inbox") });
    b.setAttribute("aria-label", t("use my inbox for %(name)s", { name }));
    b.addEventListener("click", async () => {
      try { input.value = (await ownInbox()).url; } catch { return; }  // rate-limited: left as it was
      changed();
    });
    input.parentNode.append(b);
  }
}

/** Show the chooser only with the built-in sandbox. */
export function showScenarios(environment) {
  const box = $("scenario-box");
  if (box) box.hidden = environment !== "local" || !document.querySelector("#builder [name=amount], #builder [name=credit_card_number]");
}

export function wireScenarios(changed) {
  addInboxButtons(changed);
  const chooser = $("scenario");
  if (chooser) chooser.addEventListener("change", () => applyScenario(chooser.value, changed));
}
