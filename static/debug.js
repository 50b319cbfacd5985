// The debugger page: check without a reload (the key stays in its input), and open in the builder.
const form = document.getElementById("debugger");
const box = document.getElementById("debug-result");

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  const button = document.getElementById("check");
  button.disabled = true;
  try {
    const resp = await fetch(form.action, { method: "POST", body: new FormData(form), headers: { "X-Fragment": "1" } });
    box.innerHTML = await resp.text();  // our own server-rendered, autoescaped fragment
  } catch (err) {
    box.textContent = `Could not reach the tool's server: ${err.message}`;
  } finally {
    button.disabled = false;
  }
});

box.addEventListener("click", (event) => {
  if (event.target.id !== "open-builder") return;
  const builder = JSON.parse(event.target.dataset.builder);
  sessionStorage.setItem("pne.prefill", JSON.stringify(builder));
  location.href = `/${builder.command}`;
});
