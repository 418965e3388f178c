//! Figures, not a check: how long a keystroke in "Họ và tên" takes to reach the screen, with
//! the CPU slowed 4× (DevTools protocol), in the web build given by `VSSID_E2E_DIST`, beside
//! the same keystrokes in a plain `<input>` on an empty page (what the browser alone does:
//! the reference). Two measures per keystroke: from the key's event time to the next frame
//! (`requestAnimationFrame` after the key's handlers and the app's re-render ran), and the
//! Event Timing API's duration of the slowest event of the keystroke (reported only above
//! 16 ms; below, it counts as 16). `scripts/bench-typing` runs it and prints the lines.

use super::*;

/// 40 characters, typed one by one as separate key presses.
const TYPED: &str = "Nguyen Thi Anh Tuyet Tran Hoang Minh Chau";

/// Installs the measuring in the page: per keydown, the time to the next frame; the Event
/// Timing entries (keydown, keypress, input, keyup) over 16 ms.
const MEASURE: &str = r#"
window.__keys = [];
window.__slow = [];
window.addEventListener('keydown', (e) => {
  const t0 = e.timeStamp;
  requestAnimationFrame(() => window.__keys.push(performance.now() - t0));
}, true);
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) window.__slow.push([entry.name, entry.duration]);
}).observe({ type: 'event', durationThreshold: 16 });
"#;

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// Types TYPED into `css` one key at a time; the sorted key-to-frame times and the number of
/// events the Event Timing API reported over 16 ms.
async fn measure(c: &Client, css: &str) -> Result<(Vec<f64>, Vec<f64>), E2eError> {
    c.execute(MEASURE, vec![]).await?;
    let field = c.find(Locator::Css(css)).await?;
    field.click().await?;
    for ch in TYPED.chars() {
        field.send_keys(&ch.to_string()).await?;
    }
    // The last frame and the observer's last entries.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let keys = c.execute("return window.__keys;", vec![]).await?;
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
    Ok((numbers(keys), numbers(slow)))
}

fn report(what: &str, keys: &[f64], slow: &[f64]) -> Result<f64, E2eError> {
    if keys.len() < TYPED.chars().count() {
        return Err(check_failed(format!(
            "{what}: {} of {} key presses measured",
            keys.len(),
            TYPED.chars().count()
        )));
    }
    let p95 = percentile(keys, 95.0);
    println!(
        "typing: {what}: key to next frame p50 {:.1} ms, p95 {p95:.1} ms, max {:.1} ms ({} keys); events over 16 ms (Event Timing): {}{}",
        percentile(keys, 50.0),
        keys.last().copied().unwrap_or_default(),
        keys.len(),
        slow.len(),
        slow.last().map(|m| format!(", slowest {m:.0} ms")).unwrap_or_default(),
    );
    Ok(p95)
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
                    let (keys, slow) = measure(c, "#plain").await?;
                    report("plain <input> (reference)", &keys, &slow)
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
                let (keys, slow) = measure(c, "#full_name").await?;
                let p95 = report("the app's Họ và tên", &keys, &slow)?;
                println!(
                    "typing: p95 ratio app / plain input: {:.2}",
                    p95 / reference.max(0.1)
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
