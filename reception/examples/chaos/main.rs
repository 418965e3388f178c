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
use support::service::sibling_binary;

/// The chaos run's options (defaults: those of `ChaosOptions::new`).
#[derive(clap::Parser)]
#[command(about = "Registrations through a fault proxy to a service killed and restarted mid-run")]
struct Args {
    /// The `vssid-reception` binary (default: the one built next to this example).
    #[arg(long)]
    binary: Option<PathBuf>,
    #[arg(long)]
    submissions: Option<u32>,
    #[arg(long)]
    concurrency: Option<usize>,
    #[arg(long)]
    seed: Option<u64>,
    /// The share of connections the proxy disturbs, 0 to 1.
    #[arg(long)]
    fault_rate: Option<f64>,
    /// How many times the service is killed and restarted.
    #[arg(long)]
    restarts: Option<u32>,
    /// The client's per-attempt timeout.
    #[arg(long)]
    timeout_ms: Option<u64>,
    /// Keep the service's data directory here after the run.
    #[arg(long)]
    keep: Option<PathBuf>,
    /// Two instances on this PostgreSQL database (`postgres://…`), instance A killed and
    /// restarted, instead of one instance on SQLite.
    #[arg(long)]
    database_url: Option<String>,
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = <Args as clap::Parser>::parse();
    let Some(binary) = args.binary.or_else(sibling_binary) else {
        eprintln!("chaos: cannot tell where the service binary is; pass --binary");
        return ExitCode::from(2);
    };
    let mut options = ChaosOptions::new(binary);
    if let Some(v) = args.submissions {
        options.submissions = v;
    }
    if let Some(v) = args.concurrency {
        options.concurrency = v;
    }
    if let Some(v) = args.seed {
        options.seed = v;
    }
    if let Some(v) = args.fault_rate {
        options.fault_rate = v;
    }
    if let Some(v) = args.restarts {
        options.restarts = v;
    }
    if let Some(v) = args.timeout_ms {
        options.attempt_timeout = Duration::from_millis(v);
    }
    options.database_url = args.database_url;
    let keep = args.keep;
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
