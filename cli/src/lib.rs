//! The `vssid` command line: argument parsing and subcommands, each a thin layer over the core.

/// Runs the command line with `args` (without the program name); returns the exit code.
pub fn run(args: Vec<String>) -> i32 {
    let _ = args;
    eprintln!("usage: vssid <command> …");
    2
}
