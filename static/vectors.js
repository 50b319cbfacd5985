// The vectors page's self-check: every vector signed again in this page (static/recipe.js, static/hashes.js)
// and compared with the control the server computed; the banner says whether all agree.
import { sign } from "./recipe.js";

let agree = 0;
const differ = [];
for (const box of document.querySelectorAll("[data-vector]")) {
  const { recipe, vector } = JSON.parse(box.dataset.vector);
  const ours = sign(recipe, vector.values, { target: vector.target.id, targetKind: vector.target.kind,
    key: vector.key });
  const same = ours.signature === vector.control && ours.stringToSign === vector.string_to_sign;
  box.querySelector("[data-check]").textContent = same ? "page and server agree" : `page: ${ours.signature}`;
  box.classList.add(same ? "agree" : "differ");
  if (same) agree += 1; else differ.push(`${box.closest("[data-command]").dataset.command} ${vector.name}`);
}
const banner = document.getElementById("self-check");
banner.dataset.state = differ.length ? "differ" : "agree";
banner.textContent = differ.length
  ? `Self-check: ${differ.length} vector(s) differ between page and server: ${differ.join(", ")}.`
  : `Self-check: all ${agree} vectors signed in this page agree with the server's controls.`;
