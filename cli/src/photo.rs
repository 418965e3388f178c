//! `vssid photo <portrait|id-front|id-back> <in> <out>`: runs the photo pipeline on a file,
//! writes the JPEG to send and prints the report as JSON.

use crate::CommonOptions;
use clap::Args;
use serde_json::json;
use std::io::{BufReader, Read, Write};
use std::path::{Path, PathBuf};
use vssid_core::photo::{
    process_photo, process_photo_from, PhotoError, PhotoKind, PhotoLimits, PhotoReport,
    ProcessedPhoto,
};
use vssid_core::{Lang, Localized};

/// The arguments of `vssid photo`.
#[derive(Debug, Clone, Args)]
pub struct PhotoArgs {
    /// What the photo shows.
    #[arg(value_name = "portrait|id-front|id-back", value_parser = parse_kind)]
    pub kind: PhotoKind,
    /// The picture to process (JPEG, PNG or WebP).
    #[arg(value_name = "IN")]
    pub input: PathBuf,
    /// Where to write the JPEG to send.
    #[arg(value_name = "OUT")]
    pub output: PathBuf,
}

fn parse_kind(code: &str) -> Result<PhotoKind, String> {
    PhotoKind::from_code(code).ok_or(format!("unknown photo kind: {code}"))
}

/// Runs the pipeline on the file at `path`. A regular file is read as the decoder goes (its
/// size, known beforehand, refuses an oversized one unread), so a large photo is never held
/// whole in memory; anything else (a pipe) is read first, at most one byte past the limit.
fn process_file(
    path: &Path,
    kind: PhotoKind,
    limits: &PhotoLimits,
) -> std::io::Result<Result<ProcessedPhoto, PhotoError>> {
    let file = std::fs::File::open(path)?;
    let metadata = file.metadata()?;
    if metadata.is_file() {
        let size = usize::try_from(metadata.len()).unwrap_or(usize::MAX);
        let mut source = BufReader::with_capacity(64 * 1024, file);
        return Ok(process_photo_from(
            &mut source,
            size,
            kind,
            limits,
            &mut |_| {},
        ));
    }
    let mut bytes = Vec::new();
    file.take(limits.max_input_bytes as u64 + 1)
        .read_to_end(&mut bytes)?;
    Ok(process_photo(&bytes, kind, limits, &mut |_| {}))
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
    args: &PhotoArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> i32 {
    let (kind, input, output) = (args.kind, &args.input, &args.output);
    let limits = PhotoLimits::default();
    let processed = match process_file(input, kind, &limits) {
        Ok(processed) => processed,
        Err(e) => {
            let _ = writeln!(err, "{}: {e}", input.display());
            return 1;
        }
    };
    match processed {
        Ok(photo) => {
            if let Err(e) = std::fs::write(output, &photo.jpeg) {
                let _ = writeln!(err, "{}: {e}", output.display());
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
            let _ = writeln!(err, "{}: {message}", input.display());
            1
        }
    }
}
