//! `vssid declaration-pdf <draft.json> <out.pdf>`: the tờ khai of a saved draft, laid out as
//! the service makes it for a sent registration (`vssid-declaration-pdf`), marked
//! "chưa gửi — bản nháp" and without a reference. Unit and office names come from the shared
//! directory.

use crate::{refuse, CommonOptions};
use clap::Args;
use std::io::Write;
use std::path::PathBuf;
use vssid_core::api::{OfficeList, RegistrationRequest};
use vssid_core::directory::Directory;
use vssid_core::flow::Registration;
use vssid_core::Lang;
use vssid_declaration_pdf::DeclarationDocument;

/// The arguments of `vssid declaration-pdf`.
#[derive(Debug, Clone, PartialEq, Eq, Args)]
pub struct DeclarationPdfArgs {
    /// The saved draft (JSON).
    pub draft: PathBuf,
    /// Where to write the PDF.
    pub out: PathBuf,
}

/// The message of a failure, in the chosen language.
fn say(options: &CommonOptions, vi: String, en: String) -> String {
    match options.lang {
        Lang::Vi => vi,
        Lang::En => en,
    }
}

/// Writes the draft's tờ khai; 1 with a message when the draft cannot be read or the file
/// written.
pub fn run(
    options: &CommonOptions,
    args: &DeclarationPdfArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> i32 {
    let text = match std::fs::read_to_string(&args.draft) {
        Ok(text) => text,
        Err(error) => {
            let path = args.draft.display();
            let message = say(
                options,
                format!("Không đọc được {path}: {error}"),
                format!("Cannot read {path}: {error}"),
            );
            return refuse(options, "unreadable_draft", &message, out, err);
        }
    };
    let registration: Registration = match vssid_core::draft::decode(&text) {
        Ok(registration) => registration,
        Err(error) => {
            let message = say(
                options,
                format!("Bản nháp không hợp lệ: {error}"),
                format!("Not a valid draft: {error}"),
            );
            return refuse(options, "invalid_draft", &message, out, err);
        }
    };
    let request = RegistrationRequest {
        form: registration.form.clone(),
        office: registration.office.clone().unwrap_or_default(),
        email: registration.email.clone(),
        lang: registration.lang,
        consent: None,
    };
    let directory = Directory::global();
    let offices = OfficeList::from_directory(directory);
    let office = offices.offices.iter().find(|o| o.code == request.office);
    let document = DeclarationDocument::from_request(&request, directory, office, None);
    let written = vssid_declaration_pdf::render(&document)
        .map_err(|error| error.to_string())
        .and_then(|pdf| std::fs::write(&args.out, pdf).map_err(|error| error.to_string()));
    match written {
        Ok(()) => {
            let path = args.out.display().to_string();
            if options.json {
                let _ = writeln!(out, "{}", serde_json::json!({ "written": path }));
            } else {
                let _ = writeln!(out, "{path}");
            }
            0
        }
        Err(error) => {
            let path = args.out.display();
            let message = say(
                options,
                format!("Không ghi được {path}: {error}"),
                format!("Cannot write {path}: {error}"),
            );
            refuse(options, "unwritable_output", &message, out, err)
        }
    }
}
