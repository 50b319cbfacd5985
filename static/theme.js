// Page preferences, on every page: the colour theme (the system's until the toggle picks dark or light, kept
// in local storage) and presentation mode (for screen sharing, kept for this tab).
import { t } from "./i18n.js";

const THEME = "pne.theme";
const PRESENT = "pne.presenting";
const ORDER = ["auto", "dark", "light"];
const $ = (id) => document.getElementById(id);
const LABELS = { auto: t("Theme: auto"), dark: t("Theme: dark"), light: t("Theme: light") };

function applyTheme(theme) {
  document.documentElement.classList.toggle("dark", theme === "dark");
  document.documentElement.classList.toggle("light", theme === "light");
  if ($("theme-toggle")) $("theme-toggle").textContent = LABELS[theme] || LABELS.auto;
}

// Presentation mode masks logins, ids, key, card data, inbox addresses and raw dumps in every view at once:
// text by CSS (style.css html.presenting: not drawn, "•••" in its place), inputs holding such values as password
// fields (still typed, signed and sent as usual). What arrives later (a reply, a callback) is covered too.
const SECRET_INPUTS = ["login", "client_orderid", "orderid", "cardrefid", "client-order-id", "target_id",
  "server_callback_url", "notify_url", "redirect_url", "redirect_success_url", "redirect_fail_url", "card_printed_name",
  "endpointid", "groupid"].map((name) => `input[name="${name}"]`).concat(["input[data-card]", "#share-link", "#f-oauth_consumer_key"]).join(", ");

function maskInputs(on) {
  for (const input of document.querySelectorAll(SECRET_INPUTS)) {
    if (on && input.type === "text") { input.dataset.shownType = "text"; input.type = "password"; }
    if (!on && input.dataset.shownType) { input.type = input.dataset.shownType; delete input.dataset.shownType; }
  }
}

// Inputs a script adds later (the share link) are masked as they appear.
new MutationObserver(() => {
  if (document.documentElement.classList.contains("presenting")) maskInputs(true);
}).observe(document.body, { childList: true, subtree: true });

function applyPresenting(on) {
  document.documentElement.classList.toggle("presenting", on);
  if ($("present-toggle")) $("present-toggle").setAttribute("aria-pressed", String(on));
  maskInputs(on);
}

let theme = localStorage.getItem(THEME) || "auto";
applyTheme(theme);
applyPresenting(sessionStorage.getItem(PRESENT) === "1");
$("theme-toggle")?.addEventListener("click", () => {
  theme = ORDER[(ORDER.indexOf(theme) + 1) % ORDER.length];
  localStorage.setItem(THEME, theme);
  applyTheme(theme);
});
$("present-toggle")?.addEventListener("click", () => {
  const on = !document.documentElement.classList.contains("presenting");
  sessionStorage.setItem(PRESENT, on ? "1" : "0");
  applyPresenting(on);
});
