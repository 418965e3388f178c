//! The `vssid` command line: argument parsing and subcommands, each a thin layer over the core.

pub mod check;
pub mod offices;
pub mod photo;
pub mod qr;
pub mod submit;
pub mod units;

use std::io::Write;
use vssid_core::Lang;

/// Options every subcommand understands, taken out of the arguments wherever they appear.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CommonOptions {
    /// `--json`: print one JSON document instead of text.
    pub json: bool,
    /// `--lang vi|en`: the language of messages (Vietnamese by default).
    pub lang: Lang,
}

/// Splits `--json` and `--lang X` out of `args`; the rest keep their order.
pub fn split_common_options(args: &[String]) -> Result<(CommonOptions, Vec<String>), String> {
    let mut options = CommonOptions::default();
    let mut rest = Vec::new();
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        match arg.as_str() {
            "--json" => options.json = true,
            "--lang" => {
                let tag = iter.next().ok_or("--lang needs a value: vi or en")?;
                options.lang = Lang::from_tag(tag).ok_or(format!("unknown language: {tag}"))?;
            }
            _ => match arg.strip_prefix("--lang=") {
                Some(tag) => {
                    options.lang = Lang::from_tag(tag).ok_or(format!("unknown language: {tag}"))?;
                }
                None => rest.push(arg.clone()),
            },
        }
    }
    Ok((options, rest))
}

const USAGE: &str = "usage: vssid <command> [--json] [--lang vi|en] …
commands:
  check <bhxh|id|name|phone|email> <value>   validate and normalise one field
  units search <query> | units convert <legacy commune code>
  offices search <query>
  photo <portrait|id-front|id-back> <in> <out>
  qr <image>
  submit <draft.json>";

/// Runs the command line with `args` (without the program name), writing to `out` and `err`;
/// returns the exit code: 0 success, 1 the input was refused, 2 usage error.
pub fn run_with(args: &[String], out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let (options, rest) = match split_common_options(args) {
        Ok(v) => v,
        Err(message) => {
            let _ = writeln!(err, "{message}\n{USAGE}");
            return 2;
        }
    };
    let Some((command, rest)) = rest.split_first() else {
        let _ = writeln!(err, "{USAGE}");
        return 2;
    };
    match command.as_str() {
        "check" => check::run(&options, rest, out, err),
        "units" => units::run(&options, rest, out, err),
        "offices" => offices::run(&options, rest, out, err),
        "photo" => photo::run(&options, rest, out, err),
        "qr" => qr::run(&options, rest, out, err),
        "submit" => submit::run(&options, rest, out, err),
        "help" | "--help" | "-h" => {
            let _ = writeln!(out, "{USAGE}");
            0
        }
        other => {
            let _ = writeln!(err, "unknown command: {other}\n{USAGE}");
            2
        }
    }
}

/// Runs the command line with `args` and answers its exit code, standard output and standard
/// error as text (for tests and for embedding the commands in another program).
pub fn run_captured(args: &[&str]) -> (i32, String, String) {
    let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = run_with(&args, &mut out, &mut err);
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
pub fn run(args: Vec<String>) -> i32 {
    let stdout = std::io::stdout();
    let stderr = std::io::stderr();
    run_with(&args, &mut stdout.lock(), &mut stderr.lock())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn common_options_are_found_anywhere() {
        let (o, rest) =
            split_common_options(&s(&["check", "--json", "phone", "--lang", "en", "x"])).unwrap();
        assert!(o.json);
        assert_eq!(o.lang, Lang::En);
        assert_eq!(rest, s(&["check", "phone", "x"]));
        assert!(split_common_options(&s(&["--lang"])).is_err());
        assert!(split_common_options(&s(&["--lang=fr"])).is_err());
    }

    #[test]
    fn unknown_command_is_a_usage_error() {
        let (mut out, mut err) = (Vec::new(), Vec::new());
        assert_eq!(run_with(&s(&["frobnicate"]), &mut out, &mut err), 2);
        assert!(String::from_utf8(err.clone())
            .unwrap()
            .contains("unknown command"));
        assert_eq!(run_with(&[], &mut out, &mut err), 2);
    }
}
