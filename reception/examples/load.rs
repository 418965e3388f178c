//! Load benchmark on loopback: starts the service in-process with a temporary data directory
//! (or targets `--api URL`), posts realistic registrations (three distinct JPEGs of about
//! 300 KB each) from concurrent clients, and reports accepted/s and p50/p99 latency.
//!
//! `cargo run --profile service -p vssid-reception --example load -- --requests 2000 --concurrency 16`

mod support;

use std::sync::Arc;
use std::time::Instant;
use support::percentile;
use vssid_client::{ApiClient, RetryPolicy};
use vssid_testkit::jpeg::jpeg_of_size;
use vssid_testkit::sample::numbered_submission;

/// The load benchmark's options.
#[derive(clap::Parser)]
#[command(about = "Posts registrations from concurrent clients and reports throughput and latency")]
struct Options {
    /// How many registrations to post.
    #[arg(long, default_value_t = 2000)]
    requests: usize,
    /// How many clients post at once.
    #[arg(long, default_value_t = 16)]
    concurrency: usize,
    /// The size of each photo, in KB.
    #[arg(long, default_value_t = 300)]
    photo_kb: usize,
    /// A running service to post to (default: one started in this process).
    #[arg(long)]
    api: Option<String>,
    /// The service started in this process keeps the photos in its SQLite database (in the
    /// registration's transaction) instead of one file each in the photos directory.
    #[arg(long)]
    photos_in_database: bool,
}

#[tokio::main]
async fn main() {
    let options = <Options as clap::Parser>::parse();
    let photos: [Vec<u8>; 3] = std::array::from_fn(|i| jpeg_of_size(options.photo_kb, i as u32));
    let sizes: Vec<usize> = photos.iter().map(|p| p.len() / 1024).collect();

    let (base, _service, _dir) = match &options.api {
        Some(api) => (api.clone(), None, None),
        None => {
            let dir = tempfile::tempdir().expect("temp dir");
            // The service refuses a data directory others can read.
            let mut config = vssid_reception::Config::for_data_dir(dir.path().join("data"));
            config.limits.rate_per_second = 0.0;
            // One client address for every registration: no hourly quota per address (and
            // no cap of e-mails per recipient, should a run repeat the numbered addresses).
            config.limits.registrations_per_address_per_hour = 0;
            config.limits.mails_per_recipient_per_day = 0;
            config.photos_in_database = options.photos_in_database;
            config.log = "warn".into();
            let state = vssid_reception::AppState::open(config).expect("state");
            let service = vssid_reception::start(state).await.expect("start");
            (service.base_url(), Some(service), Some(dir))
        }
    };
    let client = ApiClient::new(&base)
        .expect("client")
        .with_policy(RetryPolicy {
            max_attempts: 1,
            ..RetryPolicy::default()
        });
    let photos = Arc::new(photos);
    let next = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    println!(
        "{} registrations, {} concurrent, photos {:?} KB, against {base}",
        options.requests, options.concurrency, sizes
    );
    let started = Instant::now();
    let mut workers = Vec::new();
    for _ in 0..options.concurrency {
        let (client, photos, next) = (client.clone(), photos.clone(), next.clone());
        let total = options.requests;
        workers.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            let mut failures = 0usize;
            loop {
                let n = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                if n >= total {
                    break;
                }
                let submission = numbered_submission(n as u32 % 1_000_000, &photos);
                let t = Instant::now();
                match client.submit(&submission, |_| {}).await {
                    Ok(_) => latencies.push(t.elapsed()),
                    Err(error) => {
                        failures += 1;
                        if failures <= 3 {
                            eprintln!("failed: {error:?}");
                        }
                    }
                }
            }
            (latencies, failures)
        }));
    }
    let mut latencies = Vec::new();
    let mut failures = 0;
    for worker in workers {
        let (l, f) = worker.await.expect("worker");
        latencies.extend(l);
        failures += f;
    }
    let elapsed = started.elapsed();
    latencies.sort();
    println!(
        "accepted {} in {:.2} s = {:.1}/s; failed {}; latency p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        latencies.len(),
        elapsed.as_secs_f64(),
        latencies.len() as f64 / elapsed.as_secs_f64(),
        failures,
        percentile(&latencies, 0.50).as_secs_f64() * 1000.0,
        percentile(&latencies, 0.99).as_secs_f64() * 1000.0,
        latencies.last().copied().unwrap_or_default().as_secs_f64() * 1000.0,
    );
}
