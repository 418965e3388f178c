//! The offer to fill the declaration from the ID card's QR, rendered without a window: its
//! rows, the flagged disagreements (unticked), the note of a converted address, where it is
//! shown, and the Start screen's "Quét mã QR trên CCCD".

use crate::render::{render, tag_with_id};
use vssid_core::directory::Directory;
use vssid_core::flow::{Registration, Step};
use vssid_core::qr::CardFacts;
use vssid_core::Lang;

/// A fake person whose card prints a pre-2025 address.
fn card() -> CardFacts {
    CardFacts {
        id_number: "079303001234".into(),
        full_name: "NGUYỄN THỊ MẪU".into(),
        address: Directory::global()
            .read_card_address("Số 12 Lý Văn Phức, Phường Tân Định, Quận 1, TP. Hồ Chí Minh"),
    }
}

fn with_offer(step: Step, lang: Lang) -> Registration {
    let mut r = Registration::new("test-key", lang);
    r.step = step;
    r.consent_to_current_notice("2026-11-29T08:00:00Z");
    r.qr_card = Some(card());
    r
}

/// The `<li>` of the row of `field`.
fn row<'a>(html: &'a str, field: &str) -> &'a str {
    let at = html
        .find(&format!("id=\"qr-{field}\""))
        .unwrap_or_else(|| panic!("no row for {field}"));
    let start = html[..at].rfind("<li").unwrap();
    let end = at + html[at..].find("</li>").unwrap();
    &html[start..end]
}

#[test]
fn the_offer_lists_each_field_with_the_card_value_ticked_when_it_fills_an_empty_field() {
    let html = render(with_offer(Step::Declaration, Lang::Vi));
    assert!(html.contains("Thông tin đọc từ mã QR trên CCCD"));
    for (field, value) in [
        ("full_name", "NGUYỄN THỊ MẪU"),
        ("person_id", "079303001234"),
        ("province", "Phường Tân Định, Thành phố Hồ Chí Minh"),
        ("street", "Số 12 Lý Văn Phức"),
    ] {
        let row = row(&html, field);
        assert!(row.contains(value), "{field}: {row}");
        assert!(row.contains("data-status=\"fill\""), "{field}: {row}");
        assert!(tag_with_id(&html, &format!("qr-{field}")).contains("checked"));
    }
    assert!(html.contains("Điền vào tờ khai"));
    assert!(html.contains("Bỏ qua"));
}

#[test]
fn a_disagreement_is_flagged_explained_and_unticked() {
    let mut state = with_offer(Step::Declaration, Lang::Vi);
    state.form.person_id = "079303009999".into();
    state.form.full_name = "Nguyễn Thị Mẫu".into();
    let html = render(state);
    let id_row = row(&html, "person_id");
    assert!(id_row.contains("data-status=\"differs\""));
    assert!(
        id_row.contains("079303009999"),
        "the typed value is not shown"
    );
    assert!(id_row.contains("079303001234"));
    assert!(id_row.contains("Khác với thông tin bạn đã nhập"));
    assert!(!tag_with_id(&html, "qr-person_id").contains("checked"));
    // A name typed in other letter case is the same: nothing to fill, box disabled.
    let name_row = row(&html, "full_name");
    assert!(name_row.contains("data-status=\"same\""));
    assert!(tag_with_id(&html, "qr-full_name").contains("disabled"));
    assert!(!tag_with_id(&html, "qr-full_name").contains("checked"));
}

#[test]
fn the_address_conversion_is_said_in_both_languages() {
    let vi = render(with_offer(Step::Declaration, Lang::Vi));
    let note = tag_with_id(&vi, "qr-address-note");
    assert!(note.contains("role=\"note\""));
    assert!(vi.contains(
        "Địa chỉ trên thẻ theo đơn vị hành chính cũ: Phường Tân Định, Quận 1, Thành phố Hồ Chí \
         Minh → Phường Tân Định, Thành phố Hồ Chí Minh."
    ));
    let en = render(with_offer(Step::Declaration, Lang::En));
    assert!(en.contains("Information read from the ID card"));
    assert!(en.contains("former administrative units"));
    assert!(en.contains("Fill in the declaration"));
}

#[test]
fn the_offer_shows_on_the_photos_and_declaration_screens_only_while_pending() {
    assert!(render(with_offer(Step::Photos, Lang::Vi)).contains("id=\"qr-offer\""));
    let mut none = with_offer(Step::Declaration, Lang::Vi);
    none.qr_card = None;
    assert!(!render(none).contains("id=\"qr-offer\""));
    assert!(!render(with_offer(Step::Office, Lang::Vi)).contains("id=\"qr-offer\""));
}

#[test]
fn the_start_screen_offers_to_scan_the_card_qr() {
    let html = render(Registration::new("test-key", Lang::Vi));
    assert!(html.contains("Quét mã QR trên CCCD"));
    let input = tag_with_id(&html, "qr-scan");
    assert!(input.contains("type=\"file\""));
    assert!(input.contains("accept=\"image/*\""));
    assert!(html.contains("for=\"qr-scan\""));
}
