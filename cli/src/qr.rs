//! `vssid qr <image>`: reads the QR on a CCCD photo and prints the holder's data as JSON.

use crate::{refuse, CommonOptions};
use clap::Args;
use std::io::Write;
use std::path::PathBuf;
use vssid_core::qr;
use vssid_core::{Lang, Localized};

/// Files larger than this are refused unread (a 50-megapixel JPEG is far smaller).
const MAX_FILE_BYTES: u64 = 100 * 1024 * 1024;

/// The arguments of `vssid qr`.
#[derive(Debug, Clone, Args)]
pub struct QrArgs {
    /// Also tell on standard error which strategy found the code.
    #[arg(long)]
    pub explain: bool,
    /// The photo of the card (JPEG or PNG).
    #[arg(value_name = "IMAGE")]
    pub image: PathBuf,
}

/// Runs `vssid qr`.
pub fn run(
    options: &CommonOptions,
    args: &QrArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> i32 {
    let (explain, path) = (args.explain, &args.image);
    let too_big = std::fs::metadata(path).map(|m| m.len() > MAX_FILE_BYTES);
    let bytes = match too_big {
        Ok(true) => Err(None),
        Ok(false) => std::fs::read(path).map_err(Some),
        Err(e) => Err(Some(e)),
    };
    let bytes = match bytes {
        Ok(bytes) => bytes,
        Err(cause) => {
            let path = path.display();
            let message = match (cause, options.lang) {
                (None, Lang::Vi) => format!("Tệp {path} quá lớn."),
                (None, Lang::En) => format!("The file {path} is too large."),
                (Some(e), Lang::Vi) => format!("Không đọc được tệp {path}: {e}"),
                (Some(e), Lang::En) => format!("Cannot read {path}: {e}"),
            };
            return refuse(options, "file_unreadable", &message, out, err);
        }
    };
    match qr::read_cccd(&bytes) {
        Ok(scan) => {
            if explain {
                let _ = writeln!(err, "found by {}", scan.strategy);
            }
            match serde_json::to_string_pretty(&scan.data) {
                Ok(json) => {
                    let _ = writeln!(out, "{json}");
                    0
                }
                Err(e) => {
                    let _ = writeln!(err, "{e}");
                    1
                }
            }
        }
        Err(e) => refuse(options, e.code(), &e.message(options.lang), out, err),
    }
}
