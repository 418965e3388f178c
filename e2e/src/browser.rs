//! Headless Chromium through chromedriver, and [`Run`]: named steps that, when one fails,
//! say which step and why and leave a screenshot (and the page's text) for diagnosis.

use crate::{check_failed, output_dir, E2eError};
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};
use std::future::Future;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

/// How long a step waits for the page before it gives up.
pub const WAIT: Duration = Duration::from_secs(30);

/// What the browser is started with.
#[derive(Debug, Clone)]
pub struct BrowserOptions {
    pub width: u32,
    pub height: u32,
    /// A YUV4MPEG2 video for the fake camera (the camera is then granted without asking).
    pub fake_camera: Option<PathBuf>,
}

impl Default for BrowserOptions {
    fn default() -> Self {
        BrowserOptions {
            width: 390,
            height: 844,
            fake_camera: None,
        }
    }
}

/// A Chromium session and the chromedriver behind it.
pub struct Browser {
    pub client: Client,
    driver: tokio::process::Child,
    _profile: tempfile::TempDir,
}

fn free_port() -> Result<u16, E2eError> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port())
}

fn program(env: &str, default: &str) -> String {
    std::env::var(env).unwrap_or_else(|_| default.to_string())
}

impl Browser {
    /// Starts chromedriver on a free loopback port and opens a headless Chromium session
    /// with a fresh profile, the viewport `width`×`height` (CSS pixels, scale 1).
    pub async fn start(options: BrowserOptions) -> Result<Browser, E2eError> {
        let port = free_port()?;
        let driver_path = program("CHROMEDRIVER", "/usr/bin/chromedriver");
        let driver = tokio::process::Command::new(&driver_path)
            .arg(format!("--port={port}"))
            .arg("--allowed-ips=127.0.0.1")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .map_err(|e| check_failed(format!("cannot start {driver_path}: {e}")))?;
        let deadline = Instant::now() + Duration::from_secs(20);
        while tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .is_err()
        {
            if Instant::now() > deadline {
                return Err(check_failed(format!(
                    "chromedriver did not listen on port {port} within 20 s"
                )));
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let profile = tempfile::tempdir()?;
        let mut args = vec![
            "--headless".to_string(),
            "--no-sandbox".into(),
            "--disable-gpu".into(),
            "--disable-quic".into(),
            "--no-first-run".into(),
            "--disable-background-networking".into(),
            "--disable-component-update".into(),
            "--disable-sync".into(),
            "--disable-dev-shm-usage".into(),
            "--hide-scrollbars".into(),
            "--lang=vi".into(),
            format!("--user-data-dir={}", profile.path().display()),
            format!("--window-size={},{}", options.width, options.height),
        ];
        if let Some(video) = &options.fake_camera {
            args.push("--use-fake-ui-for-media-stream".into());
            args.push("--use-fake-device-for-media-stream".into());
            args.push(format!(
                "--use-file-for-fake-video-capture={}",
                video.display()
            ));
        }
        let mut capabilities = serde_json::Map::new();
        capabilities.insert("browserName".into(), json!("chrome"));
        capabilities.insert(
            "goog:chromeOptions".into(),
            json!({
                "binary": program("CHROMIUM", "/usr/bin/chromium"),
                "args": args,
                "mobileEmulation": {
                    "deviceMetrics": { "width": options.width, "height": options.height, "pixelRatio": 1.0, "touch": false }
                },
                "prefs": { "intl.accept_languages": "vi-VN,vi" }
            }),
        );
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let client = ClientBuilder::new(connector)
            .capabilities(capabilities)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await?;
        Ok(Browser {
            client,
            driver,
            _profile: profile,
        })
    }

    /// Ends the session and chromedriver.
    pub async fn quit(mut self) {
        let _ = self.client.clone().close().await;
        let _ = self.driver.kill().await;
    }
}

/// A step that failed: which, why, and where its screenshot is.
pub struct StepFailed {
    pub test: String,
    pub step: String,
    pub why: String,
    pub screenshot: Option<PathBuf>,
}

impl std::fmt::Debug for StepFailed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}: step \"{}\" failed: {}",
            self.test, self.step, self.why
        )?;
        if let Some(shot) = &self.screenshot {
            write!(f, "\n  screenshot: {}", shot.display())?;
        }
        Ok(())
    }
}

impl std::fmt::Display for StepFailed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self, f)
    }
}

impl std::error::Error for StepFailed {}

/// The steps of one test, numbered, with their screenshots under `target/e2e/<test>/`.
pub struct Run {
    pub client: Client,
    pub test: String,
    pub dir: PathBuf,
    count: std::cell::Cell<u32>,
}

impl Run {
    /// A run of `test` in this browser; its folder is emptied first.
    pub fn new(client: &Client, test: &str) -> Result<Run, StepFailed> {
        let dir = output_dir().join(test);
        let prepared = std::fs::remove_dir_all(&dir)
            .or_else(|e| match e.kind() {
                std::io::ErrorKind::NotFound => Ok(()),
                _ => Err(e),
            })
            .and_then(|()| std::fs::create_dir_all(&dir));
        if let Err(e) = prepared {
            return Err(StepFailed {
                test: test.into(),
                step: "prepare the output folder".into(),
                why: format!("{}: {e}", dir.display()),
                screenshot: None,
            });
        }
        Ok(Run {
            client: client.clone(),
            test: test.into(),
            dir,
            count: std::cell::Cell::new(0),
        })
    }

    /// Runs one step; on failure saves `NN-<step>-FAILED.png` and the page's text, and
    /// answers which step failed and why.
    pub async fn step<T>(
        &self,
        name: &str,
        body: impl Future<Output = Result<T, E2eError>>,
    ) -> Result<T, StepFailed> {
        let n = self.count.get() + 1;
        self.count.set(n);
        let started = Instant::now();
        match body.await {
            Ok(value) => {
                eprintln!("  ok  {n:02} {name} ({} ms)", started.elapsed().as_millis());
                Ok(value)
            }
            Err(error) => {
                let stem = format!("{n:02}-{}-FAILED", slug(name));
                let screenshot = self.save_screenshot(&stem).await.ok();
                if let Ok(text) = self
                    .client
                    .execute(
                        "return document.body ? document.body.innerText : ''",
                        vec![],
                    )
                    .await
                {
                    let _ = std::fs::write(
                        self.dir.join(format!("{stem}.txt")),
                        text.as_str().unwrap_or_default(),
                    );
                }
                eprintln!("  FAIL {n:02} {name}: {error}");
                Err(StepFailed {
                    test: self.test.clone(),
                    step: name.into(),
                    why: error.to_string(),
                    screenshot,
                })
            }
        }
    }

    /// Saves a screenshot of the viewport as `<dir>/<stem>.png`.
    pub async fn save_screenshot(&self, stem: &str) -> Result<PathBuf, E2eError> {
        let png = self.client.screenshot().await?;
        let path = self.dir.join(format!("{stem}.png"));
        std::fs::write(&path, png)?;
        Ok(path)
    }

    /// A screenshot named after the current step count (for the record of a run).
    pub async fn shot(&self, name: &str) -> Result<PathBuf, E2eError> {
        self.save_screenshot(&format!("{:02}-{}", self.count.get(), slug(name)))
            .await
    }
}

fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').chars().take(60).collect()
}

/// Waits until the script `return <condition>` is truthy; the error says what was awaited.
pub async fn wait_until(client: &Client, what: &str, condition: &str) -> Result<Value, E2eError> {
    wait_until_within(client, what, condition, WAIT).await
}

/// [`wait_until`] with its own time limit.
pub async fn wait_until_within(
    client: &Client,
    what: &str,
    condition: &str,
    limit: Duration,
) -> Result<Value, E2eError> {
    let script = format!("return ({condition});");
    let deadline = Instant::now() + limit;
    let mut last_error = None;
    loop {
        match client.execute(&script, vec![]).await {
            Ok(value) if truthy(&value) => return Ok(value),
            Ok(_) => {}
            Err(e) => last_error = Some(e.to_string()),
        }
        if Instant::now() > deadline {
            return Err(check_failed(format!(
                "waited {limit:?} for {what}{}",
                last_error
                    .map(|e| format!(" (last script error: {e})"))
                    .unwrap_or_default()
            )));
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

fn truthy(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0),
        Value::String(s) => !s.is_empty(),
        Value::Array(_) | Value::Object(_) => true,
    }
}

/// Waits for an element to be in the page and answers it.
pub async fn element(
    client: &Client,
    css: &str,
) -> Result<fantoccini::elements::Element, E2eError> {
    let selector = serde_json::to_string(css).unwrap_or_default();
    wait_until(
        client,
        &format!("the element {css}"),
        &format!("document.querySelector({selector}) !== null"),
    )
    .await?;
    Ok(client.find(Locator::Css(css)).await?)
}

/// Waits for an element, scrolls it to the middle of the viewport (clear of the sticky top
/// and bottom bars) and clicks it. The page may still move after the scroll (the handset
/// page scrolls a focused field into view 300 ms after the focus, a notice appears), so the
/// click waits until the element itself is what sits at its centre, and a click that lands on
/// something else is tried again, up to five times.
pub async fn click(client: &Client, css: &str) -> Result<(), E2eError> {
    const ATTEMPTS: usize = 5;
    let target = element(client, css).await?;
    let reference = serde_json::to_value(&target)
        .map_err(|e| check_failed(format!("element reference: {e}")))?;
    for attempt in 1..=ATTEMPTS {
        let clear = client
            .execute(
                "const e = arguments[0]; \
                 e.scrollIntoView({block: 'center', inline: 'nearest'}); \
                 const r = e.getBoundingClientRect(); \
                 const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2); \
                 return !!hit && (hit === e || e.contains(hit) || \
                   Array.from(e.labels || []).some((l) => l === hit || l.contains(hit)));",
                vec![reference.clone()],
            )
            .await?;
        if clear.as_bool() == Some(true) || attempt == ATTEMPTS {
            match target.click().await {
                Ok(()) => return Ok(()),
                Err(error) if attempt == ATTEMPTS => return Err(error.into()),
                Err(_) => {}
            }
        }
        tokio::time::sleep(Duration::from_millis(150 * attempt as u64)).await;
    }
    Ok(())
}

/// Waits for the screen whose heading has this id (e.g. `declaration-heading`).
pub async fn screen(client: &Client, heading_id: &str) -> Result<(), E2eError> {
    element(client, &format!("#{heading_id}")).await.map(|_| ())
}

/// Replaces the text of an input by typing, as a person would.
pub async fn type_into(client: &Client, css: &str, text: &str) -> Result<(), E2eError> {
    click(client, css).await?;
    let input = client.find(Locator::Css(css)).await?;
    input.clear().await?;
    input.send_keys(text).await?;
    Ok(())
}

/// Presses keys in whatever has the focus (WebDriver key codes, e.g. `Key::Tab`).
pub async fn press(client: &Client, keys: &str) -> Result<(), E2eError> {
    client.active_element().await?.send_keys(keys).await?;
    Ok(())
}

/// The id of the focused element.
pub async fn focused_id(client: &Client) -> Result<String, E2eError> {
    let value = client
        .execute(
            "return document.activeElement ? document.activeElement.id : ''",
            vec![],
        )
        .await?;
    Ok(value.as_str().unwrap_or_default().to_string())
}

/// The value of an input.
pub async fn value_of(client: &Client, css: &str) -> Result<String, E2eError> {
    let input = element(client, css).await?;
    Ok(input.prop("value").await?.unwrap_or_default())
}

/// The canonical path of an existing file (chromedriver wants it so for file inputs).
pub fn existing(path: &Path) -> Result<String, E2eError> {
    match path.canonicalize() {
        Ok(full) if full.is_file() => Ok(full.display().to_string()),
        _ => Err(check_failed(format!("missing file {}", path.display()))),
    }
}

/// A Chrome DevTools protocol command sent through chromedriver
/// (`POST /session/{id}/goog/cdp/execute`).
#[derive(Debug)]
struct DevTools {
    method: &'static str,
    params: Value,
}

impl fantoccini::wd::WebDriverCompatibleCommand for DevTools {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/goog/cdp/execute",
            session_id.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        let body = json!({ "cmd": self.method, "params": self.params });
        (http::Method::POST, Some(body.to_string()))
    }
}

/// Runs a DevTools protocol command (e.g. `Input.imeSetComposition`) and answers its result.
pub async fn devtools(
    client: &Client,
    method: &'static str,
    params: Value,
) -> Result<Value, E2eError> {
    Ok(client.issue_cmd(DevTools { method, params }).await?)
}

/// Types `text` as an input method does (Telex on a phone's keyboard): each word is composed
/// step by step (`Input.imeSetComposition`, the underlined text growing and changing, e.g.
/// "Nguyee" → "Nguyê" → "Nguyễn"), then committed (`Input.insertText`), then a space.
pub async fn compose_words(client: &Client, words: &[&[&str]]) -> Result<(), E2eError> {
    for (i, steps) in words.iter().enumerate() {
        for step in steps.iter() {
            let len = step.chars().count();
            devtools(
                client,
                "Input.imeSetComposition",
                json!({ "text": step, "selectionStart": len, "selectionEnd": len }),
            )
            .await?;
        }
        let word = steps.last().copied().unwrap_or_default();
        devtools(client, "Input.insertText", json!({ "text": word })).await?;
        if i + 1 < words.len() {
            devtools(client, "Input.insertText", json!({ "text": " " })).await?;
        }
    }
    Ok(())
}
