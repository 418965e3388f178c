//! The `vssid` command line: its arguments (clap), and subcommands, each a thin layer over
//! the core.
//!
//! Exit codes: 0 success, 1 the input was refused, 2 usage error (clap's code as well).

pub mod check;
pub mod declaration_pdf;
mod follow_up;
pub mod offices;
pub mod photo;
pub mod qr;
pub mod submit;
pub mod units;

use clap::{Args, Parser, Subcommand};
use std::ffi::OsString;
use std::io::Write;
use vssid_core::Lang;

/// The whole command line.
#[derive(Debug, Parser)]
#[command(
    name = "vssid",
    about = "Command-line access to the VssID registration core: fields, units, offices, photos, \
             QR codes, sending a draft, and its tờ khai as a PDF",
    after_help = "Exit status: 0 done, 1 the input was refused, 2 usage error."
)]
pub struct Cli {
    #[command(flatten)]
    pub options: CommonOptions,
    #[command(subcommand)]
    pub command: Command,
}

/// Options every subcommand understands, before or after its own arguments.
#[derive(Debug, Clone, Default, PartialEq, Eq, Args)]
pub struct CommonOptions {
    /// Print one JSON document instead of text.
    #[arg(long, global = true)]
    pub json: bool,
    /// The language of messages.
    #[arg(
        long,
        global = true,
        value_name = "vi|en",
        default_value = "vi",
        value_parser = parse_lang
    )]
    pub lang: Lang,
}

fn parse_lang(tag: &str) -> Result<Lang, String> {
    Lang::from_tag(tag).ok_or(format!("unknown language: {tag}"))
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validates and normalises one field.
    Check(check::CheckArgs),
    /// Searches the 2025 administrative units, or converts a pre-2025 commune code.
    #[command(subcommand)]
    Units(units::UnitsCommand),
    /// Searches the BHXH offices, shows one, or suggests offices for an address.
    #[command(subcommand)]
    Offices(offices::OfficesCommand),
    /// Runs the photo pipeline on a file: writes the JPEG to send, prints the report as JSON.
    Photo(photo::PhotoArgs),
    /// Reads the QR code on a CCCD photo and prints the holder's data as JSON.
    Qr(qr::QrArgs),
    /// Sends a saved draft to the reception service and prints the receipt or the errors.
    Submit(submit::SubmitArgs),
    /// A registration's status, what it means and what to do next.
    Status(follow_up::StatusArgs),
    /// Sends the corrections the office asked for (only those parts).
    Resubmit(follow_up::ResubmitArgs),
    /// Writes the tờ khai (form 01/ĐK-GD) of a saved draft as a PDF, marked as a draft.
    DeclarationPdf(declaration_pdf::DeclarationPdfArgs),
}

/// Runs the command line with `args` (without the program name), writing to `out` and `err`;
/// returns the exit code: 0 success, 1 the input was refused, 2 usage error.
pub fn run_with<I, T>(args: I, out: &mut dyn Write, err: &mut dyn Write) -> i32
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let program = std::iter::once(OsString::from("vssid"));
    let cli = match Cli::try_parse_from(program.chain(args.into_iter().map(Into::into))) {
        Ok(cli) => cli,
        Err(error) => {
            // `--help` goes to standard output with 0, a usage error to standard error with 2.
            let text = error.render();
            let _ = if error.use_stderr() {
                write!(err, "{text}")
            } else {
                write!(out, "{text}")
            };
            return error.exit_code();
        }
    };
    let options = &cli.options;
    match &cli.command {
        Command::Check(args) => check::run(options, args, out, err),
        Command::Units(command) => units::run(options, command, out, err),
        Command::Offices(command) => offices::run(options, command, out, err),
        Command::Photo(args) => photo::run(options, args, out, err),
        Command::Qr(args) => qr::run(options, args, out, err),
        Command::Submit(args) => submit::run(options, args, out, err),
        Command::Status(args) => follow_up::status(options, args, out, err),
        Command::Resubmit(args) => follow_up::resubmit(options, args, out, err),
        Command::DeclarationPdf(args) => declaration_pdf::run(options, args, out, err),
    }
}

/// Runs the command line with `args` and answers its exit code, standard output and standard
/// error as text (for tests and for embedding the commands in another program).
pub fn run_captured(args: &[&str]) -> (i32, String, String) {
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = run_with(args, &mut out, &mut err);
    (
        code,
        String::from_utf8_lossy(&out).into_owned(),
        String::from_utf8_lossy(&err).into_owned(),
    )
}

/// Refuses an input: with `--json` a `{"error":{code,message}}` object on standard output;
/// the message always on standard error, for a person reading the terminal. Returns 1.
pub(crate) fn refuse(
    options: &CommonOptions,
    code: &str,
    message: &str,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> i32 {
    if options.json {
        let body = serde_json::json!({ "error": { "code": code, "message": message } });
        let _ = writeln!(out, "{body}");
    }
    let _ = writeln!(err, "{message}");
    1
}

/// Runs the command line on the process's standard streams.
pub fn run<I, T>(args: I) -> i32
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let stdout = std::io::stdout();
    let stderr = std::io::stderr();
    run_with(args, &mut stdout.lock(), &mut stderr.lock())
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_well_formed() {
        Cli::command().debug_assert();
    }

    #[test]
    fn common_options_are_found_anywhere() {
        let cli = Cli::try_parse_from(["vssid", "check", "--json", "phone", "--lang", "en", "x"])
            .unwrap();
        assert!(cli.options.json);
        assert_eq!(cli.options.lang, Lang::En);
        let Command::Check(args) = cli.command else {
            panic!("{:?}", cli.command)
        };
        assert_eq!(args.value, ["x"]);
        let cli = Cli::try_parse_from(["vssid", "--lang=EN", "units", "convert", "26740"]).unwrap();
        assert_eq!(cli.options.lang, Lang::En);
        let cli = Cli::try_parse_from(["vssid", "qr", "a.jpg"]).unwrap();
        assert_eq!(cli.options, CommonOptions::default());
        for bad in [
            &["vssid", "check", "--lang"][..],
            &["vssid", "--lang=fr", "qr", "a"],
        ] {
            assert!(Cli::try_parse_from(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn unknown_or_missing_commands_are_usage_errors_and_help_is_not() {
        let (code, out, err) = run_captured(&["frobnicate"]);
        assert_eq!((code, out.as_str()), (2, ""));
        assert!(
            err.contains("unrecognized subcommand 'frobnicate'"),
            "{err}"
        );
        let (code, _, err) = run_captured(&[]);
        assert_eq!(code, 2);
        assert!(err.contains("Usage: vssid"), "{err}");
        for help in ["help", "--help", "-h"] {
            let (code, out, err) = run_captured(&[help]);
            assert_eq!((code, err.as_str()), (0, ""), "{help}");
            assert!(out.contains("Usage: vssid"), "{out}");
            assert!(out.contains("offices"), "{out}");
        }
    }
}
