// On a narrow screen the environment, target and key fold into one summary line once an account filled them,
// so the first signed field is on the first screen; a tap on the line opens them again. Wide screens keep
// them open (the summary line hidden by style.css).
import { t } from "./i18n.js";

const $ = (id) => document.getElementById(id);
const NARROW = matchMedia("(max-width: 900px)");

function summary() {
  const env = $("environment");
  const name = env.selectedOptions[0]?.textContent.split(" — ")[0].trim() || "";
  const kind = document.querySelector("input[name=target]:checked")?.value === "group" ? t("group") : t("end point");
  const target = $("f-target").value ? `${kind} ${$("f-target").value}` : t("no target");
  return [name, target, $("f-merchant_control").value ? t("key typed") : t("no key")].join(" · ");
}

/** Fold after an account's fill (narrow screens only). */
export function foldSetup() {
  $("setup-summary").textContent = summary();
  if (NARROW.matches) $("setup").open = false;
}

export function wireSetup() {
  $("setup").addEventListener("toggle", () => { $("setup-summary").textContent = summary(); });
  NARROW.addEventListener("change", () => { if (!NARROW.matches) $("setup").open = true; });
}
