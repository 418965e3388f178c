//! `vssid photo <portrait|id-front|id-back> <in> <out>`: runs the photo pipeline on a file,
//! writes the JPEG to send and prints the report as JSON.

use crate::CommonOptions;
use serde_json::json;
use std::io::{Read, Write};
use vssid_core::photo::{process_photo, PhotoKind, PhotoLimits, PhotoReport};
use vssid_core::{Lang, Localized};

const USAGE: &str = "usage: vssid photo <portrait|id-front|id-back> <in> <out>";

/// Reads at most `max + 1` bytes of `path`, so that an oversized file is refused by the
/// pipeline without being read whole.
fn read_limited(path: &str, max: usize) -> std::io::Result<Vec<u8>> {
    let file = std::fs::File::open(path)?;
    let mut bytes = Vec::new();
    file.take(max as u64 + 1).read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// The report as JSON, with each warning's code and message in `lang`.
fn report_json(report: &PhotoReport, lang: Lang) -> serde_json::Value {
    let mut value = serde_json::to_value(report).unwrap_or_default();
    value["warnings"] = report
        .warnings
        .iter()
        .map(|w| json!({ "code": w.code(), "message": w.message(lang) }))
        .collect();
    value["retake"] = json!(report.should_retake());
    value
}

/// Runs `vssid photo`.
pub fn run(
    options: &CommonOptions,
    args: &[String],
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> i32 {
    let [kind, input, output] = args else {
        let _ = writeln!(err, "{USAGE}");
        return 2;
    };
    let Some(kind) = PhotoKind::from_code(kind) else {
        let _ = writeln!(err, "unknown photo kind: {kind}\n{USAGE}");
        return 2;
    };
    let limits = PhotoLimits::default();
    let bytes = match read_limited(input, limits.max_input_bytes) {
        Ok(bytes) => bytes,
        Err(e) => {
            let _ = writeln!(err, "{input}: {e}");
            return 1;
        }
    };
    match process_photo(&bytes, kind, &limits, &mut |_| {}) {
        Ok(photo) => {
            if let Err(e) = std::fs::write(output, &photo.jpeg) {
                let _ = writeln!(err, "{output}: {e}");
                return 1;
            }
            let report = report_json(&photo.report, options.lang);
            let _ = writeln!(
                out,
                "{}",
                serde_json::to_string_pretty(&report).unwrap_or_default()
            );
            0
        }
        Err(error) => {
            let message = error.message(options.lang);
            if options.json {
                let body = json!({ "error": { "code": error.code(), "message": message } });
                let _ = writeln!(out, "{body}");
            }
            let _ = writeln!(err, "{input}: {message}");
            1
        }
    }
}
