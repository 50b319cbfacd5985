// This browser's private inbox: its token is kept in local storage; a new one is issued when there is
// none, or when the server no longer knows it (dropped after a day idle).
const KEY = "pne.inbox";

async function issue() {
  const resp = await fetch("/api/inboxes", {
    method: "POST", headers: { "Content-Type": "application/json" }, body: "{}",
  });
  const data = await resp.json();
  if (!resp.ok) throw new Error(data.error.message);
  const inbox = { token: data.token, url: data.url };
  localStorage.setItem(KEY, JSON.stringify(inbox));
  return inbox;
}

export function forget() {
  localStorage.removeItem(KEY);
}

export async function ownInbox() {
  let saved = null;
  try { saved = JSON.parse(localStorage.getItem(KEY)); } catch { saved = null; }
  if (saved && saved.token && saved.url) {
    const resp = await fetch(`/api/callbacks?token=${encodeURIComponent(saved.token)}&after=999999999999999999`);
    if (resp.status !== 404) return saved;
  }
  return issue();
}
