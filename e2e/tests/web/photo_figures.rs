//! Figures, not a check: choosing a large phone photo (`VSSID_BENCH_PHOTO`, a noisy 12-megapixel
//! JPEG from `make_photo_samples`) for the back of the card on the Photos screen of the web
//! build given by `VSSID_E2E_DIST`, five times, each on a freshly loaded page (so each
//! includes the worker's start):
//! - the time from the input's `change` to the processed photo's preview in its card;
//! - the page's long tasks meanwhile (a `PerformanceObserver` for `longtask`: every task over
//!   50 ms on the page's thread), their count and the longest;
//! - the longest gap between two frames (`requestAnimationFrame` callbacks, timed when they
//!   run), which is what a person sees as the page standing still;
//! - the page's wasm memory before the choice and after the preview (it grows and never
//!   shrinks: what the page's copies of the photo cost for as long as it stays open).
//!
//! `scripts/bench-photo-web` runs it and prints the lines.

use super::*;

/// How many times the photo is chosen, each on a freshly loaded page.
const ROUNDS: usize = 5;

/// Keeps the page's wasm memory where the measuring can read it (run before the page's own
/// scripts; the worker's wasm is not the page's and is not counted).
const KEEP_MEMORY: &str = r#"
(() => {
  const keep = (result) => {
    const instance = result && (result.instance || result);
    const memory = instance && instance.exports && instance.exports.memory;
    if (memory && !window.__wasmMemory) window.__wasmMemory = memory;
    return result;
  };
  for (const name of ['instantiateStreaming', 'instantiate']) {
    const original = WebAssembly[name];
    if (original) WebAssembly[name] = (...args) => original.apply(WebAssembly, args).then(keep);
  }
})();
"#;

/// The page's wasm memory in bytes (0 before it is known).
const MEMORY_BYTES: &str =
    "return window.__wasmMemory ? window.__wasmMemory.buffer.byteLength : 0;";

/// Installs the measuring in the page, before the photo is chosen.
const MEASURE: &str = r#"
window.__long = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) window.__long.push([entry.startTime, entry.duration]);
}).observe({ type: 'longtask' });
window.__chosen = null;
window.__shown = null;
window.__gap = 0;
document.addEventListener('change', () => { window.__chosen = performance.now(); }, true);
const preview = () => document.querySelector('[aria-labelledby="id_back-title"] img');
let last = performance.now();
const frame = () => {
  const now = performance.now();
  if (window.__chosen !== null) window.__gap = Math.max(window.__gap, now - last);
  last = now;
  if (window.__shown === null && window.__chosen !== null && preview()) {
    window.__shown = performance.now();
  }
  if (window.__shown === null) requestAnimationFrame(frame);
};
requestAnimationFrame(frame);
"#;

#[test]
#[ignore = "figures, not a check: scripts/bench-photo-web"]
fn figures_choosing_a_large_photo_on_the_web() -> Result<(), StepFailed> {
    let photo = std::env::var("VSSID_BENCH_PHOTO").unwrap_or_default();
    with_site("photo-figures", BrowserOptions::default(), |run, site| {
        Box::pin(async move {
            let c = &run.client;
            let url = format!("{}/?demo=photos", site.base_url);
            let path = run
                .step("the photo to choose (VSSID_BENCH_PHOTO)", async {
                    vssid_e2e::browser::existing(std::path::Path::new(&photo))
                })
                .await?;
            run.step("keep the page's wasm memory in sight", async {
                devtools(
                    c,
                    "Page.addScriptToEvaluateOnNewDocument",
                    serde_json::json!({ "source": KEEP_MEMORY }),
                )
                .await
                .map(|_| ())
            })
            .await?;
            let mut shown = Vec::new();
            for round in 1..=ROUNDS {
                let figures = run
                    .step(&format!("round {round}: choose the photo, wait for its preview"), async {
                        c.goto(&url).await?;
                        screen(c, "photos-heading").await?;
                        if c
                            .execute("return document.querySelector('[aria-labelledby=\"id_back-title\"] img') !== null;", vec![])
                            .await?
                            .as_bool()
                            .unwrap_or(true)
                        {
                            return Err(check_failed("the back of the card already has a photo"));
                        }
                        c.execute(MEASURE, vec![]).await?;
                        let memory_before = c.execute(MEMORY_BYTES, vec![]).await?;
                        // VSSID_PHOTO_PROFILE=file.cpuprofile: the page's CPU profile of the
                        // last round (DevTools protocol), to read where its time goes.
                        let profile = std::env::var_os("VSSID_PHOTO_PROFILE").filter(|_| round == ROUNDS);
                        if profile.is_some() {
                            devtools(c, "Profiler.enable", serde_json::json!({})).await?;
                            devtools(c, "Profiler.setSamplingInterval", serde_json::json!({ "interval": 200 })).await?;
                            devtools(c, "Profiler.start", serde_json::json!({})).await?;
                        }
                        element(c, "input#id_back").await?.send_keys(&path).await?;
                        wait_until_within(
                            c,
                            "the processed photo's preview",
                            "window.__shown !== null",
                            Duration::from_secs(120),
                        )
                        .await?;
                        // The long tasks of the last moment are reported a little later.
                        tokio::time::sleep(Duration::from_millis(300)).await;
                        if let Some(path) = profile {
                            let stopped = devtools(c, "Profiler.stop", serde_json::json!({})).await?;
                            let written = std::fs::write(&path, stopped["profile"].to_string());
                            written.map_err(|e| check_failed(format!("cannot write the profile: {e}")))?;
                        }
                        let figures = c
                            .execute(
                                "return [window.__shown - window.__chosen, window.__gap, window.__long.map(e => e[1]), window.__long.map(e => Math.round(e[0] - window.__chosen)), performance.getEntriesByType('resource').map(e => e.name.split('/').pop()).filter(n => n.includes('worker') || n.includes('.wasm'))];",
                                vec![],
                            )
                            .await?;
                        let memory_after = c.execute(MEMORY_BYTES, vec![]).await?;
                        Ok((figures, memory_before, memory_after))
                    })
                    .await?;
                let (figures, memory_before, memory_after) = figures;
                let mb = |bytes: &serde_json::Value| bytes.as_f64().unwrap_or(0.0) / 1048576.0;
                let elapsed = figures[0].as_f64().unwrap_or(f64::NAN);
                let gap = figures[1].as_f64().unwrap_or(f64::NAN);
                let long: Vec<f64> = figures[2]
                    .as_array()
                    .map(|a| a.iter().filter_map(|x| x.as_f64()).collect())
                    .unwrap_or_default();
                let longest = long.iter().copied().fold(0.0, f64::max);
                println!(
                    "photo-web: round {round}: preview after {elapsed:.0} ms; long tasks {} (over 200 ms: {}), longest {longest:.0} ms; longest frame gap {gap:.0} ms",
                    long.len(),
                    long.iter().filter(|d| **d > 200.0).count(),
                );
                println!(
                    "photo-web: long tasks start (ms after change): {}; fetched: {}; page's wasm memory {:.1} MB before, {:.1} MB after",
                    figures[3],
                    figures[4],
                    mb(&memory_before),
                    mb(&memory_after)
                );
                shown.push(elapsed);
            }
            shown.sort_by(|a, b| a.total_cmp(b));
            println!(
                "photo-web: median preview after {:.0} ms, slowest {:.0} ms",
                shown[shown.len() / 2],
                shown[shown.len() - 1]
            );
            Ok(())
        })
    })
}
