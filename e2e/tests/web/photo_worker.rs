//! The web build prepares photos and reads the card's QR code in its Web Worker
//! (`worker.js`), and where the worker cannot start, the page does that work itself.

use super::*;
use vssid_testkit::cards::{render, CardModel, Scene};

/// Counts what the page posts to its workers, before the app's own script runs.
const COUNT_POSTS: &str = r#"
window.__posted = [];
const Real = window.Worker;
window.Worker = class extends Real {
  postMessage(message, transfer) {
    window.__posted.push(message && message.job);
    return super.postMessage(message, transfer);
  }
};
"#;

/// Points every worker at a script that is not there (a page published without
/// `worker.js`): the worker fails before it runs.
const NO_WORKER_SCRIPT: &str = r#"
const Counting = window.Worker;
window.Worker = class extends Counting {
  constructor(url, options) { super('missing-' + url, options); }
};
"#;

/// The back of a 2024 identity card with its QR code, and the name the code holds.
fn card_back_with_qr(dir: &std::path::Path) -> Result<(PathBuf, String), E2eError> {
    let sample = render(&Scene::easy(CardModel::CanCuoc2024Back, (1600, 1200), 7));
    let name = sample
        .payload
        .split('|')
        .nth(2)
        .unwrap_or_default()
        .to_string();
    let path = dir.join("can-cuoc-back.jpg");
    std::fs::write(&path, &sample.bytes)?;
    Ok((path, name))
}

/// On the Photos screen: chooses the back of the card and waits for its preview and for the
/// offer filled from its QR code, which must name the card's holder.
async fn choose_the_back(c: &Client, photo: &str, name: &str) -> Result<(), E2eError> {
    screen(c, "photos-heading").await?;
    element(c, "input#id_back").await?.send_keys(photo).await?;
    wait_until_within(
        c,
        "the back's processed preview",
        "document.querySelector('[aria-labelledby=\"id_back-title\"] img') !== null",
        Duration::from_secs(90),
    )
    .await?;
    wait_until_within(
        c,
        "the offer from the card's QR code",
        "document.getElementById('qr-offer') !== null",
        Duration::from_secs(60),
    )
    .await?;
    let offer = c
        .execute(
            "return document.getElementById('qr-offer').innerText;",
            vec![],
        )
        .await?;
    let offer = offer.as_str().unwrap_or_default().to_lowercase();
    if !offer.contains(&name.to_lowercase()) {
        return Err(check_failed(format!(
            "the offer does not name {name:?}: {offer:?}"
        )));
    }
    Ok(())
}

async fn posted_jobs(c: &Client) -> Result<Vec<String>, E2eError> {
    let posted = c.execute("return window.__posted;", vec![]).await?;
    Ok(posted
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|job| job.as_str())
                .map(|job| job.to_string())
                .collect()
        })
        .unwrap_or_default())
}

#[test]
#[ignore = "needs Chromium and the web build: make e2e"]
fn photos_are_prepared_in_the_worker_and_on_the_page_without_it() -> Result<(), StepFailed> {
    with_site("photo-worker", BrowserOptions::default(), |run, site| {
        Box::pin(async move {
            let c = &run.client;
            let dir = tempfile::tempdir().map_err(E2eError::from);
            let (dir, (photo, name)) = run
                .step("draw the back of a card with its QR code", async {
                    let dir = dir?;
                    let card = card_back_with_qr(dir.path())?;
                    Ok((dir, card))
                })
                .await?;
            let photo = photo.to_string_lossy().into_owned();
            let url = format!("{}/?demo=photos", site.base_url);
            run.step(
                "with the worker: the photo and its QR code go to it",
                async {
                    devtools(
                        c,
                        "Page.addScriptToEvaluateOnNewDocument",
                        serde_json::json!({ "source": COUNT_POSTS }),
                    )
                    .await?;
                    c.goto(&url).await?;
                    choose_the_back(c, &photo, &name).await?;
                    let jobs = posted_jobs(c).await?;
                    let asked = |what: &str| jobs.iter().any(|job| job.contains(what));
                    if !asked("\"photo\"") || !asked("\"card_qr\"") {
                        return Err(check_failed(format!(
                            "the worker was asked for {jobs:?}, not for the photo and its QR code"
                        )));
                    }
                    Ok(())
                },
            )
            .await?;
            run.step("without its script: the page does the work itself", async {
                devtools(
                    c,
                    "Page.addScriptToEvaluateOnNewDocument",
                    serde_json::json!({ "source": NO_WORKER_SCRIPT }),
                )
                .await?;
                c.goto(&url).await?;
                choose_the_back(c, &photo, &name).await
            })
            .await?;
            drop(dir);
            Ok(())
        })
    })
}
