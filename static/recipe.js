// The page's one recipe interpreter: recipe (data from the server) + values -> string to sign -> SHA-1.
// The same rules as paynet/signing.py and paynet/amounts.py; no per-command logic lives here.
import { sha1Hex } from "./hashes.js";
import { t } from "./i18n.js";
import { javaTrim } from "./trim.js";

export { javaTrim };
const READ_LIMIT = 64;  // paynet/amounts.py READ_LIMIT

/** Why an amount cannot be signed (the server's rule, shortened), or "" when it can. */
export function amountProblem(text) {
  const value = javaTrim(text);
  if (!value) return t("is empty");
  if ([...value].length > READ_LIMIT) return t("must be at most %(limit)s characters", { limit: READ_LIMIT });
  if (value.startsWith("-")) return t("must not be negative");
  if (value.includes(",")) return t("must use '.' as the decimal delimiter, not ','");
  if (/^[0-9.]*[eE][+-]?[0-9]+$/.test(value)) return t("must be plain digits, not exponent notation");
  if (!/^[0-9]+(\.[0-9]+)?$/.test(value)) return t("must be a number in major units like 10.42");
  if ((value.split(".")[1] || "").length > 2) return t("has more than 2 decimals");
  return "";
}

/** Major units -> minor units on the digits themselves, never through a float: "1.15" -> "115". */
export function toMinor(text) {
  const [units, cents = ""] = javaTrim(text).split(".");
  return (units + cents.padEnd(2, "0")).replace(/^0+/, "") || "0";
}

function filled(value) {
  return javaTrim(value || "") !== "";
}

/**
 * Sign `values` (field name -> text) with `recipe` (the parts of GET /api/commands); values are trimmed
 * as the gateway trims them unless `trim` is false; `minor` converts the amount (an alternative explains
 * a currency whose ISO exponent is not 2).
 * Returns { parts: [{name, value, key}], stringToSign, withoutKey, signature, problems }:
 * `withoutKey` is the string with the key part left out (what Send posts as string_to_sign);
 * `signature` is null without a key or when a problem (an amount that cannot be signed) stops it.
 */
export function sign(recipe, values, { target = "", targetKind = "endpoint", key = "", trim = true,
  minor = toMinor } = {}) {
  const parts = [];
  const problems = {};
  for (const part of recipe) {
    const raw = part.source === "key" ? key : part.source === "target" ? target : values[part.name] || "";
    if (part.when && !filled(values[part.when])) continue;
    let value = trim ? javaTrim(raw) : raw;  // untrimmed: what a client that forgets to trim would sign
    if (part.minor_units && javaTrim(value)) {
      const problem = amountProblem(value);
      if (problem) problems[part.name] = problem;  // shown as typed, like the server; not signed
      else value = minor(value);
    }
    const name = part.source === "target" ? (targetKind === "group" ? "groupid" : "endpointid") : part.name;
    parts.push({ name, value, key: part.source === "key" });
  }
  const stringToSign = parts.map((p) => p.value).join("");
  const withoutKey = parts.filter((p) => !p.key).map((p) => p.value).join("");
  const sendable = (trim ? filled(key) : key !== "") && Object.keys(problems).length === 0;
  return { parts, stringToSign, withoutKey, signature: sendable ? sha1Hex(stringToSign) : null, problems };
}
