//! `vssid`: the command line over the registration core, stable and scriptable.

fn main() {
    std::process::exit(vssid_cli::run(std::env::args().skip(1).collect()));
}
