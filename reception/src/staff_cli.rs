//! `vssid-reception staff …`: the operator's commands on the office console's accounts. A
//! password is read from standard input (`--password-stdin`, its first line), never from the
//! command line, where other users could see it.

use crate::{open_state, DataArgs};
use clap::{Args, Subcommand};
use std::process::ExitCode;
use vssid_reception::staff::accounts::{self, AccountError, AccountRequest};
use vssid_reception::staff::Role;
use vssid_reception::AppState;

#[derive(Debug, Subcommand)]
pub(crate) enum StaffCommand {
    /// Creates an account (the password is the first line of standard input, at least 12
    /// characters).
    Add(AddArgs),
    /// Lists the accounts: id, e-mail, role, offices, state, second factor, name.
    List(DataArgs),
    /// Disables an account and ends its sessions.
    Disable(EmailArgs),
    /// Enables a disabled account again and clears its lockout.
    Enable(EmailArgs),
    /// Gives the account a second factor (a new TOTP secret, printed once with its
    /// otpauth:// link for an authenticator app), or removes it with --remove.
    Totp(TotpArgs),
    /// Sets a new password (from standard input), clears the lockout, ends the sessions.
    Reset(ResetArgs),
}

#[derive(Debug, Clone, Args)]
pub(crate) struct AddArgs {
    #[command(flatten)]
    data: DataArgs,
    /// The account's e-mail address (its login).
    #[arg(long)]
    email: String,
    /// The person's name.
    #[arg(long)]
    name: String,
    /// The offices it serves: codes of the service's catalogue, comma-separated or repeated.
    #[arg(long = "office", required = true, value_delimiter = ',')]
    offices: Vec<String>,
    /// reviewer, supervisor or admin.
    #[arg(long, value_parser = parse_role)]
    role: Role,
    /// Read the password from standard input (required: never on the command line).
    #[arg(long, required = true)]
    password_stdin: bool,
}

#[derive(Debug, Clone, Args)]
pub(crate) struct EmailArgs {
    #[command(flatten)]
    data: DataArgs,
    /// The account's e-mail address.
    #[arg(long)]
    email: String,
}

#[derive(Debug, Clone, Args)]
pub(crate) struct TotpArgs {
    #[command(flatten)]
    account: EmailArgs,
    /// Remove the second factor instead of setting a new one.
    #[arg(long)]
    remove: bool,
}

#[derive(Debug, Clone, Args)]
pub(crate) struct ResetArgs {
    #[command(flatten)]
    account: EmailArgs,
    /// Read the new password from standard input (required).
    #[arg(long, required = true)]
    password_stdin: bool,
}

fn parse_role(text: &str) -> Result<Role, String> {
    Role::parse(text).ok_or_else(|| "expected reviewer, supervisor or admin".to_string())
}

fn stdin_password() -> Result<String, AccountError> {
    accounts::read_password(std::io::stdin().lock())
}

fn with_state(
    data: &DataArgs,
    work: impl FnOnce(&AppState) -> Result<(), AccountError>,
) -> ExitCode {
    let state = match open_state(&data.flags()) {
        Ok(state) => state,
        Err(code) => return code,
    };
    match work(&state) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("vssid-reception staff: {error}");
            ExitCode::FAILURE
        }
    }
}

pub(crate) fn run(command: &StaffCommand) -> ExitCode {
    match command {
        StaffCommand::Add(args) => with_state(&args.data, |state| {
            let request = AccountRequest {
                email: args.email.clone(),
                name: args.name.clone(),
                role: args.role,
                offices: args.offices.clone(),
                password: stdin_password()?,
            };
            let id = accounts::add(state, &request)?;
            println!(
                "added staff {id}: {}",
                vssid_core::api::staff_email_key(&request.email)
            );
            Ok(())
        }),
        StaffCommand::List(data) => with_state(data, |state| {
            let now = state.clock().now_ms();
            println!("id\temail\trole\toffices\tstate\tsecond_factor\tname");
            for account in accounts::list(state)? {
                println!("{}", accounts::list_line(&account, now));
            }
            Ok(())
        }),
        StaffCommand::Disable(args) => with_state(&args.data, |state| {
            let account = accounts::disable(state, &args.email)?;
            println!("disabled staff {}: {}", account.id, account.email);
            Ok(())
        }),
        StaffCommand::Enable(args) => with_state(&args.data, |state| {
            let account = accounts::enable(state, &args.email)?;
            println!("enabled staff {}: {}", account.id, account.email);
            Ok(())
        }),
        StaffCommand::Totp(args) if args.remove => with_state(&args.account.data, |state| {
            let account = accounts::remove_totp(state, &args.account.email)?;
            println!(
                "second factor removed for staff {}: {}",
                account.id, account.email
            );
            Ok(())
        }),
        StaffCommand::Totp(args) => with_state(&args.account.data, |state| {
            let setup = accounts::set_totp(state, &args.account.email)?;
            println!(
                "second factor set for staff {}: {}",
                setup.account.id, setup.account.email
            );
            println!("secret: {}", setup.secret);
            println!("link: {}", setup.link);
            Ok(())
        }),
        StaffCommand::Reset(args) => with_state(&args.account.data, |state| {
            let password = stdin_password()?;
            let account = accounts::reset(state, &args.account.email, &password)?;
            println!(
                "new password set for staff {}: {}",
                account.id, account.email
            );
            Ok(())
        }),
    }
}

#[cfg(test)]
mod tests {
    use crate::{Cli, Command};
    use clap::Parser;

    use super::StaffCommand;

    #[test]
    fn staff_subcommands_parse() {
        let cli = Cli::try_parse_from([
            "vssid-reception",
            "staff",
            "add",
            "--email",
            "lan@example.vn",
            "--name",
            "Trần Thị Lan",
            "--office",
            "001,079",
            "--role",
            "reviewer",
            "--password-stdin",
        ])
        .unwrap();
        assert!(matches!(
            cli.command,
            Some(Command::Staff(StaffCommand::Add(ref a))) if a.offices == ["001", "079"]
        ));
        for missing in [
            vec![
                "staff", "add", "--email", "a@b.vn", "--name", "A", "--office", "001", "--role",
                "admin",
            ],
            vec![
                "staff",
                "add",
                "--email",
                "a@b.vn",
                "--name",
                "A",
                "--office",
                "001",
                "--role",
                "boss",
                "--password-stdin",
            ],
            vec!["staff", "reset", "--email", "a@b.vn"],
            vec!["staff", "disable"],
        ] {
            let args = std::iter::once("vssid-reception").chain(missing.iter().copied());
            assert!(Cli::try_parse_from(args).is_err(), "{missing:?}");
        }
        assert!(
            Cli::try_parse_from(["vssid-reception", "staff", "list", "--data-dir", "/d"]).is_ok()
        );
    }
}
