//! `vssid units`: not available yet.

use crate::CommonOptions;
use std::io::Write;

/// Runs `vssid units`.
pub fn run(
    _options: &CommonOptions,
    _args: &[String],
    _out: &mut dyn Write,
    err: &mut dyn Write,
) -> i32 {
    let _ = writeln!(err, "vssid units: not available yet");
    2
}
