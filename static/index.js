// The commands page: this browser's saved requests (open, delete, export, import) and its kept history.
import { collectionFile, importCollection, removeRequest, savedRequests } from "./collection.js";
import { allHistory, clearHistory } from "./history.js";
import { t } from "./i18n.js";

const $ = (id) => document.getElementById(id);
const box = $("collection");
const commands = JSON.parse(box.dataset.commands);

function open(request) {
  sessionStorage.setItem("pne.prefill", JSON.stringify({ command: request.command, values: request.values }));
  location.href = `/${request.command}`;
}

function render() {
  const requests = savedRequests();
  $("collection-empty").hidden = requests.length > 0;
  $("saved-requests").replaceChildren(...requests.map((request) => {
    const li = document.createElement("li");
    const link = Object.assign(document.createElement("button"), { type: "button", className: "small open-request",
      textContent: request.name });
    link.addEventListener("click", () => open(request));
    const drop = Object.assign(document.createElement("button"), { type: "button", className: "small",
      textContent: t("delete") });
    drop.addEventListener("click", () => { removeRequest(request.name); render(); });
    li.append(link, ` ${request.command} `, drop);
    return li;
  }));
  const kept = allHistory().length;
  $("history-note").textContent = t("History on this browser: %(count)s exchanges.", { count: kept });
  $("clear-history").hidden = kept === 0;
}

$("export-collection").addEventListener("click", () => {
  const a = Object.assign(document.createElement("a"), { download: "paynet-collection.json",
    href: URL.createObjectURL(new Blob([JSON.stringify(collectionFile(), null, 2)], { type: "application/json" })) });
  document.body.append(a);
  a.click();
  a.remove();
});
$("import-collection").addEventListener("change", async (event) => {
  const file = event.target.files[0];
  if (!file) return;
  try {
    const count = importCollection(await file.text(), commands);
    $("collection-status").className = "help";
    $("collection-status").textContent = t("Imported %(count)s requests.", { count });
  } catch (err) {
    $("collection-status").className = "verdict err";
    $("collection-status").textContent = err.message;
  }
  event.target.value = "";
  render();
});
$("clear-history").addEventListener("click", () => { clearHistory(); render(); });
box.hidden = false;
render();
