/* The phones' picture picker (src/components/file_pick.rs, PickFile): the body of a Dioxus
   `document::eval`. Dioxus 0.7.10 on Android and iOS answers a click on any file input inside
   the app's tree with no file (its interpreter asks the host, which returns an empty list),
   so this script makes the file input itself, outside that tree (in <body>, where no element
   carries a data-dioxus-id), and opens it from the person's own click on the button that
   carries data-pick-file="ID" (a click listener on the document, so the click stays a user
   gesture, which the system picker requires). The chosen file comes back to Rust as base64.
   Messages: Rust sends the ID once; the script sends {ready: true}, then {data: base64} or
   {error: name} for each choice. ASCII only: desktop quotes it into a JS string. */
const id = await dioxus.recv();
if (!window.__vssidPickFile) {
  window.__vssidPickFile = true;
  document.addEventListener("click", (event) => {
    const button = event.target instanceof Element ? event.target.closest("[data-pick-file]") : null;
    if (!button || button.disabled) return;
    const input = document.getElementById("picker-" + button.getAttribute("data-pick-file"));
    if (!input) return;
    input.value = "";
    input.click();
  });
}
const old = document.getElementById("picker-" + id);
if (old) old.remove();
const input = document.createElement("input");
input.type = "file";
input.accept = "image/*";
input.id = "picker-" + id;
input.tabIndex = -1;
input.setAttribute("aria-hidden", "true");
/* Not display:none: some webviews open no picker for an input that is not rendered. */
input.style.cssText = "position:fixed;left:0;top:0;width:1px;height:1px;opacity:0;pointer-events:none;";
input.addEventListener("change", () => {
  const file = input.files && input.files[0];
  if (!file) return;
  const reader = new FileReader();
  reader.onload = () => {
    const url = String(reader.result);
    dioxus.send({ data: url.slice(url.indexOf(",") + 1) });
  };
  reader.onerror = () => dioxus.send({ error: (reader.error && reader.error.name) || "Error" });
  reader.readAsDataURL(file);
});
document.body.appendChild(input);
dioxus.send({ ready: true });
/* Stays open: each later choice is sent on the same channel. */
await new Promise(() => {});
