// v4's OAuth 1.0a in the page: the same encode / normalize / base string as paynet/oauth.py (RFC 3986 over the
// UTF-8 bytes; sorted by the encoded names' bytes), and RSA-SHA256 signing with WebCrypto. The private key is
// imported non-extractable: once in, not even this page can read it back.
import { t } from "./i18n.js";

const UNRESERVED = /[A-Za-z0-9\-._~]/;
const ALGORITHM = { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" };
export const MIN_BITS = 2048;

/** RFC 3986: unreserved characters kept, every other UTF-8 byte %XX in upper-case hex. */
export function encode(text) {
  let out = "";
  for (const byte of new TextEncoder().encode(String(text))) {
    const ch = String.fromCharCode(byte);
    out += byte < 128 && UNRESERVED.test(ch) ? ch : `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

// Encoded text is ASCII: comparing its code units compares its bytes.
const compare = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

/** [[name, value], ...] in the base string's order: by encoded name, then encoded value. */
export function sortParams(params) {
  return params.map(([k, v]) => [encode(k), encode(v), k, v])
    .sort((a, b) => compare(a[0], b[0]) || compare(a[1], b[1])).map(([, , k, v]) => [k, v]);
}

export function normalize(params) {
  return sortParams(params).map(([k, v]) => `${encode(k)}=${encode(v)}`).join("&");
}

export function baseString(method, url, params) {
  return [method.toUpperCase(), encode(url), encode(normalize(params))].join("&");
}

export function oauthParams(consumerKey, nonce, timestamp) {
  return { oauth_consumer_key: consumerKey, oauth_nonce: nonce, oauth_signature_method: "RSA-SHA256",
    oauth_timestamp: timestamp, oauth_version: "1.0" };
}

/** Authorization: OAuth k="enc(v)", ... in name order, the signature included. */
export function header(oauth) {
  return "OAuth " + Object.keys(oauth).sort(compare).map((k) => `${encode(k)}="${encode(oauth[k])}"`).join(", ");
}

/** 32 random hex digits (16 bytes): getRandomValues works without a secure context too. */
export function nonce() {
  return [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** The shell one-liner that signs `base` where WebCrypto is missing; single quotes escaped for sh. */
export function opensslLine(base) {
  return `printf %s '${base.replaceAll("'", "'\\''")}' | openssl dgst -sha256 -sign private.pem | base64 -w0`;
}

// ---- PEM and DER, by hand: WebCrypto imports private keys as PKCS#8 only ----
function derLength(n) {
  if (n < 128) return [n];
  const bytes = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v % 256);
  return [0x80 | bytes.length, ...bytes];
}

const der = (tag, content) => new Uint8Array([tag, ...derLength(content.length), ...content]);
// AlgorithmIdentifier { rsaEncryption (1.2.840.113549.1.1.1), NULL }
const RSA_ALGORITHM = [0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00];

/** A PKCS#1 RSAPrivateKey wrapped as PKCS#8 PrivateKeyInfo { version 0, rsaEncryption, OCTET STRING }. */
export function pkcs1ToPkcs8(pkcs1) {
  return der(0x30, [0x02, 0x01, 0x00, ...RSA_ALGORITHM, ...der(0x04, pkcs1)]);
}

function base64Bytes(text) {
  const binary = atob(text.replace(/\s+/g, ""));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

export function bytesBase64(bytes) {
  let binary = "";
  for (const b of new Uint8Array(bytes)) binary += String.fromCharCode(b);
  return btoa(binary);
}

export function pem(label, bytes) {
  const lines = bytesBase64(bytes).match(/.{1,64}/g).join("\n");
  return `-----BEGIN ${label}-----\n${lines}\n-----END ${label}-----\n`;
}

/** The PKCS#8 DER of a PEM private key (PKCS#8 or PKCS#1), or an Error saying which shape it wanted. */
export function pemToPkcs8(text) {
  const match = /-----BEGIN (RSA )?PRIVATE KEY-----([\s\S]*?)-----END (RSA )?PRIVATE KEY-----/.exec(text);
  if (!match || match[1] !== match[3]) {
    throw new Error(t("not a PEM private key: paste the block from -----BEGIN PRIVATE KEY----- (PKCS#8) or "
      + "-----BEGIN RSA PRIVATE KEY----- (PKCS#1) to its END line, without a passphrase"));
  }
  let bytes;
  try { bytes = base64Bytes(match[2]); } catch { throw new Error(t("the PEM block is not Base64")); }
  return match[1] ? pkcs1ToPkcs8(bytes) : bytes;
}

export const hasWebCrypto = () => Boolean(globalThis.isSecureContext && crypto.subtle);

// WebCrypto refuses unreadable key bytes with a bare "DataError": said in words instead.
async function importPkcs8(text, extractable) {
  const der = pemToPkcs8(text);
  try {
    return await crypto.subtle.importKey("pkcs8", der, ALGORITHM, extractable, ["sign"]);
  } catch {
    throw new Error(t("the PEM block does not hold a readable RSA private key (cut, changed, or another kind of key)"));
  }
}

/** A PEM private key imported for signing only, non-extractable; at least MIN_BITS. */
export async function importPrivateKey(text) {
  const key = await importPkcs8(text, false);
  if (key.algorithm.modulusLength < MIN_BITS) {
    throw new Error(t("the key has %(bits)s bits; v4 needs at least %(min)s",
      { bits: key.algorithm.modulusLength, min: MIN_BITS }));
  }
  return key;
}

/** RSASSA-PKCS1-v1_5 with SHA-256 over the base string's UTF-8 bytes, standard Base64. */
export async function sign(key, base) {
  return bytesBase64(await crypto.subtle.sign(ALGORITHM, key, new TextEncoder().encode(base)));
}

/** A new key pair: the private key as PKCS#8 PEM (the one export), the public one as SPKI PEM, and the private
 * key imported again, non-extractable, to sign with. */
export async function generateKeyPair(bits) {
  const pair = await crypto.subtle.generateKey({ ...ALGORITHM, modulusLength: bits,
    publicExponent: new Uint8Array([1, 0, 1]) }, true, ["sign", "verify"]);
  const pkcs8 = await crypto.subtle.exportKey("pkcs8", pair.privateKey);
  const spki = await crypto.subtle.exportKey("spki", pair.publicKey);
  const signing = await crypto.subtle.importKey("pkcs8", pkcs8, ALGORITHM, false, ["sign"]);
  return { privatePem: pem("PRIVATE KEY", pkcs8), publicPem: pem("PUBLIC KEY", spki), signing };
}

/** The SPKI PEM public key of a PEM private key (PKCS#8 or PKCS#1), derived in the page: the private key is
 * imported once, extractable only to read its modulus and exponent, and dropped. */
export async function publicKeyOf(text) {
  const key = await importPkcs8(text, true);
  const { n, e } = await crypto.subtle.exportKey("jwk", key);
  const pub = await crypto.subtle.importKey("jwk", { kty: "RSA", n, e, alg: "RS256", ext: true }, ALGORITHM, true,
    ["verify"]);
  return pem("PUBLIC KEY", await crypto.subtle.exportKey("spki", pub));
}
