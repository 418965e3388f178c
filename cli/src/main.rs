//! `vssid`: the command line over the registration core, stable and scriptable.

fn main() {
    std::process::exit(vssid_cli::run(std::env::args_os().skip(1)));
}
