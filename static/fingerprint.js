// A key's fingerprint, computed in the page (the key never leaves it): the first 8 hex digits of SHA-256 over
// "paynet-key:" + the key trimmed as the gateway trims it, as paynet/fingerprint.py computes it. Shared instead
// of the key: printf %s "paynet-key:$KEY" | sha256sum | cut -c1-8
import { sha256Hex } from "./hashes.js";
import { javaTrim } from "./trim.js";

/** The key's fingerprint, or "" for no key. */
export function keyFingerprint(key) {
  const trimmed = javaTrim(key || "");
  return trimmed ? sha256Hex(`paynet-key:${trimmed}`).slice(0, 8) : "";
}

/** Show `key`'s fingerprint in `node` (the key_fingerprint macro's element): hidden for no key. */
export function showFingerprint(node, key) {
  if (!node) return;
  const found = keyFingerprint(key);
  node.hidden = !found;
  node.querySelector("code").textContent = found;
}
