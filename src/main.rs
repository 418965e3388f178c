//! The VssID registration app: Dioxus screens over the `vssid-core` state machine.

use dioxus::prelude::*;

fn main() {
    dioxus::launch(App);
}

#[component]
fn App() -> Element {
    rsx! {
        main {
            h1 { "Đăng ký tài khoản VssID" }
            p { "Ứng dụng đăng ký tài khoản VssID (không chính thức)" }
        }
    }
}
