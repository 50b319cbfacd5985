// The v4 debugger page: a private key typed in the key box is turned into its public key here, and only the
// public key goes to the server with the paste. The server's verdict is swapped in without a reload.
import { t } from "./i18n.js";
import * as oauth from "./oauth.js";

const form = document.getElementById("debugger-v4");
const keyBox = document.getElementById("public-key");
const status = document.getElementById("key-status");
const box = document.getElementById("debug-result");
const PRIVATE = /-----BEGIN (RSA )?PRIVATE KEY-----/;

/** Replace a private key in the box with its public key; false when it cannot be read (said in the status). */
async function publicOnly() {
  if (!PRIVATE.test(keyBox.value)) return true;
  const text = keyBox.value;
  keyBox.value = "";  // from here on the private key is nowhere in the page but this function's argument
  if (!oauth.hasWebCrypto()) {
    status.textContent = t("This page cannot derive the public key here (no WebCrypto: open it over https or on "
      + "localhost). Give the public key: openssl rsa -in private.pem -pubout");
    return false;
  }
  try {
    keyBox.value = await oauth.publicKeyOf(text);
    status.textContent = t("The public key was derived from the private key in this page; only the public key is "
      + "sent.");
    return true;
  } catch (err) {
    status.textContent = t("The key cannot be used: %(problem)s", { problem: err.message || String(err) });
    return false;
  }
}

keyBox.addEventListener("input", () => { if (/END (RSA )?PRIVATE KEY-----/.test(keyBox.value)) publicOnly(); });

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  const button = document.getElementById("check");
  if (button.disabled) return;
  button.disabled = true;
  try {
    if (!(await publicOnly())) return;
    const resp = await fetch(form.action, { method: "POST", body: new FormData(form), headers: { "X-Fragment": "1" } });
    box.innerHTML = await resp.text();  // the server's template: every value escaped there
    box.querySelector("[data-result]")?.scrollIntoView({ block: "nearest" });
  } catch (err) {
    box.textContent = t("Could not reach the tool's server: %(error)s", { error: err.message });
  } finally {
    button.disabled = false;
  }
});
