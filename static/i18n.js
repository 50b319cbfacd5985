// The pages' strings from the server's catalogue: base.html embeds the translations of every t("...") literal
// (Babel extracts them) as JSON; English needs none, the msgid is the English.
let strings = null;

function catalogue() {
  if (strings === null) {
    try { strings = JSON.parse(document.getElementById("i18n-strings")?.textContent || "{}"); } catch { strings = {}; }
  }
  return strings;
}

/** `msgid` translated, then %(name)s filled from `values`, like the server. */
export function t(msgid, values) {
  const text = catalogue()[msgid] || msgid;
  return values ? text.replace(/%\((\w+)\)s/g, (whole, name) => (name in values ? String(values[name]) : whole)) : text;
}

/** The page's language, for Intl. */
export function lang() {
  return document.documentElement.lang || "en";
}

/** 1,234 in English, 1 234 in Russian. */
export function formatNumber(value) {
  return new Intl.NumberFormat(lang()).format(value);
}

/** A 24-hour clock time, hh:mm:ss. */
export function formatTime(date) {
  return new Intl.DateTimeFormat(lang(), { hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" })
    .format(date);
}
