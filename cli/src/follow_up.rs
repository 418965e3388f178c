//! `vssid status <id>`: the registration's status, what it means and what to do next (the
//! app's words), with the office's last decision. `vssid resubmit <id> --secret KEY
//! [--set field=value]… [--photo slot=FILE]…`: sends the corrections the office asked for
//! (only those parts, under a new idempotency key), with the same client as the app.

use crate::CommonOptions;
use clap::Args;
use std::io::Write;
use std::path::PathBuf;
use vssid_client::{ApiClient, ApiError, Resubmission};
use vssid_core::api::{DeclarationChanges, PhotoSlot, RegistrationState};
use vssid_core::fields::FieldId;
use vssid_core::Localized;

/// The arguments of `vssid status`.
#[derive(Debug, Clone, PartialEq, Eq, Args)]
pub struct StatusArgs {
    /// The registration's id (from the receipt).
    pub id: String,
    /// The reception service's address.
    #[arg(long, env = "VSSID_API_BASE", value_name = "URL")]
    pub api: String,
}

/// The arguments of `vssid resubmit`.
#[derive(Debug, Clone, PartialEq, Eq, Args)]
pub struct ResubmitArgs {
    /// The registration's id.
    pub id: String,
    /// The applicant's secret: the idempotency key the registration was sent with. Better
    /// given as the environment variable VSSID_SECRET: a command line can be seen by other
    /// users of the machine and stays in the shell's history.
    #[arg(long, env = "VSSID_SECRET", hide_env_values = true, value_name = "KEY")]
    pub secret: String,
    /// A corrected field, e.g. `street=99 Hai Bà Trưng` (repeatable).
    #[arg(long = "set", value_name = "FIELD=VALUE")]
    pub set: Vec<String>,
    /// A new photo, e.g. `portrait=./portrait.jpg` (repeatable).
    #[arg(long = "photo", value_name = "SLOT=FILE")]
    pub photo: Vec<String>,
    /// The key of this resubmission (default: a new one; give the same one to retry).
    #[arg(long, value_name = "UUID")]
    pub key: Option<String>,
    /// The reception service's address.
    #[arg(long, env = "VSSID_API_BASE", value_name = "URL")]
    pub api: String,
}

fn runtime(err: &mut dyn Write) -> Option<tokio::runtime::Runtime> {
    match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => Some(runtime),
        Err(error) => {
            let _ = writeln!(err, "cannot start the runtime: {error}");
            None
        }
    }
}

fn refused(
    options: &CommonOptions,
    error: &ApiError,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> i32 {
    let mut message = error.message(options.lang);
    if let ApiError::InvalidFields(errors) = error {
        for (field, e) in errors {
            message.push_str(&format!(
                "\n  {}: {}",
                field.label(options.lang),
                e.message(options.lang)
            ));
        }
    }
    crate::refuse(options, error.code(), &message, out, err)
}

/// Prints a registration's state with what it means and what to do.
fn print_state(options: &CommonOptions, state: &RegistrationState, out: &mut dyn Write) -> i32 {
    if options.json {
        let _ = writeln!(out, "{}", serde_json::to_string(state).unwrap_or_default());
        return 0;
    }
    let lang = options.lang;
    let text = state.status.text(lang);
    let vi = lang == vssid_core::Lang::Vi;
    let label = |v: &'static str, e: &'static str| if vi { v } else { e };
    let _ = writeln!(
        out,
        "{}: {}",
        label("Mã hồ sơ", "Reference"),
        state.reference
    );
    let _ = writeln!(
        out,
        "{}: {} ({})",
        label("Trạng thái", "Status"),
        text.title,
        state.status.as_str()
    );
    let _ = writeln!(out, "{}", text.meaning);
    if let Some(decision) = &state.decision {
        let _ = writeln!(
            out,
            "{}: {}",
            label("Lý do", "Why"),
            decision.reason.label(lang)
        );
        if !decision.fields.is_empty() {
            let fields: Vec<String> = decision
                .fields
                .iter()
                .map(|f| format!("{} ({})", f.label(lang), f.as_str()))
                .collect();
            let _ = writeln!(
                out,
                "{}: {}",
                label("Cần sửa", "To correct"),
                fields.join(", ")
            );
        }
        if !decision.note.is_empty() {
            let _ = writeln!(out, "{}: {}", label("Ghi chú", "Note"), decision.note);
        }
    }
    let _ = writeln!(out, "{}", text.next);
    0
}

/// `vssid status`.
pub fn status(
    options: &CommonOptions,
    args: &StatusArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> i32 {
    let client = match ApiClient::new(&args.api) {
        Ok(client) => client,
        Err(error) => return refused(options, &error, out, err),
    };
    let Some(runtime) = runtime(err) else {
        return 2;
    };
    match runtime.block_on(client.status(&args.id)) {
        Ok(state) => print_state(options, &state, out),
        Err(error) => refused(options, &error, out, err),
    }
}

/// `vssid resubmit`.
pub fn resubmit(
    options: &CommonOptions,
    args: &ResubmitArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> i32 {
    let mut changes = DeclarationChanges::new();
    for pair in &args.set {
        let field = pair
            .split_once('=')
            .and_then(|(name, value)| Some((FieldId::parse(name.trim())?, value)));
        match field {
            Some((field, value)) => {
                changes.insert(field, value.to_string());
            }
            None => {
                return crate::refuse(
                    options,
                    "usage",
                    &format!("--set {pair}: expected FIELD=VALUE with a field code"),
                    out,
                    err,
                )
            }
        }
    }
    let mut photos = Vec::new();
    for pair in &args.photo {
        let Some((slot, path)) = pair.split_once('=').and_then(|(name, path)| {
            Some((PhotoSlot::from_part_name(name.trim())?, PathBuf::from(path)))
        }) else {
            return crate::refuse(
                options,
                "usage",
                &format!("--photo {pair}: expected SLOT=FILE (portrait, id_front, id_back)"),
                out,
                err,
            );
        };
        match std::fs::read(&path) {
            Ok(bytes) => photos.push((slot, bytes)),
            Err(error) => {
                return crate::refuse(
                    options,
                    "read",
                    &format!("cannot read {}: {error}", path.display()),
                    out,
                    err,
                )
            }
        }
    }
    let resubmission = Resubmission {
        idempotency_key: args
            .key
            .clone()
            .unwrap_or_else(|| uuid::Uuid::new_v4().to_string()),
        changes,
        photos,
    };
    let client = match ApiClient::new(&args.api) {
        Ok(client) => client,
        Err(error) => return refused(options, &error, out, err),
    };
    let Some(runtime) = runtime(err) else {
        return 2;
    };
    match runtime.block_on(client.resubmit(&args.id, &args.secret, &resubmission)) {
        Ok(state) => print_state(options, &state, out),
        Err(error) => refused(options, &error, out, err),
    }
}
