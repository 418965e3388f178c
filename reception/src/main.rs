//! The reference reception service: receives registrations over the documented HTTP API
//! (`serve`, the default), deletes expired data (`purge`), erases one registration on a
//! request made by another channel (`erase`), copies the data for a backup (`backup`), lists
//! what became of the e-mails (`outbox`) and manages the office console's staff accounts
//! (`staff …`, in `staff_cli.rs`).

mod outbox_cli;
mod staff_cli;

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;
use vssid_reception::config::{Config, Flags, ENVIRONMENT};

/// The command line: one tree of subcommands; without one, `serve` with its flags.
#[derive(Debug, Parser)]
#[command(
    name = "vssid-reception",
    about = "The reference reception service of the VssID registration API",
    after_help = ENVIRONMENT,
    args_conflicts_with_subcommands = true
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    serve: ServeArgs,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serves the API until Ctrl-C or SIGTERM (the default).
    Serve(ServeArgs),
    /// Deletes expired registrations (with their photos and e-mails), photo files no
    /// registration refers to, and the old mail log, then exits.
    Purge(DataArgs),
    /// Erases one registration's personal data, photos and e-mails (a request to delete made
    /// by e-mail, letter or at the counter), keeping the minimal withdrawn record, then exits.
    Erase(EraseArgs),
    /// Copies the database (one consistent moment, while the service runs), the photos it
    /// refers to and the outbox into a new directory laid out as a data directory, with a
    /// MANIFEST.sha256 for `sha256sum -c`; restore by using it as the data directory.
    Backup(BackupArgs),
    /// Lists what became of each e-mail: queued, sent (the server's answer) or failed (its
    /// refusal).
    Outbox(outbox_cli::OutboxArgs),
    /// Manages the office console's staff accounts.
    #[command(subcommand)]
    Staff(staff_cli::StaffCommand),
}

#[derive(Debug, Clone, Args)]
struct BackupArgs {
    #[command(flatten)]
    data: DataArgs,
    /// The new (or empty) directory to copy into.
    #[arg(long, value_name = "DIR")]
    to: PathBuf,
}

#[derive(Debug, Clone, Args)]
struct EraseArgs {
    #[command(flatten)]
    data: DataArgs,
    /// The registration's reference, as on the receipt.
    reference: String,
}

/// Where the configuration and the data are.
#[derive(Debug, Clone, Default, Args)]
pub(crate) struct DataArgs {
    /// A TOML configuration file (also `VSSID_CONFIG`).
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// The data directory (also `VSSID_DATA_DIR`).
    #[arg(long, value_name = "DIR")]
    data_dir: Option<PathBuf>,
}

#[derive(Debug, Clone, Default, Args)]
struct ServeArgs {
    #[command(flatten)]
    data: DataArgs,
    /// The address to listen on, e.g. 127.0.0.1:8787 (also `VSSID_BIND`).
    #[arg(long, value_name = "ADDR:PORT")]
    bind: Option<String>,
}

impl DataArgs {
    /// The flags in the form [`Config::load`] reads.
    pub(crate) fn flags(&self) -> Flags {
        Flags {
            config: self.config.clone(),
            data_dir: self.data_dir.clone(),
            bind: None,
        }
    }
}

impl ServeArgs {
    fn flags(&self) -> Flags {
        Flags {
            bind: self.bind.clone(),
            ..self.data.flags()
        }
    }
}

fn load(flags: &Flags) -> Result<Config, ExitCode> {
    Config::load(flags, |name| std::env::var(name).ok()).map_err(|error| {
        eprintln!("vssid-reception: {error}");
        ExitCode::FAILURE
    })
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Some(Command::Purge(data)) => purge(&data),
        Some(Command::Erase(args)) => erase(&args),
        Some(Command::Backup(args)) => backup(&args),
        Some(Command::Staff(command)) => staff_cli::run(&command),
        Some(Command::Outbox(args)) => outbox_cli::run(&args),
        Some(Command::Serve(serve_args)) => serve(&serve_args),
        None => serve(&cli.serve),
    }
}

fn init_logging(config: &Config) {
    let filter = tracing_subscriber::EnvFilter::try_new(&config.log)
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    tracing_subscriber::fmt().with_env_filter(filter).init();
}

fn serve(args: &ServeArgs) -> ExitCode {
    let config = match load(&args.flags()) {
        Ok(config) => config,
        Err(code) => return code,
    };
    init_logging(&config);
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("vssid-reception: cannot start the runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(vssid_reception::serve(config)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            tracing::error!(%error, "the service stopped");
            eprintln!("vssid-reception: {error}");
            ExitCode::FAILURE
        }
    }
}

/// The service's state for an operator command (its configuration, logging and file modes
/// as when serving), or the exit code that says why it could not be opened.
pub(crate) fn open_state(flags: &Flags) -> Result<vssid_reception::AppState, ExitCode> {
    let config = load(flags)?;
    init_logging(&config);
    vssid_reception::files::restrict_umask();
    vssid_reception::AppState::open(config).map_err(|error| {
        eprintln!("vssid-reception: {error}");
        ExitCode::FAILURE
    })
}

fn purge(args: &DataArgs) -> ExitCode {
    let state = match open_state(&args.flags()) {
        Ok(state) => state,
        Err(code) => return code,
    };
    match vssid_reception::retention::sweep(&state) {
        Ok(report) => {
            println!(
                "deleted: {} registrations, {} photos, {} e-mails, {} unreferenced photos",
                report.registrations, report.photos, report.mails, report.orphan_photos
            );
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("vssid-reception: the purge failed: {error}");
            ExitCode::FAILURE
        }
    }
}

fn backup(args: &BackupArgs) -> ExitCode {
    let config = match load(&args.data.flags()) {
        Ok(config) => config,
        Err(code) => return code,
    };
    vssid_reception::files::restrict_umask();
    match vssid_reception::backup::backup(&config, &args.to) {
        Ok(report) => {
            println!(
                "backup in {}: {} registrations, {} photos ({} bytes), {} e-mails; check it with \
                 `cd {} && sha256sum -c {}`",
                args.to.display(),
                report.registrations,
                report.photos,
                report.photo_bytes,
                report.mails,
                args.to.display(),
                vssid_reception::backup::MANIFEST
            );
            for hash in &report.missing_photos {
                println!("not copied (erased or purged while copying, or damaged): photo {hash}");
            }
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("vssid-reception: the backup failed: {error}");
            ExitCode::FAILURE
        }
    }
}

fn erase(args: &EraseArgs) -> ExitCode {
    let state = match open_state(&args.data.flags()) {
        Ok(state) => state,
        Err(code) => return code,
    };
    match vssid_reception::rights::erase_by_reference(&state, &args.reference) {
        Ok(vssid_reception::rights::Erased::Now { mailed }) => {
            println!(
                "erased {}: personal data, photos and e-mails deleted{}",
                args.reference.trim(),
                if mailed {
                    "; confirmation e-mail written"
                } else {
                    ""
                }
            );
            ExitCode::SUCCESS
        }
        Ok(vssid_reception::rights::Erased::Already) => {
            println!("{} had been erased before", args.reference.trim());
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("vssid-reception: {error}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn todays_flags_still_serve_and_purge_is_a_subcommand() {
        let cli = Cli::try_parse_from([
            "vssid-reception",
            "--bind",
            "127.0.0.1:9",
            "--data-dir",
            "/d",
        ])
        .unwrap();
        assert!(cli.command.is_none());
        assert_eq!(cli.serve.bind.as_deref(), Some("127.0.0.1:9"));
        assert_eq!(
            cli.serve.flags(),
            Flags {
                bind: Some("127.0.0.1:9".into()),
                data_dir: Some("/d".into()),
                config: None,
            }
        );
        let cli = Cli::try_parse_from(["vssid-reception", "serve", "--config", "/c.toml"]).unwrap();
        assert!(matches!(cli.command, Some(Command::Serve(ref a)) if a.data.config.is_some()));
        let cli = Cli::try_parse_from(["vssid-reception", "purge", "--data-dir", "/d"]).unwrap();
        assert!(matches!(cli.command, Some(Command::Purge(ref a)) if a.data_dir.is_some()));
        let cli = Cli::try_parse_from(["vssid-reception", "erase", "079-2611-ABCD"]).unwrap();
        assert!(
            matches!(cli.command, Some(Command::Erase(ref a)) if a.reference == "079-2611-ABCD")
        );
        assert!(Cli::try_parse_from(["vssid-reception", "erase"]).is_err());
        assert!(Cli::try_parse_from(["vssid-reception", "--frobnicate"]).is_err());
        assert!(Cli::try_parse_from(["vssid-reception", "purge", "--bind", "x"]).is_err());
    }
}
