// The pages' strings come from the server's catalogue (Flask-Babel): base.html puts this language's
// translations of every t("...") literal (Babel extracts them from these files) in a JSON block.
// English needs none: the msgid is the English text.
let strings = null;

function catalogue() {
  if (strings === null) {
    try { strings = JSON.parse(document.getElementById("i18n-strings")?.textContent || "{}"); } catch { strings = {}; }
  }
  return strings;
}

/** The translation of `msgid`, with %(name)s filled from `values` (after translating, like the server). */
export function t(msgid, values) {
  const text = catalogue()[msgid] || msgid;
  return values ? text.replace(/%\((\w+)\)s/g, (whole, name) => (name in values ? String(values[name]) : whole)) : text;
}

/** The page's language, for Intl's date and number formats. */
export function lang() {
  return document.documentElement.lang || "en";
}

/** A number in the page's language (grouping: 1,234 in English, 1 234 in Russian). */
export function formatNumber(value) {
  return new Intl.NumberFormat(lang()).format(value);
}

/** A clock time (hours, minutes, seconds; 24-hour in both languages) in the page's language. */
export function formatTime(date) {
  return new Intl.DateTimeFormat(lang(), { hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" })
    .format(date);
}
