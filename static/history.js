// The workbench's memory beyond a tab: every exchange of every tab in this browser's local storage, merged by
// exchange id and bounded (the newest 200 exchanges, of at most 50 orders, 2 MB), and the newest tab's session,
// which a new tab offers to continue. What is kept is what the timeline keeps: the server's replies (never the
// key; card data masked by the server).
const HISTORY = "pne.history.all";
const LAST = "pne.session.last";
export const LIMITS = { entries: 200, orders: 50, chars: 2 * 1024 * 1024 };

function read(name, fallback) {
  try { return JSON.parse(localStorage.getItem(name)) ?? fallback; } catch { return fallback; }
}

export function allHistory() {
  const entries = read(HISTORY, []);
  return Array.isArray(entries) ? entries : [];
}

/** Newest first, one per id, within LIMITS (an order past the 50th is dropped with its exchanges). */
export function bounded(entries) {
  const ids = new Set();
  const orders = new Set();
  const kept = [];
  let chars = 0;
  for (const e of [...entries].sort((a, b) => String(b.time).localeCompare(String(a.time)))) {
    if (!e || ids.has(e.id)) continue;
    if (e.orderid && !orders.has(e.orderid) && orders.size >= LIMITS.orders) continue;
    const size = JSON.stringify(e).length;
    if (kept.length >= LIMITS.entries || chars + size > LIMITS.chars) break;
    ids.add(e.id);
    if (e.orderid) orders.add(e.orderid);
    kept.push(e);
    chars += size;
  }
  return kept;
}

/** Add exchanges (a tab's newest, or another tab's) to this browser's history. */
export function keepHistory(entries) {
  let all = bounded([...entries, ...allHistory()]);
  for (;;) {
    try { localStorage.setItem(HISTORY, JSON.stringify(all)); return; } catch {
      if (!all.length) return;  // storage full or off: the oldest go first
      all = all.slice(0, -1);
    }
  }
}

export function clearHistory() {
  localStorage.removeItem(HISTORY);
  localStorage.removeItem(LAST);
}

/** The session of the tab that last changed one (environment, target, login, last order): never the key. */
export function rememberLastSession(session) {
  try { localStorage.setItem(LAST, JSON.stringify(session)); } catch { /* not kept */ }
}

export function lastSession() {
  const found = read(LAST, null);
  return found && typeof found === "object" ? found : null;
}
