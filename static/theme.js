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

// Presentation mode hides login, ids, key, card data and raw dumps in every view at once, by CSS (style.css
// html.presenting): what arrives later (a reply, a callback) is covered too.
function applyPresenting(on) {
  document.documentElement.classList.toggle("presenting", on);
  if ($("present-toggle")) $("present-toggle").setAttribute("aria-pressed", String(on));
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
