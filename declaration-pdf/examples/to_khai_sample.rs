//! Writes a sample tờ khai (a sent registration, English words under the labels) and says
//! how long it took and how large it is: `cargo run --example to_khai_sample -- out.pdf`.
//! The picture in docs/screenshots/to-khai.png is this file drawn by
//! `pdftoppm -png -r 80 -singlefile out.pdf docs/screenshots/to-khai`.

use std::time::Instant;
use vssid_core::Lang;
use vssid_declaration_pdf::{render, DeclarationDocument, Submitted};

fn main() {
    let out = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "to-khai.pdf".into());
    let document = DeclarationDocument {
        lang: Lang::En,
        full_name: "Nguyễn Thị Ánh Tuyết".into(),
        bhxh_code: "7901234567".into(),
        person_id: "079303001234".into(),
        address: "12 Lý Văn Phức, Phường Tân Định, Thành phố Hồ Chí Minh".into(),
        phone: "+84912345678".into(),
        email: "tuyet@example.vn".into(),
        office: "[079] BHXH TP. Hồ Chí Minh".into(),
        place: "Thành phố Hồ Chí Minh".into(),
        submitted: Some(Submitted {
            reference: "DK-20261125-7KQ3MX".into(),
            received_at_ms: 1_795_627_868_000,
        }),
    };
    let runs = 50;
    let start = Instant::now();
    let mut pdf = Vec::new();
    for _ in 0..runs {
        pdf = render(&document).expect("the PDF");
    }
    let each = start.elapsed() / runs;
    std::fs::write(&out, &pdf).expect("written");
    println!(
        "{out}: {} bytes, {each:?} per PDF (mean of {runs})",
        pdf.len()
    );
}
