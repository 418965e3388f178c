//! The operator's work on staff accounts (`vssid-reception staff
//! add|list|disable|enable|reset|totp`):
//! checked input (an e-mail address, a name, offices of the service's catalogue, a password
//! of at least 12 characters read from standard input), each change audited as done from
//! the command line.

use super::audit::{record, Action};
use super::password::{self, PasswordError};
use super::totp::{self, TotpError};
use crate::store::staff::{AddStaffOutcome, NewStaff, Role, StaffAccount};
use crate::store::StoreError;
use crate::AppState;
use std::io::BufRead;

/// The client address the audit log gives to operator commands.
pub const CLI_CLIENT: &str = "cli";

/// Why an operator command on accounts failed.
#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    #[error("{0} is not an e-mail address: {1}")]
    InvalidEmail(String, String),
    #[error("the name is empty")]
    EmptyName,
    #[error("no office given (--office ID[,ID…])")]
    NoOffice,
    #[error("{0} is not an office of the service's catalogue")]
    UnknownOffice(String),
    #[error(transparent)]
    Password(#[from] PasswordError),
    #[error("no password on standard input")]
    NoPassword,
    #[error("cannot read the password from standard input: {0}")]
    Stdin(std::io::Error),
    #[error("an account with the address {0} exists")]
    EmailTaken(String),
    #[error("no account has the address {0}")]
    Unknown(String),
    #[error(transparent)]
    Totp(#[from] TotpError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("cannot write the audit log: {0}")]
    Audit(String),
}

/// An account the operator asks for.
#[derive(Debug, Clone)]
pub struct AccountRequest {
    pub email: String,
    pub name: String,
    pub role: Role,
    /// Office codes, as typed (`079,001`, or several flags).
    pub offices: Vec<String>,
    pub password: String,
}

/// The password: the first line of `input`, without its line ending.
pub fn read_password(mut input: impl BufRead) -> Result<String, AccountError> {
    let mut line = String::new();
    input.read_line(&mut line).map_err(AccountError::Stdin)?;
    let password = line.strip_suffix('\n').unwrap_or(&line);
    let password = password.strip_suffix('\r').unwrap_or(password);
    if password.is_empty() {
        return Err(AccountError::NoPassword);
    }
    Ok(password.to_string())
}

fn normalized_email(email: &str) -> Result<String, AccountError> {
    vssid_core::fields::Email::parse(email)
        .map_err(|e| AccountError::InvalidEmail(email.trim().to_string(), e.to_string()))?;
    Ok(vssid_core::api::staff_email_key(email))
}

fn audit(state: &AppState, action: Action, detail: String) -> Result<(), AccountError> {
    record(state, None, action, None, CLI_CLIENT, detail)
        .map_err(|problem| AccountError::Audit(problem.0.code.clone()))
}

/// Creates an account; its id.
pub fn add(state: &AppState, request: &AccountRequest) -> Result<i64, AccountError> {
    let email = normalized_email(&request.email)?;
    let name = request.name.trim();
    if name.is_empty() {
        return Err(AccountError::EmptyName);
    }
    let mut offices: Vec<String> = Vec::new();
    for office in request.offices.iter().flat_map(|o| o.split(',')) {
        let office = office.trim();
        if office.is_empty() {
            continue;
        }
        if state.offices().find(office).is_none() {
            return Err(AccountError::UnknownOffice(office.to_string()));
        }
        if !offices.iter().any(|o| o == office) {
            offices.push(office.to_string());
        }
    }
    if offices.is_empty() {
        return Err(AccountError::NoOffice);
    }
    let password_hash = password::hash_new_password(&request.password)?;
    let outcome = state.staff().add_staff(&NewStaff {
        email: email.clone(),
        name: name.to_string(),
        role: request.role,
        offices: offices.clone(),
        password_hash,
        created_at_ms: state.clock().now_ms(),
    })?;
    match outcome {
        AddStaffOutcome::Added(id) => {
            audit(
                state,
                Action::StaffAdded,
                format!(
                    "staff {id} ({}), offices {}",
                    request.role.as_str(),
                    offices.join(",")
                ),
            )?;
            Ok(id)
        }
        AddStaffOutcome::EmailTaken => Err(AccountError::EmailTaken(email)),
    }
}

/// Every account.
pub fn list(state: &AppState) -> Result<Vec<StaffAccount>, AccountError> {
    Ok(state.staff().list_staff()?)
}

fn account(state: &AppState, email: &str) -> Result<StaffAccount, AccountError> {
    let email = vssid_core::api::staff_email_key(email);
    state
        .staff()
        .staff_by_email(&email)?
        .ok_or(AccountError::Unknown(email))
}

/// Disables an account and ends its sessions.
pub fn disable(state: &AppState, email: &str) -> Result<StaffAccount, AccountError> {
    let account = account(state, email)?;
    state.staff().disable_staff(account.id)?;
    audit(
        state,
        Action::StaffDisabled,
        format!("staff {}", account.id),
    )?;
    Ok(account)
}

/// Enables a disabled account and clears its lockout.
pub fn enable(state: &AppState, email: &str) -> Result<StaffAccount, AccountError> {
    let account = account(state, email)?;
    state.staff().enable_staff(account.id)?;
    audit(state, Action::StaffEnabled, format!("staff {}", account.id))?;
    Ok(account)
}

/// A second factor just set: the secret (base32) and the link for the authenticator app.
#[derive(Debug, Clone)]
pub struct TotpSetup {
    pub account: StaffAccount,
    pub secret: String,
    pub link: String,
}

/// Gives the account a new TOTP secret (the old one stops working; its sessions end).
pub fn set_totp(state: &AppState, email: &str) -> Result<TotpSetup, AccountError> {
    let account = account(state, email)?;
    let secret = totp::new_secret()?;
    let link = totp::setup_link(&secret, &account.email)?;
    state.staff().set_staff_totp(account.id, Some(&secret))?;
    audit(state, Action::StaffTotpSet, format!("staff {}", account.id))?;
    Ok(TotpSetup {
        account,
        secret,
        link,
    })
}

/// Removes the account's second factor (its sessions end).
pub fn remove_totp(state: &AppState, email: &str) -> Result<StaffAccount, AccountError> {
    let account = account(state, email)?;
    state.staff().set_staff_totp(account.id, None)?;
    audit(
        state,
        Action::StaffTotpRemoved,
        format!("staff {}", account.id),
    )?;
    Ok(account)
}

/// Sets a new password, clears the lock, ends the sessions (a disabled account stays so).
pub fn reset(state: &AppState, email: &str, password: &str) -> Result<StaffAccount, AccountError> {
    let account = account(state, email)?;
    let hash = password::hash_new_password(password)?;
    state.staff().set_staff_password(account.id, &hash)?;
    audit(
        state,
        Action::StaffPasswordReset,
        format!("staff {}", account.id),
    )?;
    Ok(account)
}

/// One line of `staff list`: id, e-mail, role, offices, state, second factor, name (never
/// the hash nor the secret).
pub fn list_line(account: &StaffAccount, now_ms: i64) -> String {
    let state = if account.disabled {
        "disabled".to_string()
    } else {
        match account.locked_until_ms.filter(|until| *until > now_ms) {
            Some(until) => format!("locked until {}", crate::clock::rfc3339(until)),
            None => "active".to_string(),
        }
    };
    let second_factor = if account.totp_secret.is_some() {
        "totp"
    } else {
        "-"
    };
    format!(
        "{}\t{}\t{}\t{}\t{}\t{}\t{}",
        account.id,
        account.email,
        account.role.as_str(),
        account.offices.join(","),
        state,
        second_factor,
        account.name
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_password_is_the_first_line_without_its_ending() {
        let read = |s: &str| read_password(std::io::Cursor::new(s.as_bytes().to_vec()));
        assert_eq!(read("a long password\r\nnext").unwrap(), "a long password");
        assert_eq!(read(" spaced  \n").unwrap(), " spaced  ");
        assert_eq!(read("no newline").unwrap(), "no newline");
        assert!(matches!(read(""), Err(AccountError::NoPassword)));
        assert!(matches!(read("\n"), Err(AccountError::NoPassword)));
    }
}
