//! Stress run on loopback: many concurrent clients (default 200) post registrations for a
//! bounded time to the reception service running as a child process, while its resident
//! memory is sampled from `/proc`; optionally the service is killed with SIGKILL mid-run and
//! restarted on the same port and data directory. Reports requests, accepted/s, p50/p99
//! latency, 429s, other errors by kind, peak RSS, and checks that every registration a client
//! got a 201 for is in the database after the crash.
//!
//! `cargo run --profile service -p vssid-reception --example stress -- --clients 200 --seconds 30 --crash-at 15`
//! (build the service first: `cargo build --profile service -p vssid-reception --bins`).
//! Exits 1 when an acknowledged registration is missing, or when a request failed for another
//! reason than rate limiting (429) outside the crash window.

mod support;

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use support::chaos::read_records;
use support::percentile;
use support::service::{proc_status_kib, sibling_binary, ServiceProcess};
use vssid_client::{ApiClient, ApiError, RetryPolicy};
use vssid_core::Localized;
use vssid_testkit::jpeg::jpeg_of_size;
use vssid_testkit::sample::numbered_submission;

/// The stress run's options.
#[derive(clap::Parser)]
#[command(
    about = "Many clients post registrations to the service as a child process, optionally killed mid-run"
)]
struct Options {
    /// The `vssid-reception` binary (default: the one built next to this example).
    #[arg(long)]
    binary: Option<PathBuf>,
    /// How many clients post at once.
    #[arg(long, default_value_t = 200)]
    clients: usize,
    /// How long the run lasts.
    #[arg(long, default_value_t = 30)]
    seconds: u64,
    /// The size of each photo, in KB.
    #[arg(long, default_value_t = 100)]
    photo_kb: usize,
    /// Kill the service (SIGKILL) this many seconds into the run, and restart it.
    #[arg(long)]
    crash_at: Option<u64>,
    /// The service's rate limit per client address (0: none).
    #[arg(long, default_value_t = 0.0)]
    rate_per_second: f64,
    #[arg(long, default_value_t = 20.0)]
    rate_burst: f64,
}

/// One client's results.
#[derive(Default)]
struct ClientResults {
    latencies: Vec<Duration>,
    /// (receipt id, idempotency key) of every 201.
    accepted: Vec<(String, String)>,
    rate_limited: u64,
    /// Errors by code, outside / inside the crash window.
    errors: BTreeMap<String, u64>,
    errors_in_crash_window: BTreeMap<String, u64>,
}

/// The crash window, in milliseconds since the start: from the kill until the restarted
/// service accepts connections, plus the longest request time (requests in flight then).
#[derive(Default, Clone, Copy)]
struct CrashWindow {
    from_ms: u64,
    to_ms: u64,
}

#[tokio::main]
async fn main() -> ExitCode {
    let options = <Options as clap::Parser>::parse();
    let Some(binary) = options.binary.clone().or_else(sibling_binary) else {
        eprintln!("stress: cannot tell where the service binary is; pass --binary");
        return ExitCode::from(2);
    };
    if !binary.is_file() {
        eprintln!("no service binary at {}", binary.display());
        return ExitCode::from(2);
    }
    let temp = tempfile::tempdir().expect("temporary directory");
    let data_dir = temp.path().join("data");
    let rate = options.rate_per_second.to_string();
    let burst = options.rate_burst.to_string();
    let service = ServiceProcess::start(
        &binary,
        &data_dir,
        &[
            ("VSSID_RATE_PER_SECOND", rate.as_str()),
            ("VSSID_RATE_BURST", burst.as_str()),
            // Every client is 127.0.0.1: no hourly registration quota per address.
            ("VSSID_REGISTRATIONS_PER_ADDRESS_PER_HOUR", "0"),
        ],
    )
    .expect("the service starts");
    let base = format!("http://{}", service.addr);
    let database = service.database_path();
    let photos = Arc::new([
        jpeg_of_size(options.photo_kb, 11),
        jpeg_of_size(options.photo_kb, 12),
        jpeg_of_size(options.photo_kb, 13),
    ]);
    println!(
        "{} clients for {} s, photos {:?} KB, rate limit {} per second (burst {}), crash at {:?} s",
        options.clients,
        options.seconds,
        photos.iter().map(|p| p.len() / 1024).collect::<Vec<_>>(),
        options.rate_per_second,
        options.rate_burst,
        options.crash_at
    );
    println!("machine: {}", uptime());

    let started = Instant::now();
    let deadline = started + Duration::from_secs(options.seconds);
    let service = Arc::new(Mutex::new(service));
    let window = Arc::new(Mutex::new(None::<CrashWindow>));

    // Memory: the service's resident set every 50 ms, and its peak as the kernel saw it.
    let running = Arc::new(AtomicBool::new(true));
    let peak_rss = Arc::new(AtomicU64::new(0));
    let sampler = {
        let (service, running, peak_rss) = (service.clone(), running.clone(), peak_rss.clone());
        tokio::spawn(async move {
            let mut samples = 0u64;
            while running.load(Ordering::SeqCst) {
                let pid = service.lock().ok().and_then(|s| s.pid());
                if let Some(pid) = pid {
                    for field in ["VmRSS", "VmHWM"] {
                        if let Some(kib) = proc_status_kib(pid, field) {
                            peak_rss.fetch_max(kib, Ordering::SeqCst);
                        }
                    }
                    samples += 1;
                }
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            samples
        })
    };

    let crasher = options.crash_at.map(|at| {
        let (service, window) = (service.clone(), window.clone());
        tokio::spawn(async move {
            tokio::time::sleep_until((started + Duration::from_secs(at)).into()).await;
            let from_ms = started.elapsed().as_millis() as u64;
            tokio::task::spawn_blocking(move || {
                let mut service = service.lock().expect("service handle");
                service.restart(Duration::from_millis(500))
            })
            .await
            .expect("restart task")
            .expect("the service restarts");
            let to_ms = started.elapsed().as_millis() as u64;
            if let Ok(mut window) = window.lock() {
                *window = Some(CrashWindow { from_ms, to_ms });
            }
        })
    });

    let mut clients = Vec::new();
    for client_index in 0..options.clients {
        let (base, photos) = (base.clone(), photos.clone());
        clients.push(tokio::spawn(async move {
            let client = ApiClient::new(&base)
                .expect("client")
                .with_policy(RetryPolicy {
                    max_attempts: 1,
                    attempt_timeout: Duration::from_secs(60),
                    ..RetryPolicy::default()
                });
            let mut results = ClientResults::default();
            let mut errors_at: Vec<(u64, u64, String)> = Vec::new();
            let mut n = 0u32;
            while Instant::now() < deadline {
                // Distinct people for the first thousand requests of each client (numbers
                // stay within the six digits the generated codes have room for).
                let number = client_index as u32 % 1000 * 1000 + n % 1000;
                n += 1;
                let submission = numbered_submission(number, &photos);
                let sent_ms = started.elapsed().as_millis() as u64;
                let t = Instant::now();
                match client.submit(&submission, |_| {}).await {
                    Ok(receipt) => {
                        results.latencies.push(t.elapsed());
                        results
                            .accepted
                            .push((receipt.id, submission.idempotency_key.clone()));
                    }
                    Err(ApiError::Busy { retry_after }) => {
                        results.rate_limited += 1;
                        let wait = retry_after.unwrap_or(Duration::from_millis(200));
                        tokio::time::sleep(wait.min(Duration::from_secs(2))).await;
                    }
                    Err(error) => {
                        let done_ms = started.elapsed().as_millis() as u64;
                        errors_at.push((sent_ms, done_ms, error.code().to_string()));
                        tokio::time::sleep(Duration::from_millis(100)).await;
                    }
                }
            }
            (results, errors_at)
        }));
    }
    let mut all = ClientResults::default();
    let mut errors_at = Vec::new();
    for client in clients {
        let (results, errors) = client.await.expect("client task");
        all.latencies.extend(results.latencies);
        all.accepted.extend(results.accepted);
        all.rate_limited += results.rate_limited;
        errors_at.extend(errors);
    }
    let elapsed = started.elapsed();
    if let Some(crasher) = crasher {
        crasher.await.expect("crash task");
    }
    running.store(false, Ordering::SeqCst);
    let samples = sampler.await.unwrap_or(0);
    let window = window.lock().ok().and_then(|w| *w);
    for (sent_ms, done_ms, code) in errors_at {
        // A request overlaps the crash if it was in flight when the service died or was
        // sent before it listened again.
        let in_window = window.is_some_and(|w| sent_ms <= w.to_ms && done_ms >= w.from_ms);
        let bucket = if in_window {
            &mut all.errors_in_crash_window
        } else {
            &mut all.errors
        };
        *bucket.entry(code).or_insert(0) += 1;
    }

    // The final word is a kill too; then every acknowledged registration must be on disk.
    let restarts = {
        let mut service = service.lock().expect("service handle");
        service.kill_hard().expect("kill");
        service.restarts
    };
    let stored = read_records(&database).expect("read the database");
    let by_key: HashMap<&str, &str> = stored
        .iter()
        .map(|r| (r.key.as_str(), r.id.as_str()))
        .collect();
    let lost = all
        .accepted
        .iter()
        .filter(|(id, key)| by_key.get(key.as_str()) != Some(&id.as_str()))
        .count();

    all.latencies.sort();
    let requests = all.latencies.len() as u64
        + all.rate_limited
        + all.errors.values().sum::<u64>()
        + all.errors_in_crash_window.values().sum::<u64>();
    println!("duration          {:.1} s", elapsed.as_secs_f64());
    println!("requests          {requests}");
    println!(
        "accepted (201)    {} = {:.1}/s",
        all.accepted.len(),
        all.accepted.len() as f64 / elapsed.as_secs_f64()
    );
    println!(
        "latency of 201s   p50 {:.0} ms, p99 {:.0} ms, max {:.0} ms",
        percentile(&all.latencies, 0.50).as_secs_f64() * 1000.0,
        percentile(&all.latencies, 0.99).as_secs_f64() * 1000.0,
        all.latencies
            .last()
            .copied()
            .unwrap_or_default()
            .as_secs_f64()
            * 1000.0
    );
    println!("429 (rate limit)  {}", all.rate_limited);
    println!("other errors      {:?}", all.errors);
    if let Some(w) = window {
        println!(
            "crash: SIGKILL at {:.1} s, listening again at {:.1} s; errors of requests in flight or sent meanwhile {:?}",
            w.from_ms as f64 / 1000.0,
            w.to_ms as f64 / 1000.0,
            all.errors_in_crash_window
        );
    }
    println!(
        "peak RSS          {:.1} MiB ({samples} samples of VmRSS/VmHWM)",
        peak_rss.load(Ordering::SeqCst) as f64 / 1024.0
    );
    println!("restarts          {restarts}");
    println!(
        "records {}, acknowledged {}, acknowledged but missing (lost) {lost}",
        stored.len(),
        all.accepted.len()
    );
    println!("machine: {}", uptime());
    if lost > 0 || !all.errors.is_empty() {
        println!("FAILED");
        return ExitCode::FAILURE;
    }
    println!("OK");
    ExitCode::SUCCESS
}

fn uptime() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|l| {
            format!(
                "load average {}",
                l.split_whitespace().take(3).collect::<Vec<_>>().join(" ")
            )
        })
        .unwrap_or_default()
}
