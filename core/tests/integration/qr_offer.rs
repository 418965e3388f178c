//! From a photo of a card (synthetic, fake person) to the offer to fill the declaration: the
//! QR is read, the printed pre-2025 address converted, and the offer compared with the form.

use image::ImageFormat;
use std::io::Cursor;
use vssid_core::declaration::DeclarationForm;
use vssid_core::directory::{AddressMatch, Directory};
use vssid_core::fields::FieldId;
use vssid_core::qr::{CardFacts, QrError, QrOffer, RowStatus};
use vssid_core::Lang;
use vssid_testkit::cards::{draw_card, CardModel, Rng};

const PAYLOAD: &str = "079303001234||NGUYỄN THỊ MẪU|21032003|Nữ|Số 12 Lý Văn Phức, Phường Tân \
                       Định, Quận 1, TP. Hồ Chí Minh|14082021";

fn card_photo(model: CardModel) -> Vec<u8> {
    let card = draw_card(model, PAYLOAD, 8.0, &mut Rng::new(7));
    let mut png = Vec::new();
    card.write_to(&mut Cursor::new(&mut png), ImageFormat::Png)
        .unwrap();
    png
}

#[test]
fn a_card_photo_becomes_an_offer_with_its_address_converted() {
    for model in [CardModel::Chip2021Front, CardModel::CanCuoc2024Back] {
        let card = CardFacts::from_photo(&card_photo(model), Directory::global())
            .unwrap_or_else(|e| panic!("{model:?}: {e}"));
        assert_eq!(card.id_number, "079303001234");
        assert_eq!(card.address.street, "Số 12 Lý Văn Phức");
        assert!(matches!(
            card.address.matched,
            AddressMatch::Converted { .. }
        ));
        let typed = DeclarationForm {
            person_id: "079303001235".into(),
            ..Default::default()
        };
        let offer = QrOffer::new(&card, &typed, Directory::global());
        let rows: Vec<(FieldId, RowStatus)> =
            offer.rows.iter().map(|r| (r.field, r.status)).collect();
        assert_eq!(
            rows,
            [
                (FieldId::FullName, RowStatus::WillFill),
                (FieldId::PersonId, RowStatus::Differs),
                (FieldId::Province, RowStatus::WillFill),
                (FieldId::Street, RowStatus::WillFill),
            ]
        );
        assert_eq!(offer.rows[2].card, "Phường Tân Định, Thành phố Hồ Chí Minh");
        let note = offer.address_note(Lang::Vi).unwrap();
        assert!(
            note.contains("Phường Tân Định, Quận 1, Thành phố Hồ Chí Minh → Phường Tân Định"),
            "{note}"
        );
    }
}

#[test]
fn a_photo_without_a_card_qr_says_why() {
    let blank = image::GrayImage::from_pixel(320, 200, image::Luma([200]));
    let mut png = Vec::new();
    blank
        .write_to(&mut Cursor::new(&mut png), ImageFormat::Png)
        .unwrap();
    assert_eq!(
        CardFacts::from_photo(&png, Directory::global()),
        Err(QrError::NotFound)
    );
}
