// A new tab offers to continue the last session: its environment, target, login and last order, and this
// browser's history as the tab's timeline. An older tab (it has a session) is not asked.
import { allHistory, lastSession } from "./history.js";
import { t } from "./i18n.js";
import { session, updateSession } from "./session.js";
import { continueFrom } from "./timeline.js";

export function offerToContinue() {
  const box = document.getElementById("continue-box");
  const last = lastSession();
  const kept = allHistory();
  if (!box || Object.keys(session()).length || !last || !kept.length) return;
  box.querySelector("#continue-text").textContent = t("This browser kept %(count)s exchanges of an earlier session.",
    { count: kept.length });
  box.hidden = false;
  box.querySelector("#continue-session").addEventListener("click", () => {
    updateSession(last);
    continueFrom(kept);
    location.reload();
  });
  box.querySelector("#continue-dismiss").addEventListener("click", () => {
    updateSession({ started: new Date().toISOString() });  // this tab has its own session now: asked once
    box.hidden = true;
  });
}
