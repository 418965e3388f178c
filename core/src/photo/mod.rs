//! The photo pipeline: decode with limits, orient, strip metadata, scale, encode to a budget, check quality.
//!
//! [`process_photo`] takes the bytes a person picked or the camera produced (JPEG, PNG or
//! WebP), refuses what is too big, not an image or cut short, turns the picture upright from
//! its EXIF orientation, scales it to at most [`PhotoLimits::max_edge`] pixels on its long edge
//! (decoding JPEGs at 1/2, 1/4 or 1/8 scale when they are far larger than that), re-encodes it
//! as a JPEG that carries no metadata at all (no EXIF, GPS, XMP or ICC segment) and fits
//! [`PhotoLimits::budget_bytes`], and measures it for the warnings that ask for a retake.
//!
//! The work is synchronous and pure, the same on native and wasm targets; the app runs it on
//! a blocking thread (native) or between yields (web), and follows it through the progress
//! callback.

mod decode;
mod encode;
mod halves;
mod orientation;
mod quality;
mod raster;
mod side_by_side;
pub mod structure;

pub use decode::PhotoSource;
pub use orientation::Orientation;
pub use quality::{QualityMeasures, QualityThresholds};

use crate::lang::{Lang, Localized};
use serde::{Deserialize, Serialize};

/// What a photo shows; ID photos are also checked for how much of the frame the card fills.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PhotoKind {
    /// A portrait of the person.
    Portrait,
    /// The front of the citizen identity card.
    IdFront,
    /// The back of the citizen identity card.
    IdBack,
}

impl PhotoKind {
    /// The stable code: `portrait`, `id_front` or `id_back`.
    pub fn code(self) -> &'static str {
        match self {
            PhotoKind::Portrait => "portrait",
            PhotoKind::IdFront => "id_front",
            PhotoKind::IdBack => "id_back",
        }
    }

    /// Reads `portrait`, `id-front`/`id_front` or `id-back`/`id_back`.
    pub fn from_code(code: &str) -> Option<PhotoKind> {
        match code.replace('-', "_").as_str() {
            "portrait" => Some(PhotoKind::Portrait),
            "id_front" => Some(PhotoKind::IdFront),
            "id_back" => Some(PhotoKind::IdBack),
            _ => None,
        }
    }

    /// Whether the photo shows an identity card.
    pub fn is_id_card(self) -> bool {
        matches!(self, PhotoKind::IdFront | PhotoKind::IdBack)
    }
}

/// Limits on what is accepted and what is produced.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhotoLimits {
    /// Input files larger than this are refused before decoding (default 25 MB).
    pub max_input_bytes: usize,
    /// Images whose header declares more pixels than this are refused before any pixel
    /// buffer is allocated (default 50 megapixels), which defeats decompression bombs.
    pub max_pixels: u64,
    /// The long edge of the output, in pixels; smaller images are never upscaled (default 1600).
    pub max_edge: u32,
    /// The largest output JPEG, in bytes (default 500 000).
    pub budget_bytes: usize,
}

impl Default for PhotoLimits {
    fn default() -> Self {
        PhotoLimits {
            max_input_bytes: 25_000_000,
            max_pixels: 50_000_000,
            max_edge: 1600,
            budget_bytes: 500_000,
        }
    }
}

/// The stage the pipeline has reached, reported through the progress callback.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PhotoStage {
    /// Reading the header: format, size, orientation.
    ReadingHeader,
    /// Decoding the pixels (at reduced scale when possible).
    Decoding,
    /// Scaling to the output size.
    Resizing,
    /// Turning the picture upright.
    Orienting,
    /// Measuring exposure, sharpness and framing.
    Checking,
    /// Encoding the JPEG within the size budget.
    Encoding,
    /// Finished.
    Done,
}

impl Localized for PhotoStage {
    fn code(&self) -> &'static str {
        match self {
            PhotoStage::ReadingHeader => "reading_header",
            PhotoStage::Decoding => "decoding",
            PhotoStage::Resizing => "resizing",
            PhotoStage::Orienting => "orienting",
            PhotoStage::Checking => "checking",
            PhotoStage::Encoding => "encoding",
            PhotoStage::Done => "done",
        }
    }

    fn message(&self, lang: Lang) -> String {
        let (vi, en) = match self {
            PhotoStage::ReadingHeader => ("Đang đọc ảnh…", "Reading the photo…"),
            PhotoStage::Decoding => ("Đang giải mã ảnh…", "Decoding the photo…"),
            PhotoStage::Resizing => ("Đang thu nhỏ ảnh…", "Resizing the photo…"),
            PhotoStage::Orienting => (
                "Đang xoay ảnh cho đúng chiều…",
                "Turning the photo upright…",
            ),
            PhotoStage::Checking => (
                "Đang kiểm tra chất lượng ảnh…",
                "Checking the photo quality…",
            ),
            PhotoStage::Encoding => ("Đang nén ảnh…", "Compressing the photo…"),
            PhotoStage::Done => ("Đã xử lý xong ảnh.", "The photo is ready."),
        };
        match lang {
            Lang::Vi => vi.to_owned(),
            Lang::En => en.to_owned(),
        }
    }
}

/// The formats accepted as input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum InputFormat {
    Jpeg,
    Png,
    Webp,
}

/// Why a photo was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PhotoError {
    #[error("the file is empty")]
    Empty,
    #[error("the file has {bytes} bytes, more than the {max_bytes} accepted")]
    FileTooLarge { bytes: usize, max_bytes: usize },
    #[error("the image declares {width}×{height} pixels, more than the {max_pixels} accepted")]
    TooManyPixels {
        width: u32,
        height: u32,
        max_pixels: u64,
    },
    #[error("unsupported image format: {format}")]
    UnsupportedFormat {
        /// The format recognised from the file's first bytes (e.g. `HEIC`), or `unknown`.
        format: &'static str,
    },
    #[error("the image file is cut short")]
    Truncated,
    #[error("the image file is damaged: {detail}")]
    Corrupt { detail: String },
    #[error("the image has no pixels")]
    NoPixels,
    #[error("the photo cannot be made smaller than {budget_bytes} bytes")]
    BudgetUnreachable { budget_bytes: usize },
    #[error("processing the photo failed: {detail}")]
    Processing { detail: String },
}

impl Localized for PhotoError {
    fn code(&self) -> &'static str {
        match self {
            PhotoError::Empty => "photo_empty",
            PhotoError::FileTooLarge { .. } => "photo_file_too_large",
            PhotoError::TooManyPixels { .. } => "photo_too_many_pixels",
            PhotoError::UnsupportedFormat { .. } => "photo_unsupported_format",
            PhotoError::Truncated => "photo_truncated",
            PhotoError::Corrupt { .. } => "photo_corrupt",
            PhotoError::NoPixels => "photo_no_pixels",
            PhotoError::BudgetUnreachable { .. } => "photo_budget_unreachable",
            PhotoError::Processing { .. } => "photo_processing_failed",
        }
    }

    fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (PhotoError::Empty, Lang::Vi) => "Tệp ảnh trống.".into(),
            (PhotoError::Empty, Lang::En) => "The photo file is empty.".into(),
            (PhotoError::FileTooLarge { bytes, max_bytes }, Lang::Vi) => format!(
                "Tệp ảnh quá lớn ({} MB); chỉ nhận tệp đến {} MB.",
                megabytes(*bytes),
                megabytes(*max_bytes)
            ),
            (PhotoError::FileTooLarge { bytes, max_bytes }, Lang::En) => format!(
                "The photo file is too large ({} MB); files up to {} MB are accepted.",
                megabytes(*bytes),
                megabytes(*max_bytes)
            ),
            (
                PhotoError::TooManyPixels {
                    width,
                    height,
                    max_pixels,
                },
                Lang::Vi,
            ) => format!(
                "Ảnh có kích thước {width}×{height} điểm ảnh, vượt quá giới hạn {} megapixel.",
                max_pixels / 1_000_000
            ),
            (
                PhotoError::TooManyPixels {
                    width,
                    height,
                    max_pixels,
                },
                Lang::En,
            ) => format!(
                "The image is {width}×{height} pixels, more than the {} megapixel limit.",
                max_pixels / 1_000_000
            ),
            (PhotoError::UnsupportedFormat { format }, Lang::Vi) => format!(
                "Định dạng ảnh {format} không được hỗ trợ. Vui lòng dùng ảnh JPEG, PNG hoặc WebP \
                 (trên iPhone: chọn Cài đặt › Camera › Định dạng › Tương thích nhất)."
            ),
            (PhotoError::UnsupportedFormat { format }, Lang::En) => format!(
                "The {format} image format is not supported. Please use a JPEG, PNG or WebP \
                 photo (on iPhone: Settings › Camera › Formats › Most Compatible)."
            ),
            (PhotoError::Truncated, Lang::Vi) => {
                "Tệp ảnh bị thiếu dữ liệu (có thể chưa tải xong). Vui lòng chụp hoặc chọn lại ảnh."
                    .into()
            }
            (PhotoError::Truncated, Lang::En) => {
                "The photo file is incomplete (it may not have finished downloading). Please take or pick it again."
                    .into()
            }
            (PhotoError::Corrupt { .. }, Lang::Vi) => {
                "Tệp ảnh bị hỏng, không đọc được. Vui lòng chụp hoặc chọn ảnh khác.".into()
            }
            (PhotoError::Corrupt { .. }, Lang::En) => {
                "The photo file is damaged and cannot be read. Please take or pick another photo."
                    .into()
            }
            (PhotoError::NoPixels, Lang::Vi) => "Ảnh không có điểm ảnh nào.".into(),
            (PhotoError::NoPixels, Lang::En) => "The image has no pixels.".into(),
            (PhotoError::BudgetUnreachable { budget_bytes }, Lang::Vi) => format!(
                "Không thể nén ảnh xuống dưới {} KB. Vui lòng chụp lại ảnh.",
                budget_bytes / 1000
            ),
            (PhotoError::BudgetUnreachable { budget_bytes }, Lang::En) => format!(
                "The photo cannot be compressed below {} KB. Please take it again.",
                budget_bytes / 1000
            ),
            (PhotoError::Processing { .. }, Lang::Vi) => {
                "Không xử lý được ảnh. Vui lòng thử lại với ảnh khác.".into()
            }
            (PhotoError::Processing { .. }, Lang::En) => {
                "The photo could not be processed. Please try another photo.".into()
            }
        }
    }
}

fn megabytes(bytes: usize) -> String {
    let tenths = (bytes as u64 + 50_000) / 100_000;
    let (whole, tenth) = (tenths / 10, tenths % 10);
    if tenth == 0 {
        format!("{whole}")
    } else {
        format!("{whole}.{tenth}")
    }
}

/// A problem with an accepted photo; each one asks the person to take it again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum PhotoWarning {
    /// The picture has too few pixels for the details to be read.
    #[serde(rename = "photo_too_small")]
    TooSmall,
    /// The picture is too dark.
    #[serde(rename = "photo_too_dark")]
    TooDark,
    /// The picture is overexposed (washed out, glare).
    #[serde(rename = "photo_overexposed")]
    Overexposed,
    /// The picture is blurred (moved or out of focus).
    #[serde(rename = "photo_blurry")]
    Blurry,
    /// The card fills too little of the frame.
    #[serde(rename = "photo_card_too_small")]
    CardTooSmall,
}

impl Localized for PhotoWarning {
    fn code(&self) -> &'static str {
        match self {
            PhotoWarning::TooSmall => "photo_too_small",
            PhotoWarning::TooDark => "photo_too_dark",
            PhotoWarning::Overexposed => "photo_overexposed",
            PhotoWarning::Blurry => "photo_blurry",
            PhotoWarning::CardTooSmall => "photo_card_too_small",
        }
    }

    fn message(&self, lang: Lang) -> String {
        let (vi, en) = match self {
            PhotoWarning::TooSmall => (
                "Ảnh có độ phân giải quá thấp, chữ có thể không đọc được. Vui lòng chụp lại bằng camera của điện thoại.",
                "The photo's resolution is too low; the text may be unreadable. Please take it again with the phone's camera.",
            ),
            PhotoWarning::TooDark => (
                "Ảnh quá tối. Vui lòng chụp lại ở nơi đủ ánh sáng.",
                "The photo is too dark. Please take it again in good light.",
            ),
            PhotoWarning::Overexposed => (
                "Ảnh quá sáng hoặc bị lóa. Vui lòng chụp lại, tránh ánh sáng chiếu thẳng và đèn flash.",
                "The photo is too bright or has glare. Please take it again away from direct light and without flash.",
            ),
            PhotoWarning::Blurry => (
                "Ảnh bị mờ. Vui lòng giữ chắc điện thoại, chạm để lấy nét rồi chụp lại.",
                "The photo is blurry. Please hold the phone steady, tap to focus and take it again.",
            ),
            PhotoWarning::CardTooSmall => (
                "Thẻ căn cước chiếm quá ít khung hình. Vui lòng đưa camera lại gần để thẻ lấp gần đầy khung và chụp lại.",
                "The ID card fills too little of the frame. Please move the camera closer so the card nearly fills the frame, and take it again.",
            ),
        };
        match lang {
            Lang::Vi => vi.to_owned(),
            Lang::En => en.to_owned(),
        }
    }
}

/// What was done to a photo, and what was found in it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PhotoReport {
    pub kind: PhotoKind,
    pub input_format: InputFormat,
    pub input_bytes: usize,
    /// Width of the input as stored, before orientation.
    pub input_width: u32,
    /// Height of the input as stored, before orientation.
    pub input_height: u32,
    /// The EXIF orientation applied (1–8; 1 when absent or invalid).
    pub orientation: u16,
    /// The JPEG decoding scale used: 1 (full), 2, 4 or 8 (1/2, 1/4, 1/8).
    pub decode_scale_denominator: u8,
    pub output_bytes: usize,
    pub output_width: u32,
    pub output_height: u32,
    /// The JPEG quality of the output (50–85).
    pub quality: u8,
    pub measures: QualityMeasures,
    /// Problems found; any warning means the person should retake the photo.
    pub warnings: Vec<PhotoWarning>,
}

impl PhotoReport {
    /// Whether the person should be asked to take the photo again.
    pub fn should_retake(&self) -> bool {
        !self.warnings.is_empty()
    }
}

/// A processed photo: the JPEG to upload and its report.
#[derive(Debug, Clone, PartialEq)]
pub struct ProcessedPhoto {
    pub jpeg: Vec<u8>,
    pub report: PhotoReport,
}

/// Runs the whole pipeline on `bytes`, calling `progress` at each stage.
pub fn process_photo(
    bytes: &[u8],
    kind: PhotoKind,
    limits: &PhotoLimits,
    progress: &mut dyn FnMut(PhotoStage),
) -> Result<ProcessedPhoto, PhotoError> {
    process_photo_from(
        &mut std::io::Cursor::new(bytes),
        bytes.len(),
        kind,
        limits,
        progress,
    )
}

/// Runs the whole pipeline on a picture of `input_bytes` bytes read from `source` (a file
/// through a `BufReader`, say) as the decoder needs them, so that the file is never held whole
/// in memory; the same checks and result as [`process_photo`] on its bytes. (The source is a
/// trait object so that the decoders are built here, for speed, whatever crate calls this.)
pub fn process_photo_from(
    source: &mut dyn PhotoSource,
    input_bytes: usize,
    kind: PhotoKind,
    limits: &PhotoLimits,
    progress: &mut dyn FnMut(PhotoStage),
) -> Result<ProcessedPhoto, PhotoError> {
    if input_bytes == 0 {
        return Err(PhotoError::Empty);
    }
    if input_bytes > limits.max_input_bytes {
        return Err(PhotoError::FileTooLarge {
            bytes: input_bytes,
            max_bytes: limits.max_input_bytes,
        });
    }
    progress(PhotoStage::ReadingHeader);
    let header = decode::read_header(source, limits)?;
    let max_edge = limits.max_edge.max(1);
    let (target_w, target_h) = raster::fit_within(header.width, header.height, max_edge);

    progress(PhotoStage::Decoding);
    let decoded = decode::decode_pixels(source, &header, target_w, target_h)?;

    progress(PhotoStage::Resizing);
    let scaled = raster::resize_rgb(std::borrow::Cow::Owned(decoded.image), target_w, target_h)?;

    progress(PhotoStage::Orienting);
    let upright = header.orientation.apply(scaled);

    progress(PhotoStage::Checking);
    let (upright_in_w, upright_in_h) = header.orientation.upright_size(header.width, header.height);
    let thresholds = QualityThresholds::default();
    // The measures and the encoding read the same picture: side by side where there are
    // threads.
    let (measures, encoded) = side_by_side::both(
        || quality::measure(&upright, kind),
        || {
            progress(PhotoStage::Encoding);
            encode::encode_within_budget(&upright, limits.budget_bytes)
        },
    );
    let measures = measures?;
    let warnings = thresholds.warnings(upright_in_w, upright_in_h, &measures);
    let encoded = encoded?;

    progress(PhotoStage::Done);
    let report = PhotoReport {
        kind,
        input_format: header.format,
        input_bytes,
        input_width: header.width,
        input_height: header.height,
        orientation: header.orientation.exif_value(),
        decode_scale_denominator: decoded.scale_denominator,
        output_bytes: encoded.jpeg.len(),
        output_width: encoded.width,
        output_height: encoded.height,
        quality: encoded.quality,
        measures,
        warnings,
    };
    Ok(ProcessedPhoto {
        jpeg: encoded.jpeg,
        report,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_read_their_command_line_and_stable_codes() {
        for kind in [PhotoKind::Portrait, PhotoKind::IdFront, PhotoKind::IdBack] {
            assert_eq!(PhotoKind::from_code(kind.code()), Some(kind));
        }
        assert_eq!(PhotoKind::from_code("id-front"), Some(PhotoKind::IdFront));
        assert_eq!(PhotoKind::from_code("selfie"), None);
    }

    #[test]
    fn messages_exist_in_both_languages_and_differ() {
        let errors = [
            PhotoError::Empty,
            PhotoError::FileTooLarge {
                bytes: 30_000_000,
                max_bytes: 25_000_000,
            },
            PhotoError::UnsupportedFormat { format: "HEIC" },
            PhotoError::Truncated,
        ];
        for e in errors {
            let (vi, en) = (e.message(Lang::Vi), e.message(Lang::En));
            assert_ne!(vi, en);
            assert!(!vi.is_empty() && !en.is_empty());
        }
        let heic = PhotoError::UnsupportedFormat { format: "HEIC" };
        assert!(heic.message(Lang::En).contains("HEIC"));
        assert!(heic.message(Lang::Vi).contains("HEIC"));
        assert!(PhotoError::FileTooLarge {
            bytes: 30_000_000,
            max_bytes: 25_000_000
        }
        .message(Lang::En)
        .contains("30 MB"));
    }

    #[test]
    fn warnings_serialize_as_their_codes() {
        for w in [
            PhotoWarning::TooSmall,
            PhotoWarning::TooDark,
            PhotoWarning::Overexposed,
            PhotoWarning::Blurry,
            PhotoWarning::CardTooSmall,
        ] {
            let json = serde_json::to_string(&w).unwrap();
            assert_eq!(json, format!("\"{}\"", w.code()));
        }
    }

    #[test]
    fn empty_and_oversized_inputs_are_refused_before_decoding() {
        let limits = PhotoLimits {
            max_input_bytes: 10,
            ..PhotoLimits::default()
        };
        let mut stages = Vec::new();
        let err = process_photo(&[0u8; 11], PhotoKind::Portrait, &limits, &mut |s| {
            stages.push(s)
        })
        .unwrap_err();
        assert_eq!(err.code(), "photo_file_too_large");
        assert!(stages.is_empty());
        let err = process_photo(&[], PhotoKind::Portrait, &limits, &mut |_| {}).unwrap_err();
        assert_eq!(err, PhotoError::Empty);
    }
}
