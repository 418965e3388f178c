//! CCCD QR reading: find and decode the QR on an ID card photo, parse and cross-check its payload.
//!
//! [`read_cccd`] takes the bytes of a JPEG or PNG photo of either card model (chip CCCD
//! 2021: QR on the front, top right; "Căn cước" 2024: QR on the back) and returns the
//! holder's data ([`CccdQrData`]) or a typed, bilingual reason ([`QrError`]).
//! [`read_cccd_in_gray`] does the same for a grey camera frame, and
//! [`CccdQrData::parse`] for a payload read by any other scanner.
//!
//! For JPEG only the luma plane is decoded. The search starts on reduced copies of the whole
//! image and only then looks at the corners in more detail (see `scan` for the order); a
//! large photo stored turned (EXIF) is turned upright at full resolution only if needed.

mod load;
mod locate;
pub mod offer;
mod payload;
mod pyramid;
mod scan;

pub use load::{load_gray, LoadError, MAX_PIXELS};
pub use offer::{CardFacts, OfferRow, QrOffer, RowStatus};
pub use payload::{century_sex_digit, CccdQrData, CivilDate, PayloadError, Sex, CORE_FIELD_COUNT};

use crate::declaration::DeclarationForm;
use crate::fields::FieldId;
use crate::lang::{Lang, Localized};
use image::GrayImage;
use serde::Serialize;

/// Why no CCCD data came out of a photo.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QrError {
    #[error(transparent)]
    Image(#[from] LoadError),
    #[error("no QR code was found in the photo")]
    NotFound,
    #[error("a QR code was read but it is not text")]
    NotText,
    #[error("a QR code was read but it is not a CCCD code: {0}")]
    NotCccd(PayloadError),
}

impl Localized for LoadError {
    fn code(&self) -> &'static str {
        match self {
            LoadError::UnknownFormat => "image_unknown_format",
            LoadError::TooLarge { .. } => "image_too_large",
            LoadError::Damaged => "image_damaged",
        }
    }

    fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (_, Lang::En) => format!("{self}."),
            (LoadError::UnknownFormat, Lang::Vi) => "Tệp không phải ảnh JPEG hoặc PNG.".into(),
            (LoadError::TooLarge { megapixels }, Lang::Vi) => {
                format!("Ảnh có {megapixels} megapixel, vượt quá mức 50 cho phép.")
            }
            (LoadError::Damaged, Lang::Vi) => "Ảnh bị hỏng, không đọc được.".into(),
        }
    }
}

impl Localized for QrError {
    fn code(&self) -> &'static str {
        match self {
            QrError::Image(e) => e.code(),
            QrError::NotFound => "qr_not_found",
            QrError::NotText => "qr_not_text",
            QrError::NotCccd(e) => e.code(),
        }
    }

    fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (QrError::Image(e), _) => e.message(lang),
            (QrError::NotCccd(e), _) => e.message(lang),
            (QrError::NotFound, Lang::Vi) => "Không tìm thấy mã QR trong ảnh. Hãy chụp lại gần \
                hơn, đủ sáng, không bị lóa và giữ máy thẳng."
                .into(),
            (QrError::NotFound, Lang::En) => "No QR code was found in the photo. Take it again \
                closer, in good light, without glare and with the phone held straight."
                .into(),
            (QrError::NotText, Lang::Vi) => {
                "Đã đọc được mã QR nhưng nội dung không phải văn bản.".into()
            }
            (QrError::NotText, Lang::En) => "A QR code was read but it does not hold text.".into(),
        }
    }
}

/// The data read from a card, and how it was found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CccdScan {
    pub data: CccdQrData,
    /// The raw payload, as read.
    pub payload: String,
    /// Which strategy found it, e.g. `top-right@1400/adaptive` (for diagnostics).
    pub strategy: String,
}

/// What the payloads seen so far say, when none was accepted.
fn rejection(seen: &[Vec<u8>]) -> QrError {
    let mut not_text = false;
    for payload in seen {
        match std::str::from_utf8(payload) {
            Ok(text) => {
                if let Err(e) = CccdQrData::parse(text) {
                    return QrError::NotCccd(e);
                }
            }
            Err(_) => not_text = true,
        }
    }
    if not_text {
        QrError::NotText
    } else {
        QrError::NotFound
    }
}

fn accept_cccd(payload: &[u8]) -> bool {
    std::str::from_utf8(payload).is_ok_and(|text| CccdQrData::parse(text).is_ok())
}

fn scanned(payload: Vec<u8>, strategy: String) -> Result<CccdScan, QrError> {
    let payload = String::from_utf8(payload).map_err(|_| QrError::NotText)?;
    let data = CccdQrData::parse(&payload).map_err(QrError::NotCccd)?;
    Ok(CccdScan {
        data,
        payload,
        strategy,
    })
}

/// Reads the CCCD QR in a photo (JPEG or PNG bytes, EXIF orientation honoured).
pub fn read_cccd(bytes: &[u8]) -> Result<CccdScan, QrError> {
    read_pyramid(load::load_pyramid(bytes)?)
}

/// Reads the CCCD QR in an upright grey image (a camera frame, say).
pub fn read_cccd_in_gray(image: &GrayImage) -> Result<CccdScan, QrError> {
    read_pyramid(pyramid::Pyramid::from_full(image))
}

fn read_pyramid(mut pyramid: pyramid::Pyramid<'_>) -> Result<CccdScan, QrError> {
    let mut seen = Vec::new();
    let strategies = scan::strategies_for(pyramid.long_side());
    match scan::scan(&mut pyramid, &strategies, &mut accept_cccd, &mut seen, true) {
        Some((payload, strategy)) => scanned(payload, strategy),
        None => Err(rejection(&seen)),
    }
}

impl CccdQrData {
    /// The registration form fields this card fills: full name and ID number.
    pub fn form_values(&self) -> [(FieldId, String); 2] {
        [
            (FieldId::FullName, self.full_name.clone()),
            (FieldId::PersonId, self.id_number.clone()),
        ]
    }

    /// Writes [`Self::form_values`] into `form`; returns the fields whose value changed.
    /// The address stays raw text ([`Self::address`]): matching it to administrative units
    /// is left to the directory.
    pub fn fill_form(&self, form: &mut DeclarationForm) -> Vec<FieldId> {
        let mut changed = Vec::new();
        for (field, value) in self.form_values() {
            let slot = match field {
                FieldId::FullName => &mut form.full_name,
                FieldId::PersonId => &mut form.person_id,
                _ => continue,
            };
            if *slot != value {
                *slot = value;
                changed.push(field);
            }
        }
        changed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reads `bytes` with or without the crops around located codes: the payload and how.
    fn search(bytes: &[u8], crop_located: bool) -> Option<(Vec<u8>, String)> {
        let mut pyramid = load::load_pyramid(bytes).unwrap();
        let strategies = scan::strategies_for(pyramid.long_side());
        let mut seen = Vec::new();
        scan::scan(
            &mut pyramid,
            &strategies,
            &mut accept_cccd,
            &mut seen,
            crop_located,
        )
    }

    #[test]
    fn reading_located_codes_from_crops_loses_no_code_the_whole_search_reads() {
        use vssid_testkit::cards::{self, CardModel, Scene};
        // Photos where the first look finds the code but has too few pixels per module to
        // read it, and photos it reads at once.
        let mut scenes = Vec::new();
        for (seed, size, fraction, rotation) in [
            (41, (640, 480), 0.8, 14.0),
            (42, (640, 480), 0.9, -18.0),
            (43, (1280, 960), 0.5, 8.0),
            (44, (1280, 960), 0.45, -12.0),
            (45, (800, 600), 0.85, 3.0),
        ] {
            let mut scene = Scene::easy(CardModel::Chip2021Front, size, seed);
            scene.card_fraction = fraction;
            scene.rotation_degrees = rotation;
            scene.noise = 4.0;
            scene.jpeg_quality = Some(80);
            scenes.push(scene);
        }
        let mut cropped = 0;
        for scene in &scenes {
            let sample = cards::render(scene);
            let with_crops = search(&sample.bytes, true);
            if let Some((payload, _)) = search(&sample.bytes, false) {
                let (read, how) = with_crops
                    .clone()
                    .unwrap_or_else(|| panic!("{scene:?}: read without crops, lost with them"));
                assert_eq!(read, payload, "{scene:?}");
                assert_eq!(read, sample.payload.as_bytes(), "{scene:?}");
                let _ = how;
            }
            if let Some((read, how)) = with_crops {
                assert_eq!(read, sample.payload.as_bytes(), "{scene:?}");
                cropped += usize::from(how.contains("→qr/"));
            }
        }
        assert!(cropped >= 1, "no photo was read through a crop");
    }

    #[test]
    fn a_code_with_modules_too_small_for_the_decoder_at_1024_px_is_found_by_its_finders() {
        use vssid_testkit::cards::{self, CardModel, Scene};
        // A small card far from the camera in a 2000 × 1500 photo: at 1024 px its QR has 2–3
        // pixels per module, too few for the decoder to find it, twice that in the photo.
        let mut through_finders = Vec::new();
        for (seed, fraction, rotation, turned) in [
            (51, 0.32, 12.0, false),
            (52, 0.3, -7.0, true),
            (53, 0.34, 25.0, false),
        ] {
            let mut scene = Scene::easy(CardModel::Chip2021Front, (2000, 1500), seed);
            scene.card_fraction = fraction;
            scene.rotation_degrees = rotation;
            scene.noise = 3.0;
            scene.exif_orientation_6 = turned;
            scene.jpeg_quality = Some(85);
            let sample = cards::render(&scene);
            let read = read_cccd(&sample.bytes).unwrap_or_else(|e| panic!("{scene:?}: {e}"));
            assert_eq!(read.payload, sample.payload, "{scene:?}");
            if read.strategy.contains("→finders/") {
                through_finders.push(read.strategy);
            }
        }
        assert!(
            through_finders.len() >= 2,
            "read through the finder locator: {through_finders:?}"
        );
    }

    #[test]
    fn a_form_is_filled_with_name_and_id_and_changes_are_reported() {
        let data = CccdQrData::parse(
            "034303011829||TRẦN THỊ MẪU|21032003|Nữ|Thôn Giả Định, Thái Bình|14082021",
        )
        .unwrap();
        let mut form = DeclarationForm {
            full_name: "TRẦN THỊ MẪU".into(),
            phone: "0912345678".into(),
            ..Default::default()
        };
        assert_eq!(data.fill_form(&mut form), vec![FieldId::PersonId]);
        assert_eq!(form.person_id, "034303011829");
        assert_eq!(form.phone, "0912345678");
        assert!(data.fill_form(&mut form).is_empty());
    }

    #[test]
    fn noise_and_truncated_files_are_refused_without_panicking() {
        let mut state = 0x2545_F491_u32;
        let mut noise = |w: u32, h: u32| {
            GrayImage::from_fn(w, h, |_, _| {
                state ^= state << 13;
                state ^= state >> 17;
                state ^= state << 5;
                image::Luma([(state >> 24) as u8])
            })
        };
        for (w, h) in [(21, 21), (37, 90), (160, 120)] {
            assert_eq!(read_cccd_in_gray(&noise(w, h)), Err(QrError::NotFound));
        }
        let mut jpeg = Vec::new();
        noise(64, 48)
            .write_to(
                &mut std::io::Cursor::new(&mut jpeg),
                image::ImageFormat::Jpeg,
            )
            .unwrap();
        for cut in [4, jpeg.len() / 3, jpeg.len() - 2] {
            assert!(read_cccd(&jpeg[..cut]).is_err());
        }
    }

    #[test]
    fn errors_carry_codes_and_both_languages() {
        let errors = [
            QrError::NotFound,
            QrError::NotText,
            QrError::Image(LoadError::TooLarge { megapixels: 60 }),
            QrError::NotCccd(PayloadError::BadSex),
        ];
        let codes: Vec<_> = errors.iter().map(|e| e.code()).collect();
        assert_eq!(
            codes,
            [
                "qr_not_found",
                "qr_not_text",
                "image_too_large",
                "qr_bad_sex"
            ]
        );
        for e in &errors {
            assert_ne!(e.message(Lang::Vi), e.message(Lang::En));
        }
        assert!(QrError::Image(LoadError::TooLarge { megapixels: 60 })
            .message(Lang::Vi)
            .contains("60"));
    }

    #[test]
    fn a_photo_without_a_qr_is_not_found() {
        let blank = GrayImage::from_pixel(200, 120, image::Luma([180]));
        assert_eq!(read_cccd_in_gray(&blank), Err(QrError::NotFound));
        for (w, h) in [(0, 0), (1, 300), (20, 20)] {
            let tiny = GrayImage::new(w, h);
            assert_eq!(read_cccd_in_gray(&tiny), Err(QrError::NotFound));
        }
        assert_eq!(
            read_cccd(b"not an image"),
            Err(QrError::Image(LoadError::UnknownFormat))
        );
    }
}
