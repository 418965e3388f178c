//! `vssid check <bhxh|id|name|phone|email> <value>`: validates and normalises one field.
//!
//! On success the normalised value goes to standard output (exit 0); a refused value gives
//! its message on standard error (exit 1). With `--json` one object is printed to standard
//! output either way: `{"ok": true, "value": …}` or `{"ok": false, "error": …, "code": …}`.
//! Several words after the kind are joined with spaces, so quoting is optional.

use crate::CommonOptions;
use clap::{Args, ValueEnum};
use std::io::Write;
use vssid_core::fields::{BhxhCode, Email, FullName, PersonId, PhoneNumber};
use vssid_core::Localized;

/// The arguments of `vssid check`.
#[derive(Debug, Clone, Args)]
pub struct CheckArgs {
    /// The field the value is for.
    pub kind: FieldKind,
    /// The value; several words are joined with spaces.
    #[arg(required = true, num_args = 1..)]
    pub value: Vec<String>,
}

/// The fields `vssid check` knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FieldKind {
    /// The 10-digit social insurance code (mã số BHXH).
    Bhxh,
    /// The identity document number: CCCD (12 digits), CMND (9 or 12 digits) or passport.
    Id,
    /// The full name.
    Name,
    /// A Vietnamese mobile number, printed in E.164.
    Phone,
    /// An e-mail address.
    Email,
}

/// A refused value: its stable code and its message in the chosen language.
struct Refusal {
    code: &'static str,
    message: String,
}

impl Refusal {
    fn new(error: &dyn Localized, options: &CommonOptions) -> Refusal {
        Refusal {
            code: error.code(),
            message: error.message(options.lang),
        }
    }
}

/// Checks `value` as a field of `kind`.
fn check(kind: FieldKind, value: &str, options: &CommonOptions) -> Result<String, Refusal> {
    let refuse = |e: &dyn Localized| Refusal::new(e, options);
    match kind {
        FieldKind::Bhxh => BhxhCode::parse(value)
            .map(|v| v.as_str().to_string())
            .map_err(|e| refuse(&e)),
        FieldKind::Id => PersonId::parse(value)
            .and_then(|id| id.check_birth_year(current_year()).map(|()| id))
            .map(|v| v.as_str().to_string())
            .map_err(|e| refuse(&e)),
        FieldKind::Name => FullName::parse(value)
            .map(|v| v.as_str().to_string())
            .map_err(|e| refuse(&e)),
        FieldKind::Phone => PhoneNumber::parse(value)
            .map(|v| v.as_e164().to_string())
            .map_err(|e| refuse(&e)),
        FieldKind::Email => Email::parse(value)
            .map(|v| v.as_str().to_string())
            .map_err(|e| refuse(&e)),
    }
}

/// The current year (UTC) from the system clock.
fn current_year() -> u16 {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    year_of_unix_day(i64::try_from(seconds / 86_400).unwrap_or(i64::MAX / 2))
}

/// The proleptic Gregorian year of a day counted from 1970-01-01 (H. Hinnant's algorithm).
fn year_of_unix_day(days: i64) -> u16 {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153; // 0 = March … 11 = February
    let year = year_of_era + era * 400 + i64::from(month_index >= 10);
    u16::try_from(year).unwrap_or(u16::MAX)
}

/// Runs `vssid check`.
pub fn run(
    options: &CommonOptions,
    args: &CheckArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> i32 {
    let result = check(args.kind, &args.value.join(" "), options);
    let (document, code) = match &result {
        Ok(value) => (serde_json::json!({ "ok": true, "value": value }), 0),
        Err(refusal) => (
            serde_json::json!({ "ok": false, "error": refusal.message, "code": refusal.code }),
            1,
        ),
    };
    let written = if options.json {
        writeln!(out, "{document}")
    } else {
        match result {
            Ok(value) => writeln!(out, "{value}"),
            Err(refusal) => writeln!(err, "{}", refusal.message),
        }
    };
    if written.is_err() {
        return 2;
    }
    code
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::run_captured;

    fn run_check(args: &[&str]) -> (i32, String, String) {
        run_captured(&[&["check"], args].concat())
    }

    #[test]
    fn each_kind_prints_its_normalised_value() {
        for (args, expected) in [
            (vec!["bhxh", "79-2345-6789"], "7923456789\n"),
            (vec!["id", "c1234567"], "C1234567\n"),
            (vec!["name", "Nguyễn", "Văn", "A"], "Nguyễn Văn A\n"),
            (vec!["phone", "+84 91 234 5678"], "+84912345678\n"),
            (vec!["email", "A@Gmail.COM"], "A@gmail.com\n"),
        ] {
            let (code, out, err) = run_check(&args);
            assert_eq!(
                (code, out.as_str(), err.as_str()),
                (0, expected, ""),
                "{args:?}"
            );
        }
    }

    #[test]
    fn refusals_exit_1_in_the_chosen_language() {
        let (code, out, err) = run_check(&["phone", "01681234567"]);
        assert_eq!((code, out.as_str()), (1, ""));
        assert!(
            err.contains("0381234567") && err.contains("số mới"),
            "{err}"
        );
        let (code, _, err) = run_check(&["phone", "02838123456", "--lang", "en"]);
        assert_eq!(code, 1);
        assert!(err.contains("not a mobile number"), "{err}");
    }

    #[test]
    fn json_gives_one_object_either_way() {
        let (code, out, _) = run_check(&["--json", "phone", "0912345678"]);
        assert_eq!(code, 0);
        let value: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(
            value,
            serde_json::json!({"ok": true, "value": "+84912345678"})
        );
        let (code, out, err) = run_check(&["--json", "bhxh", "123"]);
        assert_eq!((code, err.as_str()), (1, ""));
        let value: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(value["ok"], false);
        assert_eq!(value["code"], "bhxh_code_length");
        assert!(value["error"].as_str().unwrap().contains("10 chữ số"));
    }

    #[test]
    fn unknown_kinds_and_missing_values_are_usage_errors() {
        for args in [vec!["zip", "700000"], vec!["phone"], vec![]] {
            let (code, out, err) = run_check(&args);
            assert_eq!((code, out.as_str()), (2, ""), "{args:?}");
            assert!(err.starts_with("error:"), "{err}");
        }
        let (_, _, err) = run_check(&["zip", "700000"]);
        assert!(
            err.contains("[possible values: bhxh, id, name, phone, email]"),
            "{err}"
        );
        let (_, _, err) = run_check(&["phone"]);
        assert!(
            err.contains("Usage: vssid check <KIND> <VALUE>..."),
            "{err}"
        );
    }

    #[test]
    fn a_birth_year_after_this_year_is_refused() {
        let (code, _, err) = run_check(&["id", "034399011829"]);
        assert_eq!(code, 1);
        assert!(err.contains("2099"), "{err}");
    }

    #[test]
    fn unix_days_map_to_their_years() {
        for (days, year) in [
            (0, 1970),
            (364, 1970),
            (365, 1971),
            (10_956, 1999),
            (10_957, 2000),
            (20_416, 2025),
            (20_454, 2026),
            (-1, 1969),
        ] {
            assert_eq!(year_of_unix_day(days), year, "{days}");
        }
        assert!(current_year() >= 2025);
    }
}
