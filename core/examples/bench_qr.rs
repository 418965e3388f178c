//! Times `qr::read_cccd` in-process on the set written by `make_qr_cards`: for each photo the
//! CPU time of the reading thread (best of a few runs, so that a busy machine inflates it less)
//! and whether the expected ID number and name came out. Prints one line per photo
//! (`file<TAB>ok<TAB>cpu ms<TAB>wall ms<TAB>strategy`) for `scripts/bench-qr` to sum up.
//!
//! The runs are passes over the whole set, not repeats of one photo in a row: a shared
//! machine has slow spells of several seconds, and a photo's runs all falling in one would
//! keep it from being filtered out.
//!
//! Usage: `cargo run --release -p vssid-core --example bench_qr -- <set dir> [runs, default 3]`

use std::time::Instant;
use vssid_core::qr;

/// CPU time used so far by the calling thread, in nanoseconds (Linux `schedstat`).
fn thread_cpu_ns() -> u64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|text| text.split_whitespace().next()?.parse().ok())
        .unwrap_or(0)
}

/// One photo of the set, what it should read as, and its best times so far.
struct Photo<'a> {
    file: &'a str,
    id: &'a str,
    name: &'a str,
    bytes: Vec<u8>,
    best_cpu: u64,
    best_wall: u64,
    outcome: Option<Result<qr::CccdScan, qr::QrError>>,
}

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let dir = args
        .next()
        .ok_or_else(|| std::io::Error::other("usage: bench_qr <set dir> [runs]"))?;
    let runs: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(3).max(1);
    let manifest = std::fs::read_to_string(format!("{dir}/manifest.tsv"))?;
    let mut photos = Vec::new();
    for line in manifest.lines() {
        let Some((file, payload)) = line.split_once('\t') else {
            continue;
        };
        let fields: Vec<&str> = payload.split('|').collect();
        let (id, name) = (fields[0], fields.get(2).copied().unwrap_or(""));
        let bytes = std::fs::read(format!("{dir}/{file}"))?;
        photos.push(Photo {
            file,
            id,
            name,
            bytes,
            best_cpu: u64::MAX,
            best_wall: u64::MAX,
            outcome: None,
        });
    }
    for _ in 0..runs {
        for photo in &mut photos {
            let (cpu0, wall0) = (thread_cpu_ns(), Instant::now());
            let result = qr::read_cccd(&photo.bytes);
            let cpu = thread_cpu_ns().saturating_sub(cpu0);
            let wall = wall0.elapsed().as_nanos() as u64;
            photo.best_cpu = photo.best_cpu.min(cpu);
            photo.best_wall = photo.best_wall.min(wall);
            photo.outcome = Some(result);
        }
    }
    for photo in photos {
        let (ok, strategy) = match photo.outcome {
            Some(Ok(scan)) => (
                scan.data.id_number == photo.id && scan.data.full_name == photo.name,
                scan.strategy,
            ),
            Some(Err(e)) => (false, format!("{e}")),
            None => (false, String::new()),
        };
        println!(
            "{}\t{}\t{:.1}\t{:.1}\t{strategy}",
            photo.file,
            if ok { "ok" } else { "--" },
            photo.best_cpu as f64 / 1e6,
            photo.best_wall as f64 / 1e6
        );
    }
    Ok(())
}
