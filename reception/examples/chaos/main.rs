//! Chaos run: the reception service as a child process (killed with SIGKILL and restarted
//! mid-run on the same port and data directory) behind a seeded fault proxy, registrations
//! sent through `vssid_client::ApiClient`, then the database audited. Exits 1 when a registration
//! is duplicated, lost, refused or unfinished.
//!
//! `scripts/chaos.sh` builds and runs it; by hand:
//! `cargo run --profile service -p vssid-reception --example chaos -- --submissions 200 --seed 7`

#[path = "../support/mod.rs"]
mod support;

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;
use support::chaos::{run_chaos, ChaosOptions};

fn usage() -> ExitCode {
    eprintln!(
        "usage: chaos [--binary PATH] [--submissions N] [--concurrency N] [--seed N] \
         [--fault-rate 0..1] [--restarts N] [--timeout-ms N] [--keep DIR]"
    );
    ExitCode::from(2)
}

/// The service binary built next to this example (`target/<profile>/vssid-reception`).
fn sibling_binary() -> Option<PathBuf> {
    let exe = std::env::current_exe().ok()?;
    let profile_dir = exe.parent()?.parent()?;
    Some(profile_dir.join("vssid-reception"))
}

#[tokio::main]
async fn main() -> ExitCode {
    let Some(binary) = sibling_binary() else {
        return usage();
    };
    let mut options = ChaosOptions::new(binary);
    let mut keep: Option<PathBuf> = None;
    let args: Vec<String> = std::env::args().skip(1).collect();
    for pair in args.chunks(2) {
        let [name, value] = pair else {
            return usage();
        };
        let ok = match name.as_str() {
            "--binary" => {
                options.binary = PathBuf::from(value);
                true
            }
            "--submissions" => value.parse().map(|v| options.submissions = v).is_ok(),
            "--concurrency" => value.parse().map(|v| options.concurrency = v).is_ok(),
            "--seed" => value.parse().map(|v| options.seed = v).is_ok(),
            "--fault-rate" => value.parse().map(|v| options.fault_rate = v).is_ok(),
            "--restarts" => value.parse().map(|v| options.restarts = v).is_ok(),
            "--timeout-ms" => value
                .parse()
                .map(|v| options.attempt_timeout = Duration::from_millis(v))
                .is_ok(),
            "--keep" => {
                keep = Some(PathBuf::from(value));
                true
            }
            _ => false,
        };
        if !ok {
            return usage();
        }
    }
    if !options.binary.is_file() {
        eprintln!(
            "no service binary at {}: build it (cargo build -p vssid-reception) or pass --binary",
            options.binary.display()
        );
        return ExitCode::from(2);
    }
    let temp = match tempfile::tempdir() {
        Ok(temp) => temp,
        Err(error) => {
            eprintln!("cannot make a temporary directory: {error}");
            return ExitCode::from(2);
        }
    };
    let work_dir = keep.clone().unwrap_or_else(|| temp.path().to_path_buf());
    println!(
        "chaos: {} submissions, {} concurrent, seed {}, fault rate {}, {} restarts, attempt timeout {} ms",
        options.submissions,
        options.concurrency,
        options.seed,
        options.fault_rate,
        options.restarts,
        options.attempt_timeout.as_millis()
    );
    match run_chaos(&options, &work_dir).await {
        Ok(report) => {
            report.print();
            if report.is_clean() {
                println!("OK: every registration stored exactly once");
                ExitCode::SUCCESS
            } else {
                println!(
                    "FAILED: see the counts above (data in {})",
                    work_dir.display()
                );
                ExitCode::FAILURE
            }
        }
        Err(error) => {
            eprintln!("chaos run failed: {error}");
            ExitCode::from(2)
        }
    }
}
