//! Photos: checking that a part is one complete, well-formed JPEG of acceptable size (a walk
//! over its markers and scan data, no decoding), and storing it durably as a file named by its
//! SHA-256.

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
    /// The JPEG carries an application segment other than the JFIF header, or a comment:
    /// EXIF, XMP, IPTC (which may hold a GPS position, the camera, the owner's name), an ICC
    /// profile, … ; the app's photo pipeline never sends one.
    #[error("the photo carries {0} metadata")]
    HasMetadata(&'static str),
    /// The JPEG is not well formed (cut short, a marker out of place, a segment a photo does
    /// not need).
    #[error("the photo is not a well-formed JPEG: {0}")]
    Malformed(&'static str),
    /// Bytes follow the end of the image.
    #[error("{bytes} bytes follow the end of the image")]
    TrailingData { bytes: usize },
}

impl Localized for PhotoError {
    fn code(&self) -> &'static str {
        match self {
            PhotoError::Missing => "required",
            PhotoError::TooLarge { .. } => "photo_too_large",
            PhotoError::NotJpeg => "photo_not_jpeg",
            PhotoError::HasMetadata(_) => "photo_has_metadata",
            PhotoError::Malformed(_) | PhotoError::TrailingData { .. } => "photo_malformed",
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
            (PhotoError::Malformed(_) | PhotoError::TrailingData { .. }, Lang::Vi) => {
                "Tệp ảnh bị hỏng hoặc có dữ liệu thừa; vui lòng chụp hoặc chọn lại ảnh".into()
            }
            (PhotoError::Malformed(_) | PhotoError::TrailingData { .. }, Lang::En) => {
                "The photo file is damaged or carries extra data; please take or choose it again"
                    .into()
            }
            (PhotoError::BadDimensions { .. }, Lang::Vi) => format!(
                "Kích thước ảnh phải từ {MIN_PHOTO_DIMENSION} đến {MAX_PHOTO_DIMENSION} điểm ảnh mỗi chiều"
            ),
            (PhotoError::BadDimensions { .. }, Lang::En) => format!(
                "Each side of the photo must be {MIN_PHOTO_DIMENSION} to {MAX_PHOTO_DIMENSION} pixels"
            ),
        }
    }
}

/// What the JPEG frame header says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JpegInfo {
    pub width: u32,
    pub height: u32,
}

/// The width and height of a well-formed JPEG ([`check_structure`]).
pub fn jpeg_dimensions(bytes: &[u8]) -> Result<JpegInfo, PhotoError> {
    check_structure(bytes)
}

/// Checks that `bytes` is one complete, well-formed baseline or progressive JPEG without
/// metadata ([`vssid_core::photo::structure::check_jpeg_structure`]: every marker and scan
/// walked, nothing after EOI, no application segment but a JFIF header, no comment); returns
/// the frame's dimensions.
pub fn check_structure(bytes: &[u8]) -> Result<JpegInfo, PhotoError> {
    use vssid_core::photo::structure::{check_jpeg_structure, JpegStructureError};
    match check_jpeg_structure(bytes) {
        Ok(frame) => Ok(JpegInfo {
            width: frame.width,
            height: frame.height,
        }),
        Err(JpegStructureError::NotJpeg) => Err(PhotoError::NotJpeg),
        Err(JpegStructureError::Metadata(kind)) => Err(PhotoError::HasMetadata(kind)),
        Err(JpegStructureError::Malformed(what)) => Err(PhotoError::Malformed(what)),
        Err(JpegStructureError::TrailingData { bytes }) => Err(PhotoError::TrailingData { bytes }),
    }
}

/// Checks a photo part: a complete, well-formed JPEG ([`check_structure`]: no metadata, no
/// comment, nothing after the image) within the byte and pixel limits.
pub fn check_photo(bytes: &[u8], max_bytes: usize) -> Result<JpegInfo, PhotoError> {
    if bytes.is_empty() {
        return Err(PhotoError::Missing);
    }
    if bytes.len() > max_bytes {
        return Err(PhotoError::TooLarge { max_bytes });
    }
    let info = check_structure(bytes)?;
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

/// Where the photo files are kept, by SHA-256: a directory on the machine
/// ([`PhotoDirectory`], the default), or the database (`photo_files`, implemented by the
/// stores; always so with PostgreSQL, where several instances share no disk). Erasure deletes
/// from whichever holds them.
pub trait PhotoStore: Send + Sync {
    /// Stores photos durably (a photo already stored is kept as it is).
    fn put_all(&self, photos: &[(&str, &[u8])]) -> std::io::Result<()>;
    /// The bytes of the photo with this hash.
    fn read(&self, sha256: &str) -> std::io::Result<Vec<u8>>;
    /// Deletes the photo with this hash (nothing when it is not there).
    fn remove(&self, sha256: &str) -> std::io::Result<()>;
    /// Every stored photo: its hash and when it was stored.
    fn list(&self) -> std::io::Result<Vec<(String, std::time::SystemTime)>>;
}

impl PhotoStore for PhotoDirectory {
    fn put_all(&self, photos: &[(&str, &[u8])]) -> std::io::Result<()> {
        PhotoDirectory::put_all(self, photos).map(|_| ())
    }
    fn read(&self, sha256: &str) -> std::io::Result<Vec<u8>> {
        fs::read(self.path_of(sha256))
    }
    fn remove(&self, sha256: &str) -> std::io::Result<()> {
        PhotoDirectory::remove(self, sha256)
    }
    fn list(&self) -> std::io::Result<Vec<(String, std::time::SystemTime)>> {
        PhotoDirectory::list(self)
    }
}

/// Photos stored as `<dir>/<sha256>.jpg`; equal photos share one file.
#[derive(Debug, Clone)]
pub struct PhotoDirectory {
    dir: PathBuf,
    tmp: PathBuf,
}

impl PhotoDirectory {
    /// Opens (and creates, `0700`) the photo directory; deletes the temporary files a stop in
    /// the middle of a write left behind.
    pub fn open(dir: &Path) -> std::io::Result<PhotoDirectory> {
        let tmp = dir.join(".tmp");
        crate::files::create_private_dir(&tmp)?;
        let left = crate::files::clean_temporary(&tmp)?;
        if left > 0 {
            tracing::info!(count = left, "unfinished photo files deleted at start");
        }
        Ok(PhotoDirectory {
            dir: dir.to_path_buf(),
            tmp,
        })
    }

    /// Deletes the photo with this hash (nothing when it is not there).
    pub fn remove(&self, sha256: &str) -> std::io::Result<()> {
        match fs::remove_file(self.path_of(sha256)) {
            Err(error) if error.kind() != std::io::ErrorKind::NotFound => Err(error),
            _ => Ok(()),
        }
    }

    /// Every stored photo: its hash and when its file was last written.
    pub fn list(&self) -> std::io::Result<Vec<(String, std::time::SystemTime)>> {
        let mut photos = Vec::new();
        for entry in fs::read_dir(&self.dir)? {
            let entry = entry?;
            let name = entry.file_name().to_string_lossy().into_owned();
            let Some(hash) = name.strip_suffix(".jpg") else {
                continue;
            };
            let modified = entry.metadata()?.modified()?;
            photos.push((hash.to_string(), modified));
        }
        Ok(photos)
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
        let mut file = crate::files::private_file_options().open(&tmp_path)?;
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

    /// A minimal well-formed JPEG: SOI, APP0 JFIF, a frame header, one scan with a few bytes
    /// of data (a stuffed byte and a restart marker among them), EOI.
    fn header(width: u16, height: u16, frame_marker: u8) -> Vec<u8> {
        let mut v = vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10];
        v.extend_from_slice(b"JFIF\0\x01\x01\x00\x00\x01\x00\x01\x00\x00");
        v.extend_from_slice(&[0xFF, frame_marker, 0x00, 0x0B, 8]);
        v.extend_from_slice(&height.to_be_bytes());
        v.extend_from_slice(&width.to_be_bytes());
        v.extend_from_slice(&[1, 1, 0x11, 0]);
        v.extend_from_slice(&[0xFF, 0xDA, 0x00, 0x08, 1, 1, 0x00, 0, 63, 0]);
        v.extend_from_slice(&[0x12, 0x34, 0xFF, 0x00, 0x56, 0xFF, 0xD0, 0x78]);
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
        assert!(jpeg_dimensions(&header(300, 400, 0xC4)).is_err());
    }

    #[test]
    fn non_jpeg_and_truncated_input_are_refused() {
        assert_eq!(
            jpeg_dimensions(b"\x89PNG\r\n\x1a\n"),
            Err(PhotoError::NotJpeg)
        );
        assert_eq!(jpeg_dimensions(&[]), Err(PhotoError::NotJpeg));
        let full = header(640, 480, 0xC0);
        for cut in 0..full.len() {
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

    /// `header` with a segment inserted after SOI.
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
    fn metadata_and_comment_segments_are_refused() {
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
        let comment = with_segment(0xFE, b"tag", 640, 480);
        assert_eq!(
            check_photo(&comment, 1 << 20),
            Err(PhotoError::HasMetadata("COM"))
        );
        let icc = with_segment(0xE2, b"ICC_PROFILE\0", 640, 480);
        assert_eq!(
            check_photo(&icc, 1 << 20),
            Err(PhotoError::HasMetadata("ICC"))
        );
        let other_app0 = with_segment(0xE0, b"JFXX\0\x10", 640, 480);
        assert_eq!(
            check_photo(&other_app0, 1 << 20),
            Err(PhotoError::HasMetadata("APP0"))
        );
        // EXIF placed after the frame header is found too.
        let plain = header(640, 480, 0xC0);
        let sos = plain.windows(2).position(|w| w == [0xFF, 0xDA]).unwrap();
        let mut late = plain[..sos].to_vec();
        late.extend_from_slice(&[0xFF, 0xE1, 0x00, 0x08]);
        late.extend_from_slice(b"Exif\0\0");
        late.extend_from_slice(&plain[sos..]);
        assert_eq!(
            check_photo(&late, 1 << 20),
            Err(PhotoError::HasMetadata("EXIF"))
        );
    }

    #[test]
    fn anything_after_the_end_of_image_or_out_of_place_is_refused() {
        let plain = header(640, 480, 0xC0);
        let mut padded = plain.clone();
        padded.extend_from_slice(&[0u8; 4096]);
        assert_eq!(
            check_photo(&padded, 1 << 20),
            Err(PhotoError::TrailingData { bytes: 4096 })
        );
        assert_eq!(
            check_photo(&padded, 1 << 20).unwrap_err().code(),
            "photo_malformed"
        );
        let mut twice = plain.clone();
        twice.extend_from_slice(&plain);
        assert!(matches!(
            check_photo(&twice, 1 << 20),
            Err(PhotoError::TrailingData { .. })
        ));
        // A bare marker inside the scan data (not stuffed, not a restart).
        let eoi = plain.len() - 2;
        let mut bad_scan = plain[..eoi - 1].to_vec();
        bad_scan.extend_from_slice(&[0xFF, 0x01, 0x00]);
        bad_scan.extend_from_slice(&plain[eoi..]);
        assert!(check_photo(&bad_scan, 1 << 20).is_err());
        // No scan at all.
        let sos = plain.windows(2).position(|w| w == [0xFF, 0xDA]).unwrap();
        let mut no_scan = plain[..sos].to_vec();
        no_scan.extend_from_slice(&[0xFF, 0xD9]);
        assert_eq!(
            check_photo(&no_scan, 1 << 20),
            Err(PhotoError::Malformed("no image data"))
        );
        // A second frame header, an arithmetic-coded frame, a segment past the end.
        let again = with_segment(0xC0, &plain[24..33], 640, 480);
        assert!(check_photo(&again, 1 << 20).is_err());
        let mut arithmetic = plain.clone();
        arithmetic[21] = 0xC9;
        assert!(check_photo(&arithmetic, 1 << 20).is_err());
        let mut long = plain.clone();
        long[4] = 0xFF;
        assert_eq!(
            check_photo(&long, 1 << 20),
            Err(PhotoError::Malformed("a segment longer than the file"))
        );
    }

    #[test]
    fn photos_are_stored_by_hash_once() {
        let dir = tempfile::tempdir().unwrap();
        let store = PhotoDirectory::open(dir.path()).unwrap();
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
