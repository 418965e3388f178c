//! `vssid offices`: not available yet.

use crate::CommonOptions;
use std::io::Write;

/// Runs `vssid offices`.
pub fn run(
    _options: &CommonOptions,
    _args: &[String],
    _out: &mut dyn Write,
    err: &mut dyn Write,
) -> i32 {
    let _ = writeln!(err, "vssid offices: not available yet");
    2
}
