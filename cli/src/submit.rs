//! `vssid submit <draft.json>`: sends a saved draft to the reception service with the same
//! client as the app (idempotency key, retries), and prints the receipt or the errors.
//!
//! Photos are read from the files their draft keys name: relative to `--photos DIR` when
//! given, else relative to the draft's directory (absolute keys are used as they are). The
//! service's address is `--api URL` or, without it, `VSSID_API_BASE`.

use crate::CommonOptions;
use clap::Args;
use std::io::Write;
use std::path::{Path, PathBuf};
use vssid_client::{ApiClient, ApiError, Submission, SubmitProgress};
use vssid_core::api::RegistrationRequest;
use vssid_core::flow::{PhotoSlot, Registration};
use vssid_core::{Lang, Localized};

/// The arguments of `vssid submit`.
#[derive(Debug, Clone, PartialEq, Eq, Args)]
pub struct SubmitArgs {
    /// The saved draft (JSON).
    pub draft: PathBuf,
    /// The reception service's address.
    #[arg(long, env = "VSSID_API_BASE", value_name = "URL")]
    pub api: String,
    /// The folder the draft's photo keys are relative to (default: the draft's folder).
    #[arg(long, value_name = "DIR")]
    pub photos: Option<PathBuf>,
}

/// Why the submission could not even be sent.
#[derive(Debug, thiserror::Error)]
enum LocalError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{0}")]
    Draft(vssid_core::draft::DraftError),
}

fn read_file(path: &Path) -> Result<Vec<u8>, LocalError> {
    std::fs::read(path).map_err(|source| LocalError::Read {
        path: path.to_path_buf(),
        source,
    })
}

/// Builds the submission from a draft; a photo that is not ready is sent empty (the service
/// then reports it beside its field).
fn submission_from_draft(args: &SubmitArgs) -> Result<Submission, LocalError> {
    let text = read_file(&args.draft)?;
    let registration: Registration =
        vssid_core::draft::decode(&String::from_utf8_lossy(&text)).map_err(LocalError::Draft)?;
    let photo_dir = match &args.photos {
        Some(dir) => dir.clone(),
        None => args
            .draft
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default(),
    };
    let photo = |slot: PhotoSlot| -> Result<Vec<u8>, LocalError> {
        match registration.photos.get(slot).ready() {
            Some(photo) => read_file(&photo_dir.join(&photo.key)),
            None => Ok(Vec::new()),
        }
    };
    Ok(Submission {
        idempotency_key: registration.idempotency_key.clone(),
        portrait: photo(PhotoSlot::Portrait)?,
        id_front: photo(PhotoSlot::IdFront)?,
        id_back: photo(PhotoSlot::IdBack)?,
        request: RegistrationRequest {
            form: registration.form.clone(),
            office: registration.office.clone().unwrap_or_default(),
            email: registration.email.clone(),
            lang: registration.lang,
            consent: registration.consent_record(),
        },
    })
}

/// Runs `vssid submit`.
pub fn run(
    options: &CommonOptions,
    args: &SubmitArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> i32 {
    let base = &args.api;
    let lang = options.lang;
    let submission = match submission_from_draft(args) {
        Ok(submission) => submission,
        Err(LocalError::Draft(error)) => {
            return report_error(options, out, err, error.code(), &error.message(lang), None)
        }
        Err(error) => {
            let _ = writeln!(err, "{error}");
            return 1;
        }
    };
    let client = match ApiClient::new(base) {
        Ok(client) => client,
        Err(error) => {
            let _ = writeln!(err, "{}: {base}", error.message(lang));
            return 2;
        }
    };
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            let _ = writeln!(err, "cannot start the runtime: {error}");
            return 1;
        }
    };
    let show_progress = !options.json;
    let result = runtime.block_on(client.submit(&submission, |progress| {
        if let (
            true,
            SubmitProgress::Waiting {
                attempt,
                delay,
                reason,
            },
        ) = (show_progress, &progress)
        {
            let _ = match lang {
                Lang::Vi => writeln!(
                    err,
                    "Lần gửi {attempt} chưa thành công ({reason}); gửi lại sau {:.1} giây…",
                    delay.as_secs_f64()
                ),
                Lang::En => writeln!(
                    err,
                    "Attempt {attempt} did not go through ({reason}); retrying in {:.1} s…",
                    delay.as_secs_f64()
                ),
            };
        }
    }));
    match result {
        Ok(receipt) => {
            if options.json {
                let _ = writeln!(
                    out,
                    "{}",
                    serde_json::to_string(&receipt).unwrap_or_default()
                );
            } else {
                let (title, reference, status, received) = match lang {
                    Lang::Vi => (
                        "Đã tiếp nhận hồ sơ.",
                        "Mã hồ sơ",
                        "Trạng thái",
                        "Thời điểm tiếp nhận",
                    ),
                    Lang::En => (
                        "Registration received.",
                        "Reference",
                        "Status",
                        "Received at",
                    ),
                };
                let _ = writeln!(
                    out,
                    "{title}\n{reference}: {}\nId: {}\n{status}: {}\n{received}: {}",
                    receipt.reference,
                    receipt.id,
                    receipt.status.as_str(),
                    receipt.received_at
                );
            }
            0
        }
        Err(error) => {
            let fields = match &error {
                ApiError::InvalidFields(errors) => Some(errors),
                _ => None,
            };
            report_error(
                options,
                out,
                err,
                error.code(),
                &error.message(lang),
                fields,
            )
        }
    }
}

fn report_error(
    options: &CommonOptions,
    out: &mut dyn Write,
    err: &mut dyn Write,
    code: &str,
    message: &str,
    fields: Option<&vssid_core::fields::FieldErrors>,
) -> i32 {
    if options.json {
        let mut error = serde_json::json!({ "code": code, "message": message });
        if let Some(fields) = fields {
            error["errors"] = serde_json::to_value(fields).unwrap_or_default();
        }
        let _ = writeln!(out, "{}", serde_json::json!({ "error": error }));
    } else {
        let _ = writeln!(err, "{message}");
        for (field, error) in fields.into_iter().flatten() {
            let _ = writeln!(
                err,
                "  {}: {} ({})",
                field.as_str(),
                error.message(options.lang),
                error.code
            );
        }
    }
    1
}

#[cfg(test)]
mod tests {
    use crate::{run_captured, Cli, Command};
    use clap::Parser;
    use std::path::PathBuf;

    #[test]
    fn arguments_are_parsed() {
        let parse = |args: &[&str]| Cli::try_parse_from([&["vssid", "submit"], args].concat());
        let Command::Submit(parsed) = parse(&["d.json", "--api", "http://x", "--photos=p"])
            .unwrap()
            .command
        else {
            panic!("not submit")
        };
        assert_eq!(parsed.draft, PathBuf::from("d.json"));
        assert_eq!(parsed.api, "http://x");
        assert_eq!(parsed.photos, Some(PathBuf::from("p")));
        assert!(parse(&[]).is_err());
        assert!(parse(&["a", "b", "--api", "http://x"]).is_err());
        assert!(parse(&["a", "--api"]).is_err());
        assert!(parse(&["a", "--api", "http://x", "--nope"]).is_err());
    }

    #[test]
    fn usage_errors_exit_2_and_a_bad_draft_exits_1() {
        assert_eq!(run_captured(&["submit"]).0, 2);
        let dir = std::env::temp_dir().join(format!("vssid-submit-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let draft = dir.join("not-a-draft.json");
        std::fs::write(&draft, "{\"hello\": 1}").unwrap();
        let (code, out, _) = run_captured(&[
            "submit",
            draft.to_str().unwrap(),
            "--api",
            "http://127.0.0.1:9",
            "--json",
            "--lang",
            "en",
        ]);
        assert_eq!(code, 1);
        let printed: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(printed["error"]["code"], "draft_not_a_draft");
        let _ = std::fs::remove_dir_all(dir);
    }
}
