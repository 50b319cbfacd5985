// The page's one hash module: synchronous, and working on plain http too (WebCrypto's `subtle`
// exists only in secure contexts). @noble/hashes from npm, copied to static/vendor by make.
import { hmac } from "./vendor/noble-hashes/hmac.js";
import { md5, sha1 } from "./vendor/noble-hashes/legacy.js";
import { sha256 } from "./vendor/noble-hashes/sha2.js";
import { bytesToHex, utf8ToBytes } from "./vendor/noble-hashes/utils.js";

const ALGORITHMS = { "sha1": sha1, "sha256": sha256, "md5": md5 };

/** Hex digest of the UTF-8 bytes of `text`: algorithm is sha1, sha256 or md5. */
export function digestHex(algorithm, text) {
  const hash = ALGORITHMS[algorithm];
  if (!hash) throw new Error(`unknown algorithm ${algorithm}`);
  return bytesToHex(hash(utf8ToBytes(text)));
}

export const sha1Hex = (text) => digestHex("sha1", text);
export const sha256Hex = (text) => digestHex("sha256", text);
export const md5Hex = (text) => digestHex("md5", text);

/** HMAC-SHA1 of `text` keyed with `key` (both as UTF-8), hex. */
export function hmacSha1Hex(key, text) {
  return bytesToHex(hmac(sha1, utf8ToBytes(key), utf8ToBytes(text)));
}
