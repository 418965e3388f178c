//! Figures, not a check: how long a keystroke in "Họ và tên" takes to reach the screen, with
//! the CPU slowed 4× (DevTools protocol), in the web build given by `VSSID_E2E_DIST`, beside
//! the same keystrokes in a plain `<input>` on an empty page (what the browser alone does:
//! the reference). Three measures per keystroke:
//! - the work: the Event Timing API's processing time (`processingEnd - processingStart`) of
//!   the keystroke's `input` event, which holds its handlers and the app's re-render (it runs
//!   in the microtasks right after the handler). This is the page's own time, which must fit
//!   in a frame; the browser reports events shorter than 16 ms to the next paint not at all,
//!   and those count as 0;
//! - from the key's event time to the next frame (`requestAnimationFrame`), which adds the
//!   wait for the browser's next frame and the delivery of the key;
//! - the Event Timing API's duration of the slowest event of the keystroke (reported only
//!   above 16 ms; below, it counts as 16).
//!
//! `scripts/bench-typing` runs it and prints the lines.

use super::*;

/// 40 characters, typed one by one as separate key presses.
const TYPED: &str = "Nguyen Thi Anh Tuyet Tran Hoang Minh Chau";

/// Installs the measuring in the page: per keydown, the time to the next frame; the Event
/// Timing entries (keydown, keypress, input, keyup) over 16 ms.
const MEASURE: &str = r#"
window.__keys = [];
window.__work = [];
window.__inputs = 0;
window.__slow = [];
window.addEventListener('keydown', (e) => {
  const t0 = e.timeStamp;
  requestAnimationFrame(() => window.__keys.push(performance.now() - t0));
}, true);
window.addEventListener('input', () => { window.__inputs += 1; }, true);
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    window.__slow.push([entry.name, entry.duration]);
    if (entry.name === 'input') window.__work.push(entry.processingEnd - entry.processingStart);
  }
}).observe({ type: 'event', durationThreshold: 16 });
"#;

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// What one run of TYPED measured, each sorted: the work per key press, the key-to-frame
/// times, the durations the Event Timing API reported over 16 ms.
struct Measured {
    work: Vec<f64>,
    keys: Vec<f64>,
    slow: Vec<f64>,
}

/// Types TYPED into `css` one key at a time and reads what the page measured.
async fn measure(c: &Client, css: &str) -> Result<Measured, E2eError> {
    c.execute(MEASURE, vec![]).await?;
    let field = c.find(Locator::Css(css)).await?;
    field.click().await?;
    for ch in TYPED.chars() {
        field.send_keys(&ch.to_string()).await?;
    }
    // The last frame and the observer's last entries.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let keys = c.execute("return window.__keys;", vec![]).await?;
    // The input events the browser did not report (under 16 ms to the next paint) count as 0.
    let work = c
        .execute(
            "const w = window.__work.slice(); while (w.length < window.__inputs) w.push(0); return w;",
            vec![],
        )
        .await?;
    let slow = c
        .execute("return window.__slow.map(e => e[1]);", vec![])
        .await?;
    let numbers = |v: serde_json::Value| -> Vec<f64> {
        let mut out: Vec<f64> = v
            .as_array()
            .map(|a| a.iter().filter_map(|x| x.as_f64()).collect())
            .unwrap_or_default();
        out.sort_by(|a, b| a.total_cmp(b));
        out
    };
    Ok(Measured {
        work: numbers(work),
        keys: numbers(keys),
        slow: numbers(slow),
    })
}

/// Prints the figures; the p95 of the work and of key-to-frame.
fn report(what: &str, m: &Measured) -> Result<(f64, f64), E2eError> {
    let typed = TYPED.chars().count();
    if m.keys.len() < typed || m.work.len() < typed {
        return Err(check_failed(format!(
            "{what}: {} and {} of {typed} key presses measured",
            m.work.len(),
            m.keys.len(),
        )));
    }
    let work_p95 = percentile(&m.work, 95.0);
    let p95 = percentile(&m.keys, 95.0);
    println!(
        "typing: {what}: work per key p50 {:.1} ms, p95 {work_p95:.1} ms, max {:.1} ms ({} keys); key to next frame p50 {:.1} ms, p95 {p95:.1} ms, max {:.1} ms; events over 16 ms (Event Timing): {}{}",
        percentile(&m.work, 50.0),
        m.work.last().copied().unwrap_or_default(),
        m.work.len(),
        percentile(&m.keys, 50.0),
        m.keys.last().copied().unwrap_or_default(),
        m.slow.len(),
        m.slow.last().map(|m| format!(", slowest {m:.0} ms")).unwrap_or_default(),
    );
    Ok((work_p95, p95))
}

#[test]
#[ignore = "figures, not a check: scripts/bench-typing"]
fn figures_typing_a_name_on_a_slow_phone() -> Result<(), StepFailed> {
    with_site("typing-figures", BrowserOptions::default(), |run, site| {
        Box::pin(async move {
            let c = &run.client;
            let url = format!("{}/?demo=declaration", site.base_url);
            run.step("slow the CPU 4×", async {
                devtools(
                    c,
                    "Emulation.setCPUThrottlingRate",
                    serde_json::json!({ "rate": 4 }),
                )
                .await?;
                Ok(())
            })
            .await?;
            let reference = run
                .step("the reference: a plain input on an empty page", async {
                    c.goto("about:blank").await?;
                    c.execute(
                        "document.body.innerHTML = '<input id=\"plain\" autocomplete=\"off\">';",
                        vec![],
                    )
                    .await?;
                    let measured = measure(c, "#plain").await?;
                    report("plain <input> (reference)", &measured)
                })
                .await?;
            run.step("the app: Họ và tên on the Declaration", async {
                c.goto(&url).await?;
                screen(c, "declaration-heading").await?;
                c.execute(
                    "const f = document.getElementById('full_name'); f.value = ''; f.dispatchEvent(new Event('input', { bubbles: true }));",
                    vec![],
                )
                .await?;
                tokio::time::sleep(Duration::from_millis(300)).await;
                // VSSID_TYPING_PROFILE=file.cpuprofile: the page's CPU profile while typing
                // (DevTools protocol), to read where the time goes.
                let profile = std::env::var_os("VSSID_TYPING_PROFILE");
                if profile.is_some() {
                    devtools(c, "Profiler.enable", serde_json::json!({})).await?;
                    devtools(c, "Profiler.setSamplingInterval", serde_json::json!({ "interval": 200 })).await?;
                    devtools(c, "Profiler.start", serde_json::json!({})).await?;
                }
                let measured = measure(c, "#full_name").await?;
                if let Some(path) = profile {
                    let stopped = devtools(c, "Profiler.stop", serde_json::json!({})).await?;
                    let written = std::fs::write(&path, stopped["profile"].to_string());
                    written.map_err(|e| check_failed(format!("cannot write the profile: {e}")))?;
                }
                let (work_p95, p95) = report("the app's Họ và tên", &measured)?;
                println!(
                    "typing: p95 ratio app / plain input: work {:.2}, key to next frame {:.2}",
                    work_p95 / reference.0.max(0.1),
                    p95 / reference.1.max(0.1)
                );
                let typed = value_of(c, "#full_name").await?;
                if typed != TYPED {
                    return Err(check_failed(format!("the field holds {typed:?}")));
                }
                Ok(())
            })
            .await
        })
    })
}
