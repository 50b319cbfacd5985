// Whether the key typed in the page is the merchant's: the debugger's and the verifier's fingerprint check
// (debugger/fingerprints.py), redone here because the server never gets the key; the same sentences.
import { keyFingerprint } from "./fingerprint.js";
import { t } from "./i18n.js";

/** `merchant`: the fingerprint the server read (lower case); `key`: the one typed here. */
export function fingerprintCheck(merchant, key) {
  const yours = keyFingerprint(key);
  if (!yours) {
    return { merchant, yours: null, same: null, message: t("The signature cannot be checked without a key: the "
      + "fingerprint %(merchant)s tells which key the merchant uses, not the key itself. Type the key to check the "
      + "control.", { merchant }) };
  }
  if (yours === merchant) {
    return { merchant, yours, same: true, message: t("Same key as the merchant's: both fingerprints are %(merchant)s.",
      { merchant }) };
  }
  return { merchant, yours, same: false, message: t("You are checking with a different key than the merchant's: its "
    + "fingerprint is %(merchant)s, yours is %(yours)s.", { merchant, yours }) };
}

/** The class a check's line is shown with: agreeing keys ok, different ones an error, no key yet info. */
export function checkClass(check) {
  return `verdict ${check.same ? "ok" : check.same === false ? "err" : "info"}`;
}
