// The debugger's and the callback verifier's verdict in the page: the server sends the hypotheses as
// templates (debugger/candidates.py), without the key; this fills the key in and hashes them, so the key
// never leaves the browser. The same rules as the server's: one generic interpreter, no per-mistake logic.
import { digestHex, hmacSha1Hex } from "./hashes.js";

const MASK = "***";
// Java's String.trim(): every character up to U+0020, as the gateway trims before it checks.
const javaTrim = (text) => text.replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, "");

function keyFor(candidate, key) {
  return candidate.key === "left-out" ? "" : javaTrim(key);
}

/** The string a candidate signs: `slot` (or the key, transformed) wherever the key goes. */
export function fill(set, candidate, key, slot) {
  const value = slot === undefined ? keyFor(candidate, key) : candidate.key === "left-out" ? "" : slot;
  return candidate.segments.map((i) => (i === null ? value : set.texts[i])).join("");
}

export function digest(set, candidate, key) {
  const text = fill(set, candidate, key);
  const hex = candidate.algorithm === "hmac-sha1"
    ? hmacSha1Hex(keyFor(candidate, key), text) : digestHex(candidate.algorithm, text);
  return candidate.hex === "upper" ? hex.toUpperCase() : hex;
}

function matches(set, candidate, key, received) {
  return digest(set, candidate, key) === (candidate.hex === "upper" ? received : received.toLowerCase());
}

/** The verdict over one set of templates: expected control, match, and the hypotheses that reproduce it. */
export function judge(set, key, received) {
  const expected = digest(set, set.expected, key);
  if (received === expected) return { expected, match: true, diagnosis: [] };
  const diagnosis = set.candidates.filter((c) => matches(set, c, key, received))
    .map((c) => ({ id: c.id, message: c.message, string_to_sign: fill(set, c, key, MASK) }));
  return { expected, match: false, diagnosis };
}

/** Compile the hash functions before the first verdict: cold, the worst case (720 reorderings) took up to
 * 95 ms on a busy 2-core machine, warm under 10 ms. Called once the page is idle; costs a few ms. */
export function warmUp() {
  const set = { texts: ["warm"], expected: { segments: [0, null], key: "trimmed", algorithm: "sha1", hex: "lower" } };
  set.candidates = ["sha1", "sha256", "md5", "hmac-sha1"].map((algorithm) => ({ ...set.expected, algorithm }));
  for (let i = 0; i < 100; i++) judge(set, `key${i}`, "");
}

/** A key-less /api/debug (or /debug fragment) reply + the key typed here -> the with-key reply's verdict. */
export function debugVerdict(data, key) {
  if (!data.hypotheses || !javaTrim(key)) return null;
  const found = judge(data.hypotheses, key, data.hypotheses.received);
  return {
    verdict: found.match ? "match" : "mismatch", match: found.match, expected_control: found.expected,
    key: javaTrim(key),
    diagnosis: found.diagnosis,
    explanation: found.match || found.diagnosis.length ? null : data.hypotheses.none_found,
  };
}

/** A key-less /api/callback/verify reply + the key -> kind, kinds that match, match, expected control, string,
 * diagnosis. */
export function callbackVerdict(data, key) {
  if (!data.hypotheses || !javaTrim(key)) return null;
  // The server orders the kinds by the paste's method (a POST: the final redirect first); the first match wins.
  const matching = data.hypotheses.filter((set) => digest(set, set.expected, key) === data.received_control);
  const set = matching[0] || data.hypotheses.find((s) => s.kind === data.kind);
  const found = judge(set, key, data.received_control);
  const kinds = matching.map((s) => s.kind);
  return {
    kind: set.kind, kinds: data.method ? kinds.slice(0, 1) : kinds, match: found.match, expected_control: found.expected,
    string_to_sign: fill(set, set.expected, key, MASK), diagnosis: found.match ? [] : found.diagnosis,
  };
}
