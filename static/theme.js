// The colour theme: the system's (prefers-color-scheme) until the toggle picks dark or light, kept in
// local storage. Loaded by every page.
const STORE = "pne.theme";
const ORDER = ["auto", "dark", "light"];

function apply(theme) {
  document.documentElement.classList.toggle("dark", theme === "dark");
  document.documentElement.classList.toggle("light", theme === "light");
  const button = document.getElementById("theme-toggle");
  if (button) button.textContent = `Theme: ${theme}`;
}

let theme = localStorage.getItem(STORE) || "auto";
apply(theme);
document.getElementById("theme-toggle")?.addEventListener("click", () => {
  theme = ORDER[(ORDER.indexOf(theme) + 1) % ORDER.length];
  localStorage.setItem(STORE, theme);
  apply(theme);
});
