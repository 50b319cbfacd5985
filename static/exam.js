// The inspector's merchant-side tools: the callback-handler exam (start it, follow its report, download it as JSON
// for a ticket) and one callback on demand for an order of the account. The report is the API's, in the page's
// language; everything shown is text, never HTML.
import { t } from "./i18n.js";

const $ = (id) => document.getElementById(id);
let following = 0;  // the exam whose report the page shows (0: none)

function el(tag, text, cls) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = text;
  if (cls) node.className = cls;
  return node;
}

const GRADE_CLASS = { pass: "ok", warn: "warn", fail: "err" };

function observed(o) {
  if (o.http_status === null) return o.failure || t("no answer");
  const body = o.body ? ` ${o.body}${o.body_cut ? "…" : ""}` : "";
  return `HTTP ${o.http_status}${o.location ? " → " + o.location : ""}${body}`;
}

/** The report as a table: each case with what a sound handler does, what this one did, the grade and why. */
function showReport(report) {
  const box = $("exam-report");
  box.hidden = false;
  const g = report.grades;
  $("exam-summary").textContent = (report.state === "done" ? t("exam done") : t("exam running…")) + " · "
    + t("%(pass)s pass, %(warn)s warn, %(fail)s fail of %(of)s", { ...g, of: report.of });
  const rows = report.cases.map((c) => {
    const tr = el("tr");
    const request = el("details");
    request.append(el("summary", c.id), el("pre", c.request));
    const expected = el("td", c.expected);
    const grade = el("td", undefined);
    grade.append(el("strong", c.grade, `verdict ${GRADE_CLASS[c.grade]}`), el("span", ` ${c.why}`));
    const first = el("td", String(c.number));
    const what = el("td");
    what.append(request);
    tr.append(first, what, expected, el("td", observed(c.observed)),
      el("td", c.observed.asked_status ? t("yes") : t("no")), grade);
    return tr;
  });
  $("exam-rows").replaceChildren(...rows);
  $("exam-download").onclick = () => {
    const blob = new Blob([JSON.stringify(report, null, 2)], { type: "application/json" });
    const link = Object.assign(el("a"), { href: URL.createObjectURL(blob), download: `callback-exam-${report.exam_id}.json` });
    link.click();
    URL.revokeObjectURL(link.href);
  };
  box.dataset.result = "";
}

async function follow(authorised, account, examId) {
  following = examId;
  const resp = await authorised(`/api/sandbox/accounts/${account.id}/exams/${examId}`);
  const data = await resp.json();
  if (!resp.ok) { $("exam-status").textContent = data.error.message; return; }
  if (following !== examId) return;
  showReport(data);
  if (data.state === "running") { setTimeout(() => follow(authorised, account, examId), 500); return; }
  $("exam-status").textContent = t("exam done");
  // The timeline listed the exam when it started: its line now says how it ended.
  document.querySelector(`#timeline li[data-exam="${examId}"]`)?.replaceWith(examItem(data, authorised, account));
}

async function post(authorised, path, body) {
  const resp = await authorised(path, {
    method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body),
  });
  return [resp, await resp.json()];
}

/** Wire the exam and on-demand forms of the page to the current account. */
export function setUp(authorised, current) {
  $("exam-start").addEventListener("click", async () => {
    const account = current();
    const [resp, data] = await post(authorised, `/api/sandbox/accounts/${account.id}/exams`,
      { url: $("exam-url").value.trim(), orderid: $("exam-order").value.trim() });
    if (!resp.ok) { $("exam-status").textContent = data.error.message; return; }
    $("exam-status").textContent = t("exam running…");
    follow(authorised, account, data.exam_id);
  });
  $("cb-send").addEventListener("click", async () => {
    const account = current();
    const orderid = $("exam-order").value.trim();
    const body = { url: $("exam-url").value.trim() };
    for (const name of ["status", "type", "amount"]) {
      const value = $(`cb-${name}`).value.trim();
      if (value) body[name] = value;
    }
    const [resp, data] = await post(authorised,
      `/api/sandbox/accounts/${account.id}/orders/${encodeURIComponent(orderid || "-")}/callbacks`, body);
    $("exam-status").textContent = resp.ok ? t("callback sent: its delivery and the answer follow below")
      : data.error.message;
  });
}

/** An exam in the account's timeline: its summary and a button showing its report. */
export function examItem(entry, authorised, account) {
  const li = el("li", undefined, "exam");
  li.dataset.exam = entry.exam_id;
  const g = entry.grades;
  li.append(el("strong", t("callback-handler exam of %(url)s, order %(order)s", { url: entry.url, order: entry.orderid })),
    el("p", `${entry.state === "done" ? t("exam done") : t("exam running…")} · `
      + t("%(pass)s pass, %(warn)s warn, %(fail)s fail of %(of)s", { ...g, of: entry.of }),
    g.fail ? "verdict err" : g.warn ? "verdict warn" : "verdict ok"));
  const open = el("button", t("show the report"));
  open.type = "button";
  open.addEventListener("click", () => follow(authorised, account, entry.exam_id));
  li.append(open);
  return li;
}

/** The order a request entry's answer names (paynet-order-id), to test callbacks for it. */
export function offerOrder(li, entry) {
  const found = /(?:^|[\n&])paynet-order-id=(\d{1,18})/.exec(entry.response || "");
  if (!found) return;
  const use = el("button", t("test callbacks for this order"));
  use.type = "button";
  use.addEventListener("click", () => {
    $("exam-order").value = found[1];
    $("exam-box").open = true;
    $("exam-url").focus();
  });
  li.append(use);
}
