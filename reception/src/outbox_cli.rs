//! `vssid-reception outbox`: what became of each e-mail (the delivery log beside the
//! outbox): queued (with its tries and the last refusal), sent (with the server's answer),
//! failed (with the server's refusal). `--failed` lists only those, and exits 1 when there
//! are any, so a monitoring job can call it. `--retry-failed` puts the failed messages (kept
//! in `outbox/failed/`) back to be tried again.

use crate::DataArgs;
use clap::Args;
use std::collections::HashSet;
use std::process::ExitCode;
use vssid_reception::delivery_log::{DeliveryLog, DeliveryStatus};

#[derive(Debug, Clone, Args)]
pub(crate) struct OutboxArgs {
    #[command(flatten)]
    data: DataArgs,
    /// Only the messages that failed; exit status 1 when there are any.
    #[arg(long)]
    failed: bool,
    /// Put the failed messages (kept in outbox/failed/) back in the outbox, to be tried again
    /// from the start (after the server's configuration was mended).
    #[arg(long, conflicts_with = "failed")]
    retry_failed: bool,
}

fn time(ms: i64) -> String {
    vssid_core::datetime::vietnam_time_from_unix_ms(ms)
}

pub(crate) fn run(args: &OutboxArgs) -> ExitCode {
    let state = match crate::open_state(&args.data.flags()) {
        Ok(state) => state,
        Err(code) => return code,
    };
    if args.retry_failed {
        return match state.outbox().retry_failed() {
            Ok(count) => {
                println!("{count} failed e-mail(s) put back in the outbox");
                ExitCode::SUCCESS
            }
            Err(error) => {
                eprintln!("vssid-reception: cannot put the failed e-mails back: {error}");
                ExitCode::FAILURE
            }
        };
    }
    let log = DeliveryLog::of(state.outbox().dir());
    let records = match log.all() {
        Ok(records) => records,
        Err(error) => {
            eprintln!("vssid-reception: cannot read the delivery log: {error}");
            return ExitCode::FAILURE;
        }
    };
    let mut failed = 0;
    let known: HashSet<String> = records.iter().map(|r| r.stem.clone()).collect();
    println!("status\tmessage\tto\ttries\tlast try (Vietnam time)\tanswer or error");
    for record in &records {
        if record.status == DeliveryStatus::Failed {
            failed += 1;
        } else if args.failed {
            continue;
        }
        let said = if record.status == DeliveryStatus::Sent {
            &record.answer
        } else {
            &record.error
        };
        println!(
            "{}\t{}\t{}\t{}\t{}\t{}",
            record.status.as_str(),
            record.stem,
            record.to,
            record.attempts,
            time(record.last_attempt_ms),
            said.replace(['\r', '\n'], " ")
        );
    }
    if !args.failed {
        // Messages written but not tried yet (or no SMTP server configured).
        let mut waiting: Vec<String> = std::fs::read_dir(state.outbox().dir())
            .map(|entries| {
                entries
                    .filter_map(|e| e.ok())
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .filter_map(|name| name.strip_suffix(".eml").map(str::to_string))
                    .filter(|stem| !known.contains(stem))
                    .collect()
            })
            .unwrap_or_default();
        waiting.sort();
        for stem in waiting {
            println!("queued\t{stem}\t\t0\t\tnot tried yet");
        }
    }
    if failed > 0 {
        eprintln!("{failed} e-mail(s) failed");
        if args.failed {
            return ExitCode::FAILURE;
        }
    }
    ExitCode::SUCCESS
}
