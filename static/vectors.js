// The vectors page's self-check: every vector signed again in this page (static/recipe.js, static/hashes.js)
// and compared with the control the server computed; the banner says whether all agree.
import { formatNumber, t } from "./i18n.js";
import { sign } from "./recipe.js";

let agree = 0;
const differ = [];
for (const box of document.querySelectorAll("[data-vector]")) {
  const { recipe, vector } = JSON.parse(box.dataset.vector);
  const ours = sign(recipe, vector.values, { target: vector.target.id, targetKind: vector.target.kind,
    key: vector.key });
  const same = ours.signature === vector.control && ours.stringToSign === vector.string_to_sign;
  box.querySelector("[data-check]").textContent = same ? t("page and server agree")
    : t("page: %(signature)s", { signature: ours.signature });
  box.classList.add(same ? "agree" : "differ");
  if (same) agree += 1; else differ.push(`${box.closest("[data-command]").dataset.command} ${vector.name}`);
  if (!same) box.closest("details").open = true;
}
const banner = document.getElementById("self-check");
banner.dataset.state = differ.length ? "differ" : "agree";
banner.textContent = differ.length
  ? t("Self-check: %(count)s vector(s) differ between page and server: %(names)s.",
    { count: formatNumber(differ.length), names: differ.join(", ") })
  : t("Self-check: all %(count)s vectors signed in this page agree with the server's controls.",
    { count: formatNumber(agree) });

// The filter: only the commands whose name holds the text; one match opens.
document.getElementById("vector-filter").addEventListener("input", (event) => {
  const text = event.target.value.trim().toLowerCase();
  const groups = [...document.querySelectorAll("details.group")];
  for (const group of groups) group.hidden = !group.dataset.command.includes(text);
  const shown = groups.filter((group) => !group.hidden);
  if (text && shown.length === 1) shown[0].open = true;
});
