//! The reference reception service: receives registrations over the documented HTTP API.

fn main() {
    println!("vssid-reception: not implemented yet");
}
