//! Photos: checking that a part is a real JPEG of acceptable size (from its header alone), and
//! storing it durably as a file named by its SHA-256.

use sha2::{Digest, Sha256};
use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};
use vssid_core::api::{MAX_PHOTO_DIMENSION, MIN_PHOTO_DIMENSION};
use vssid_core::lang::{Lang, Localized};

/// Why a photo part is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PhotoError {
    #[error("the photo is missing")]
    Missing,
    #[error("the photo is larger than {max_bytes} bytes")]
    TooLarge { max_bytes: usize },
    #[error("the file is not a JPEG image")]
    NotJpeg,
    #[error("the photo is {width}×{height} pixels, outside {MIN_PHOTO_DIMENSION}..={MAX_PHOTO_DIMENSION}")]
    BadDimensions { width: u32, height: u32 },
    /// The JPEG carries an EXIF, XMP or IPTC segment (which may hold a GPS position, the
    /// camera, the owner's name); the app's photo pipeline never sends one.
    #[error("the photo carries {0} metadata")]
    HasMetadata(&'static str),
}

impl Localized for PhotoError {
    fn code(&self) -> &'static str {
        match self {
            PhotoError::Missing => "required",
            PhotoError::TooLarge { .. } => "photo_too_large",
            PhotoError::NotJpeg => "photo_not_jpeg",
            PhotoError::HasMetadata(_) => "photo_has_metadata",
            PhotoError::BadDimensions { width, height } => {
                if (*width).min(*height) < MIN_PHOTO_DIMENSION {
                    "photo_too_small"
                } else {
                    "photo_dimensions_too_large"
                }
            }
        }
    }

    fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (PhotoError::Missing, Lang::Vi) => "Vui lòng chụp hoặc chọn ảnh".into(),
            (PhotoError::Missing, Lang::En) => "Please take or choose a photo".into(),
            (PhotoError::TooLarge { max_bytes }, Lang::Vi) => format!(
                "Ảnh quá lớn (tối đa {} MB), vui lòng chụp lại",
                max_bytes / (1024 * 1024)
            ),
            (PhotoError::TooLarge { max_bytes }, Lang::En) => format!(
                "The photo is too large (at most {} MB); please take it again",
                max_bytes / (1024 * 1024)
            ),
            (PhotoError::NotJpeg, Lang::Vi) => "Tệp này không phải ảnh JPEG".into(),
            (PhotoError::NotJpeg, Lang::En) => "This file is not a JPEG photo".into(),
            (PhotoError::HasMetadata(kind), Lang::Vi) => format!(
                "Ảnh còn chứa siêu dữ liệu {kind} (có thể gồm vị trí GPS, thông tin máy ảnh); vui lòng gửi ảnh đã được ứng dụng xử lý"
            ),
            (PhotoError::HasMetadata(kind), Lang::En) => format!(
                "The photo still carries {kind} metadata (which may include a GPS position and camera details); please send the photo as the app processed it"
            ),
            (PhotoError::BadDimensions { .. }, Lang::Vi) => format!(
                "Kích thước ảnh phải từ {MIN_PHOTO_DIMENSION} đến {MAX_PHOTO_DIMENSION} điểm ảnh mỗi chiều"
            ),
            (PhotoError::BadDimensions { .. }, Lang::En) => format!(
                "Each side of the photo must be {MIN_PHOTO_DIMENSION} to {MAX_PHOTO_DIMENSION} pixels"
            ),
        }
    }
}

/// What the JPEG header says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JpegInfo {
    pub width: u32,
    pub height: u32,
}

/// Reads the width and height from a JPEG's frame header (SOI, then segments up to the first
/// SOF marker), without decoding the image.
pub fn jpeg_dimensions(bytes: &[u8]) -> Result<JpegInfo, PhotoError> {
    scan_header(bytes).map(|(info, _)| info)
}

/// The kind of metadata an application segment holds, if it is one that can identify a place,
/// a device or a person: EXIF (with its GPS block) or XMP in APP1, IPTC in APP13.
fn metadata_kind(marker: u8, payload: &[u8]) -> Option<&'static str> {
    match marker {
        0xE1 if payload.starts_with(b"Exif\0") => Some("EXIF"),
        0xE1 if payload.starts_with(b"http://ns.adobe.com/xap/1.0/") => Some("XMP"),
        0xE1 => Some("APP1"),
        0xED => Some("IPTC"),
        _ => None,
    }
}

/// Walks the header segments (from SOI to the start of the scan): the frame's dimensions and
/// the first metadata segment found. A file cut short after the frame header still gives its
/// dimensions (as before any scan data).
fn scan_header(bytes: &[u8]) -> Result<(JpegInfo, Option<&'static str>), PhotoError> {
    if bytes.len() < 4 || bytes[0] != 0xFF || bytes[1] != 0xD8 {
        return Err(PhotoError::NotJpeg);
    }
    let mut frame: Option<JpegInfo> = None;
    let mut metadata: Option<&'static str> = None;
    let mut at = 2;
    loop {
        // Skip fill bytes before a marker.
        while at < bytes.len() && bytes[at] == 0xFF && bytes.get(at + 1) == Some(&0xFF) {
            at += 1;
        }
        if at + 4 > bytes.len() || bytes[at] != 0xFF {
            break;
        }
        let marker = bytes[at + 1];
        match marker {
            // Stand-alone markers carry no length.
            0x01 | 0xD0..=0xD7 => {
                at += 2;
                continue;
            }
            // End of image or start of scan: the header is over.
            0xD9 | 0xDA => break,
            _ => {}
        }
        let length = usize::from(u16::from_be_bytes([bytes[at + 2], bytes[at + 3]]));
        if length < 2 || at + 2 + length > bytes.len() {
            break;
        }
        let segment = &bytes[at + 4..at + 2 + length];
        let is_frame = matches!(marker, 0xC0..=0xCF) && !matches!(marker, 0xC4 | 0xC8 | 0xCC);
        if is_frame && frame.is_none() {
            if length < 8 {
                return Err(PhotoError::NotJpeg);
            }
            let height = u32::from(u16::from_be_bytes([segment[1], segment[2]]));
            let width = u32::from(u16::from_be_bytes([segment[3], segment[4]]));
            if width == 0 || height == 0 {
                return Err(PhotoError::NotJpeg);
            }
            frame = Some(JpegInfo { width, height });
        }
        metadata = metadata.or_else(|| metadata_kind(marker, segment));
        at += 2 + length;
    }
    frame
        .map(|info| (info, metadata))
        .ok_or(PhotoError::NotJpeg)
}

/// Checks a photo part: a JPEG within the byte and pixel limits, without EXIF, XMP or IPTC
/// metadata.
pub fn check_photo(bytes: &[u8], max_bytes: usize) -> Result<JpegInfo, PhotoError> {
    if bytes.is_empty() {
        return Err(PhotoError::Missing);
    }
    if bytes.len() > max_bytes {
        return Err(PhotoError::TooLarge { max_bytes });
    }
    let (info, metadata) = scan_header(bytes)?;
    if let Some(kind) = metadata {
        return Err(PhotoError::HasMetadata(kind));
    }
    let range = MIN_PHOTO_DIMENSION..=MAX_PHOTO_DIMENSION;
    if !range.contains(&info.width) || !range.contains(&info.height) {
        return Err(PhotoError::BadDimensions {
            width: info.width,
            height: info.height,
        });
    }
    Ok(info)
}

/// The lowercase hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// Lowercase hex of bytes.
pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

/// Photos stored as `<dir>/<sha256>.jpg`; equal photos share one file.
#[derive(Debug, Clone)]
pub struct PhotoStore {
    dir: PathBuf,
    tmp: PathBuf,
}

impl PhotoStore {
    /// Opens (and creates) the photo directory.
    pub fn open(dir: &Path) -> std::io::Result<PhotoStore> {
        let tmp = dir.join(".tmp");
        fs::create_dir_all(&tmp)?;
        Ok(PhotoStore {
            dir: dir.to_path_buf(),
            tmp,
        })
    }

    /// The path a photo with this hash is stored at.
    pub fn path_of(&self, sha256: &str) -> PathBuf {
        self.dir.join(format!("{sha256}.jpg"))
    }

    /// Stores photos durably: each is written to a temporary file, flushed to disk, renamed
    /// into place, and the directory is flushed once for all renames. The files are written
    /// in parallel so their flushes share the file system's journal commits. Returns their
    /// paths.
    pub fn put_all(&self, photos: &[(&str, &[u8])]) -> std::io::Result<Vec<PathBuf>> {
        let paths: Vec<PathBuf> = photos
            .iter()
            .map(|(sha256, _)| self.path_of(sha256))
            .collect();
        let mut missing: Vec<(&Path, &[u8])> = Vec::new();
        for (path, (_, bytes)) in paths.iter().zip(photos) {
            if !path.exists() && !missing.iter().any(|(p, _)| *p == path.as_path()) {
                missing.push((path.as_path(), bytes));
            }
        }
        match missing.as_slice() {
            [] => return Ok(paths),
            [(path, bytes)] => write_durably(&self.tmp, path, bytes)?,
            _ => std::thread::scope(|scope| {
                let writers: Vec<_> = missing
                    .iter()
                    .map(|(path, bytes)| scope.spawn(|| write_durably(&self.tmp, path, bytes)))
                    .collect();
                writers.into_iter().try_for_each(|writer| {
                    writer
                        .join()
                        .unwrap_or_else(|_| Err(std::io::Error::other("photo writer panicked")))
                })
            })?,
        }
        sync_dir(&self.dir)?;
        Ok(paths)
    }
}

/// Writes `bytes` to `target` through a flushed temporary file in `tmp_dir` (same file
/// system) and an atomic rename. The caller flushes `target`'s directory.
pub fn write_durably(tmp_dir: &Path, target: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let tmp_path = tmp_dir.join(format!("{}.part", uuid::Uuid::new_v4()));
    let result = (|| {
        let mut file = File::create(&tmp_path)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        fs::rename(&tmp_path, target)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp_path);
    }
    result
}

/// Flushes a directory's entries (renames, creations) to disk.
pub fn sync_dir(dir: &Path) -> std::io::Result<()> {
    File::open(dir)?.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A minimal JPEG header: SOI, an APP0 segment, then an SOF0 frame header.
    fn header(width: u16, height: u16, frame_marker: u8) -> Vec<u8> {
        let mut v = vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x06, b'J', b'F', b'I', b'F'];
        v.extend_from_slice(&[0xFF, frame_marker, 0x00, 0x0B, 8]);
        v.extend_from_slice(&height.to_be_bytes());
        v.extend_from_slice(&width.to_be_bytes());
        v.extend_from_slice(&[1, 1, 0x11, 0]);
        v.extend_from_slice(&[0xFF, 0xD9]);
        v
    }

    #[test]
    fn frame_header_gives_dimensions() {
        assert_eq!(
            jpeg_dimensions(&header(640, 480, 0xC0)).unwrap(),
            JpegInfo {
                width: 640,
                height: 480
            }
        );
        // Progressive frames count too; DHT (C4) is not a frame.
        assert_eq!(jpeg_dimensions(&header(300, 400, 0xC2)).unwrap().width, 300);
        assert_eq!(
            jpeg_dimensions(&header(300, 400, 0xC4)),
            Err(PhotoError::NotJpeg)
        );
    }

    #[test]
    fn non_jpeg_and_truncated_input_are_refused() {
        assert_eq!(
            jpeg_dimensions(b"\x89PNG\r\n\x1a\n"),
            Err(PhotoError::NotJpeg)
        );
        assert_eq!(jpeg_dimensions(&[]), Err(PhotoError::NotJpeg));
        let full = header(640, 480, 0xC0);
        for cut in 0..full.len() - 2 {
            assert!(jpeg_dimensions(&full[..cut]).is_err(), "cut at {cut}");
        }
    }

    #[test]
    fn limits_are_applied() {
        assert_eq!(check_photo(&[], 10), Err(PhotoError::Missing));
        assert_eq!(
            check_photo(&header(640, 480, 0xC0), 10),
            Err(PhotoError::TooLarge { max_bytes: 10 })
        );
        let small = check_photo(&header(199, 480, 0xC0), 1 << 20).unwrap_err();
        assert_eq!(small.code(), "photo_too_small");
        let big = check_photo(&header(8001, 480, 0xC0), 1 << 20).unwrap_err();
        assert_eq!(big.code(), "photo_dimensions_too_large");
        assert!(check_photo(&header(200, 8000, 0xC0), 1 << 20).is_ok());
    }

    /// `header` with an application segment inserted after SOI.
    fn with_segment(marker: u8, payload: &[u8], width: u16, height: u16) -> Vec<u8> {
        let plain = header(width, height, 0xC0);
        let mut v = plain[..2].to_vec();
        v.extend_from_slice(&[0xFF, marker]);
        v.extend_from_slice(&((payload.len() + 2) as u16).to_be_bytes());
        v.extend_from_slice(payload);
        v.extend_from_slice(&plain[2..]);
        v
    }

    #[test]
    fn metadata_segments_are_refused_and_others_pass() {
        let exif = with_segment(0xE1, b"Exif\0\0MM\0*\0\0\0\x08", 640, 480);
        assert_eq!(
            check_photo(&exif, 1 << 20),
            Err(PhotoError::HasMetadata("EXIF"))
        );
        assert_eq!(
            check_photo(&exif, 1 << 20).unwrap_err().code(),
            "photo_has_metadata"
        );
        let xmp = with_segment(0xE1, b"http://ns.adobe.com/xap/1.0/\0<x/>", 640, 480);
        assert_eq!(
            check_photo(&xmp, 1 << 20),
            Err(PhotoError::HasMetadata("XMP"))
        );
        let iptc = with_segment(0xED, b"Photoshop 3.0\0", 640, 480);
        assert_eq!(
            check_photo(&iptc, 1 << 20),
            Err(PhotoError::HasMetadata("IPTC"))
        );
        // A comment or an ICC profile is not refused; the dimensions still read.
        let comment = with_segment(0xFE, b"tag", 640, 480);
        assert_eq!(check_photo(&comment, 1 << 20).unwrap().width, 640);
        let icc = with_segment(0xE2, b"ICC_PROFILE\0", 640, 480);
        assert!(check_photo(&icc, 1 << 20).is_ok());
        // EXIF placed after the frame header is found too.
        let plain = header(640, 480, 0xC0);
        let mut late = plain[..plain.len() - 2].to_vec();
        late.extend_from_slice(&[0xFF, 0xE1, 0x00, 0x08]);
        late.extend_from_slice(b"Exif\0\0");
        late.extend_from_slice(&[0xFF, 0xD9]);
        assert_eq!(
            check_photo(&late, 1 << 20),
            Err(PhotoError::HasMetadata("EXIF"))
        );
    }

    #[test]
    fn photos_are_stored_by_hash_once() {
        let dir = tempfile::tempdir().unwrap();
        let store = PhotoStore::open(dir.path()).unwrap();
        let bytes = header(640, 480, 0xC0);
        let hash = sha256_hex(&bytes);
        let paths = store.put_all(&[(&hash, &bytes), (&hash, &bytes)]).unwrap();
        assert_eq!(paths[0], paths[1]);
        assert_eq!(fs::read(&paths[0]).unwrap(), bytes);
        assert_eq!(fs::read_dir(dir.path().join(".tmp")).unwrap().count(), 0);
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
