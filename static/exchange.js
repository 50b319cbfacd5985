// The builder's exchange panel after Send: what went out and what came back, gateway data always as text.
import { t } from "./i18n.js";

const $ = (id) => document.getElementById(id);

function cell(tag, text) {
  const el = document.createElement(tag);
  el.textContent = text;
  return el;
}

/** Show a send's exchange: the verdict, the parsed fields, the raw request and response. Returns the fields. */
export function renderExchange(data) {
  const box = $("exchange");
  box.hidden = false;
  $("exchange-detail").hidden = false;
  $("error-summary").hidden = true;
  // Which request this is: after Check status the form above still shows the first command's request.
  $("exchange-of").textContent = data.request
    ? t("The %(command)s request and its response: %(method)s %(url)s", { command: data.command || "",
      method: data.request.method, url: data.request.url }) : "";
  const resp = data.response;
  const verdict = $("verdict");
  if (data.error) {
    verdict.className = "verdict err";
    verdict.textContent = `${data.error.kind}: ${data.error.message}`;
  } else {
    const failed = ["validation-error", "error"].includes(resp.type) || ["declined", "filtered", "error"].includes(resp.status_value);
    verdict.className = `verdict ${failed ? "err" : resp.status_value === "approved" ? "ok" : "info"}`;
    verdict.textContent = [resp.type, resp.status_value && t("status %(status)s", { status: resp.status_value }),
      resp.error_code && t("error %(code)s", { code: resp.error_code }), resp.error_message].filter(Boolean).join(" · ");
  }
  $("hint").hidden = !(resp && resp.hint);
  $("hint").textContent = (resp && resp.hint) || "";
  const fields = (resp && resp.fields) || {};
  $("fields-table").tBodies[0].replaceChildren(...Object.entries(fields).map(([k, v]) => {
    const tr = document.createElement("tr");
    tr.append(cell("th", k), cell("td", v));  // gateway data is text, never HTML
    return tr;
  }));
  // A hosted form (redirect-url) or a 3-D Secure page (redirect-to on a processing status): the payer's page.
  const key = fields["redirect-url"] ? "redirect-url" : "redirect-to";
  showRedirect(fields[key], ((resp && resp.links) || {})[key]);
  $("exchange-notes").replaceChildren(...(data.notes || []).map((n) => cell("li", n)));
  $("raw-request").textContent = data.request ? data.request.raw : "";
  $("raw-response").textContent = resp ? resp.raw : t("(no response)");
  return fields;
}

/** The verdict and what it means on screen, without moving the focus elsewhere than the verdict. */
export function showResult() {
  $("verdict").focus({ preventScroll: true });
  $("result-summary").scrollIntoView({ block: "nearest" });
}

// Only a URL the server checked (absolute http/https: resp.links) becomes a link; anything else is text.
function showRedirect(redirect, link) {
  $("redirect").hidden = !redirect;
  $("redirect-link").hidden = !link;
  $("redirect-link").removeAttribute("href");
  if (link) $("redirect-link").href = link;
  $("redirect-text").textContent = !redirect ? "" : link ? redirect
    : t("%(url)s (not an http:// or https:// URL: not a link)", { url: redirect });
}

/** Show a send the tool's server refused: nothing went out. */
export function refusal(data) {
  $("exchange").hidden = false;
  $("verdict").className = "verdict err";
  $("verdict").textContent = data.error ? data.error.message : t("Refused.");
  for (const id of ["hint", "redirect", "actions", "next-steps", "exchange-detail"]) $(id).hidden = true;
  $("fields-table").tBodies[0].replaceChildren();
  $("exchange-notes").replaceChildren();  // an earlier send's notes would speak of a request that was not sent
  $("raw-request").textContent = "";
  $("exchange-of").textContent = "";
  $("raw-response").textContent = "";
  errorSummary((data.error && data.error.errors) || data.errors || {});
}

// GOV.UK's error summary: one link per field to fix, in the form's order; a link opens the field's fold.
function errorSummary(errors) {
  const list = $("error-summary");
  list.replaceChildren(...Object.entries(errors).flatMap(([name, messages]) => messages.map((message) => {
    const link = Object.assign(document.createElement("a"), { href: `#f-${name}`, textContent: message });
    const item = document.createElement("li");
    item.append(link);
    return item;
  })));
  list.hidden = !list.children.length;
}

document.addEventListener("click", (event) => {
  const link = event.target.closest("#error-summary a");
  const input = link && $(link.hash.slice(1));
  if (!input) return;
  event.preventDefault();
  const fold = input.closest("details");
  if (fold) fold.open = true;
  input.focus();
});
