/// The page `GET /` serves: one self-contained HTML file (no external scripts, styles or fonts, so it
/// works on an offline server). It drives the public API only: `POST /v1/jobs` for the upscale, the
/// bicubic comparison (model `bicubic`) and, when asked, the residual map. Tested in a real browser by
/// `WebPageTests`.
enum WebPage {
    static let html = #"""
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>ResidualSR</title>
<style>
  :root { --accent: #2457c5; --bad: #a4161a; --line: #c9ced6; font-family: system-ui, sans-serif; }
  body { margin: 0; color: #1b1f24; background: #f6f7f9; }
  main { max-width: 1100px; margin: 0 auto; padding: 1rem; }
  h1 { font-size: 1.4rem; margin: .2rem 0 1rem; }
  form { display: grid; gap: .8rem; grid-template-columns: repeat(auto-fit, minmax(11rem, 1fr)); align-items: end; }
  label { display: grid; gap: .25rem; font-size: .9rem; }
  input, select, button { box-sizing: border-box; max-width: 100%; font: inherit; padding: .45rem; border: 1px solid var(--line); border-radius: 6px; background: #fff; }
  button { background: var(--accent); color: #fff; border-color: var(--accent); cursor: pointer; }
  button:disabled { opacity: .5; cursor: default; }
  :focus-visible { outline: 3px solid #f2a900; outline-offset: 2px; }
  #drop { grid-column: 1 / -1; border: 2px dashed var(--line); border-radius: 10px; padding: 1.2rem; text-align: center; background: #fff; }
  #drop.over { border-color: var(--accent); background: #eef3ff; }
  #drop input { display: block; margin: .6rem auto 0; }
  #status { min-height: 1.5rem; margin: .8rem 0; }
  progress { width: 100%; height: 1rem; }
  #error { color: var(--bad); font-weight: 600; }
  #result[hidden], #error:empty { display: none; }
  .tools { display: flex; flex-wrap: wrap; gap: 1rem; align-items: center; margin: .6rem 0; }
  .tools label { display: flex; align-items: center; gap: .4rem; }
  #viewport { overflow: auto; max-height: 75vh; border: 1px solid var(--line); background: #222; touch-action: pan-x pan-y; }
  #stage { position: relative; width: 100%; }
  #stage img { display: block; width: 100%; height: auto; }
  #stage.zoomed img { image-rendering: pixelated; }
  #before { position: absolute; inset: 0; clip-path: inset(0 calc(100% - var(--split, 50%)) 0 0); }
  #divider { position: absolute; top: 0; bottom: 0; left: var(--split, 50%); width: 2px; background: #fff; pointer-events: none; }
  .caption { display: flex; justify-content: space-between; font-size: .85rem; color: #555; }
  a.button { display: inline-block; padding: .45rem .9rem; border-radius: 6px; background: var(--accent); color: #fff; text-decoration: none; }
</style>
</head>
<body data-state="idle">
<main>
  <h1>ResidualSR: upscale an image</h1>
  <form id="form">
    <div id="drop">
      <strong>Drop an image here</strong> or choose one
      <input id="file" name="file" type="file" accept="image/*" aria-label="Image file">
      <div id="picked" aria-live="polite"></div>
    </div>
    <label>Scale <select id="scale" name="scale"><option value="2">2x</option></select></label>
    <label>or exact width in pixels (optional) <input id="width" name="width" type="number" min="1" step="1" placeholder="keep the scale"></label>
    <label>Output format <select id="format" name="format">
      <option value="png">PNG</option><option value="jpeg">JPEG</option><option value="webp">WebP</option>
      <option value="avif">AVIF</option><option value="tiff">TIFF (16-bit kept)</option></select></label>
    <label>Quality (JPEG, WebP, AVIF) <input id="quality" name="quality" type="number" min="1" max="100" value="95"></label>
    <label>Access token (if the server needs one) <input id="token" name="token" type="password" autocomplete="off"></label>
    <button id="go" type="submit">Upscale</button>
  </form>
  <div id="status" role="status" aria-live="polite">
    <progress id="progress" max="1" value="0" hidden></progress>
    <span id="message"></span>
  </div>
  <p id="error" role="alert"></p>
  <section id="result" hidden aria-label="Result">
    <div class="tools">
      <label>Compare <input id="split" type="range" min="0" max="100" value="50"
             aria-label="Comparison split: bicubic on the left, ResidualSR on the right"></label>
      <label>Zoom <input id="zoom" type="range" min="1" max="8" step="0.5" value="1" aria-label="Zoom"></label>
      <label><input id="residual" type="checkbox"> Residual map (what the network added)</label>
      <a id="download" class="button" href="#" download>Download</a>
    </div>
    <div class="caption"><span id="leftLabel">Bicubic</span><span id="rightLabel">ResidualSR</span></div>
    <div id="viewport" tabindex="0" aria-label="Comparison view; scroll to pan">
      <div id="stage">
        <img id="after" alt="ResidualSR result">
        <img id="before" alt="Bicubic result at the same size">
        <div id="divider"></div>
      </div>
    </div>
  </section>
</main>
<script>
"use strict";
const $ = (id) => document.getElementById(id);
// Browsers show these formats; anything else is downloaded as asked but shown from a PNG copy.
const DISPLAYABLE = new Set(["png", "jpeg", "webp", "avif"]);
// The formats the quality field applies to (the server ignores it for PNG and TIFF).
const LOSSY = new Set(["jpeg", "webp", "avif"]);
const FRIENDLY = {
  unauthorized: "The server needs an access token: type it into the Access token field.",
  body_too_large: "The file is larger than this server accepts.",
  input_too_large: "The image has more pixels than this server accepts.",
  output_too_large: "The upscaled image would be larger than this server allows; choose a smaller scale.",
  unsupported_media_type: "This file is not an image format the server can read.",
  corrupt_image: "The image file is damaged or incomplete.",
  queue_full: "The server is busy right now; try again in a moment.",
  shutting_down: "The server is shutting down; try again later.",
  not_ready: "The server is not ready yet; try again in a moment.",
  timeout: "The server took too long with this image.",
  invalid_parameter: "The server did not accept these settings.",
  empty_body: "The file is empty.",
};
let file = null, models = [], srModel = null, urls = {}, residualJob = null;

function setState(state) { document.body.dataset.state = state; }
function showError(text) { $("error").textContent = text; setState("error"); $("go").disabled = false; $("progress").hidden = true; $("message").textContent = ""; }
function headers() {
  const token = $("token").value.trim();
  return token ? { Authorization: "Bearer " + token } : {};
}
class APIFailure extends Error {}
async function api(path, options = {}) {
  let response;
  try { response = await fetch(path, { ...options, headers: { ...headers(), ...(options.headers || {}) } }); }
  catch (e) { throw new APIFailure("Could not reach the server. Is it still running?"); }
  if (response.ok) return response;
  let code = "", detail = "";
  try { const body = await response.json(); code = body.error.code; detail = body.error.message; } catch (e) {}
  const friendly = FRIENDLY[code] || "The server could not do this (" + response.status + ").";
  throw new APIFailure(detail ? friendly + " (" + detail + ")" : friendly);
}

async function loadModels() {
  try {
    const body = await (await api("/v1/models")).json();
    models = body.models || [];
    srModel = models.find((m) => m.id !== "bicubic") || models[0] || null;
    const scales = srModel ? srModel.scales : [2];
    // Between the model's scales: factors it reaches by the next scale up and a bicubic shrink.
    const largest = Math.max(...scales);
    const factors = [...scales, ...[1.5, 2.5, 3.5].filter((f) => f < largest)].sort((a, b) => a - b);
    $("scale").innerHTML = factors.map((s) => `<option value="${s}"${s === 2 ? " selected" : ""}>${s}x</option>`).join("");
  } catch (e) { /* Shown on submit; a token may be needed first. */ }
}

function pick(chosen) {
  file = chosen || null;
  $("picked").textContent = file ? file.name + " (" + Math.round(file.size / 1024) + " KB)" : "";
  $("error").textContent = "";
}

async function runJob(params, label, share) {
  const query = new URLSearchParams(params).toString();
  const accepted = await (await api("/v1/jobs?" + query, { method: "POST", body: file })).json();
  for (;;) {
    const status = await (await api(accepted.status_url)).json();
    share(status.progress || 0);
    if (status.status === "done") break;
    if (status.status === "failed") {
      const code = status.error && status.error.code;
      const friendly = FRIENDLY[code] || label + " failed.";
      throw new APIFailure(status.error && status.error.message ? friendly + " (" + status.error.message + ")" : friendly);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  const blob = await (await api(accepted.result_url)).blob();
  return URL.createObjectURL(blob);
}

function sizeParams() {
  const width = Number($("width").value);
  return width > 0 ? { width: String(Math.round(width)) } : { scale: $("scale").value };
}

function baseParams() {
  const params = sizeParams();
  if (srModel) params.model = srModel.id;
  return params;
}

async function submit(event) {
  event.preventDefault();
  // Synchronously, before any await: whoever clicked sees the page busy at once.
  $("error").textContent = ""; setState("working");
  if (!file) { showError("Choose or drop an image first."); return; }
  if (!srModel) await loadModels();
  if (!srModel) { showError("The server lists no model; check the access token and that the server is running."); return; }
  const format = $("format").value;
  const quality = Number($("quality").value);
  const lossy = LOSSY.has(format);
  if (lossy && !(quality >= 1 && quality <= 100)) { showError("Quality must be a number from 1 to 100."); return; }
  $("go").disabled = true; $("result").hidden = true; $("residual").checked = false; residualJob = null;
  Object.values(urls).forEach((u) => URL.revokeObjectURL(u)); urls = {};
  $("progress").hidden = false; $("progress").value = 0; $("message").textContent = "Upscaling…";
  const parts = [0, 0];
  const share = (i) => (p) => { parts[i] = p; const total = (parts[0] * 3 + parts[1]) / 4; $("progress").value = total; $("message").textContent = "Upscaling… " + Math.round(total * 100) + "%"; };
  try {
    const wanted = { ...baseParams(), format };
    if (lossy) wanted.quality = quality;
    const jobs = [runJob(wanted, "Upscaling", share(0))];
    const bicubic = models.find((m) => m.id === "bicubic");
    jobs.push(bicubic ? runJob({ ...sizeParams(), model: "bicubic", format: "png" }, "Bicubic", share(1)) : Promise.resolve(null));
    [urls.result, urls.before] = await Promise.all(jobs);
    urls.after = DISPLAYABLE.has(format) ? urls.result : await runJob({ ...baseParams(), format: "png" }, "Preview", () => {});
    const stem = file.name.replace(/\.[^.]*$/, "") || "image";
    $("download").href = urls.result;
    const size = sizeParams();
    $("download").download = stem + (size.width ? "-" + size.width + "w" : "-x" + size.scale) + "." + ({ jpeg: "jpg", tiff: "tif" }[format] || format);
    $("after").src = urls.after;
    $("before").src = urls.before || urls.after;
    $("before").hidden = !urls.before; $("divider").hidden = !urls.before;
    $("leftLabel").textContent = urls.before ? "Bicubic" : "";
    await Promise.all([$("after"), $("before")].map((img) => img.decode().catch(() => {})));
    $("result").hidden = false; $("progress").hidden = true;
    $("message").textContent = "Done: " + $("after").naturalWidth + "x" + $("after").naturalHeight + " pixels.";
    $("go").disabled = false;
    setState("done");
  } catch (e) {
    showError(e instanceof APIFailure ? e.message : "Something went wrong in the page: " + e.message);
  }
}

async function toggleResidual() {
  const on = $("residual").checked;
  try {
    if (on && !urls.residual) {
      setState("working"); $("message").textContent = "Computing the residual map…";
      residualJob = runJob({ ...baseParams(), operation: "residual" }, "Residual map", () => {});
      urls.residual = await residualJob;
    }
    $("after").src = on ? urls.residual : urls.after;
    // The map stands alone (it carries its own colour bar); the bicubic overlay returns with the image.
    $("before").hidden = on || !urls.before; $("divider").hidden = on || !urls.before; $("split").disabled = on;
    await $("after").decode().catch(() => {});
    $("rightLabel").textContent = on ? "Residual map (grey = no change)" : "ResidualSR";
    $("message").textContent = on ? "Showing the residual map." : "Showing the upscaled image.";
    setState(on ? "residual" : "done");
  } catch (e) { showError(e instanceof APIFailure ? e.message : e.message); }
}

$("file").addEventListener("change", () => pick($("file").files[0]));
const drop = $("drop");
drop.addEventListener("dragover", (e) => { e.preventDefault(); drop.classList.add("over"); });
drop.addEventListener("dragleave", () => drop.classList.remove("over"));
drop.addEventListener("drop", (e) => { e.preventDefault(); drop.classList.remove("over"); pick(e.dataTransfer.files[0]); });
$("form").addEventListener("submit", submit);
$("split").addEventListener("input", () => $("stage").style.setProperty("--split", $("split").value + "%"));
$("zoom").addEventListener("input", () => {
  const zoom = Number($("zoom").value);
  $("stage").style.width = zoom * 100 + "%";
  $("stage").classList.toggle("zoomed", zoom > 1);
});
$("residual").addEventListener("change", toggleResidual);
$("token").value = sessionStorage.getItem("rsr-token") || "";
$("token").addEventListener("change", () => { sessionStorage.setItem("rsr-token", $("token").value); srModel = null; loadModels(); });
loadModels();
</script>
</body>
</html>
"""#
}
