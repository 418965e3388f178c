//! Photos at the edges: where staged and processed pictures are kept ([`PhotoStore`], the
//! app's private storage, never a shared gallery: files in the app's data folder, IndexedDB
//! on the web) and how a raw picture becomes the one sent ([`PhotoProcessor`]). Photos belong
//! to the one draft: they are deleted with it (after sending, "Xóa bản nháp", or 30 days after
//! its last save).
//!
//! The app uses `slow_work::PipelineProcessor` (the full pipeline of `vssid_core::photo`,
//! [`run_pipeline`], off the interface's thread); [`PassthroughProcessor`] only checks that
//! the file is a picture and reads its size (tests with synthetic pictures). The in-app camera
//! is a dialog of the photos screen (`components::camera`).

use super::{BoxFuture, StoreError};
use base64::Engine;
use std::cell::RefCell;
use std::collections::HashMap;
use vssid_core::fields::FieldError;
use vssid_core::flow::PhotoSlot;

/// A stored picture's bytes, shared without a copy between the store, the processing and
/// the preview: a raw photo can weigh 25 MB, and the web page's memory never shrinks.
pub type PhotoBytes = std::sync::Arc<Vec<u8>>;

/// Private storage of pictures by key.
pub trait PhotoStore {
    /// Keeps `bytes` under `key` (the store takes them over, without a copy where it keeps
    /// them in memory).
    fn put(&self, key: &str, bytes: Vec<u8>) -> Result<(), StoreError>;
    fn get(&self, key: &str) -> Option<PhotoBytes>;
    fn delete(&self, key: &str);
    /// The keys of every stored picture, sorted.
    fn keys(&self) -> Vec<String>;
    /// Deletes every stored picture.
    fn clear(&self) {
        for key in self.keys() {
            self.delete(&key);
        }
    }
}

/// A picture ready to be sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProcessedPhoto {
    pub bytes: Vec<u8>,
    pub width: u32,
    pub height: u32,
    pub warnings: Vec<FieldError>,
}

/// Turns a raw picture into the one sent, or says why it cannot be used.
pub trait PhotoProcessor {
    fn process(&self, slot: PhotoSlot, raw: &[u8]) -> Result<ProcessedPhoto, FieldError>;

    /// The same, without holding up the interface while it runs. By default the work is
    /// done at once (quick processors, test fakes); a slow one runs it elsewhere.
    fn process_later(
        &self,
        slot: PhotoSlot,
        raw: PhotoBytes,
    ) -> BoxFuture<Result<ProcessedPhoto, FieldError>> {
        let result = self.process(slot, &raw);
        Box::pin(std::future::ready(result))
    }

    /// Prepares what the processing needs before a photo is chosen (the web starts its
    /// worker). Nothing by default.
    fn get_ready(&self) {}
}

/// Keeps the picture as it is after checking that it is one and reading its size.
pub struct PassthroughProcessor;

impl PhotoProcessor for PassthroughProcessor {
    fn process(&self, _slot: PhotoSlot, raw: &[u8]) -> Result<ProcessedPhoto, FieldError> {
        let info = sniff(raw).ok_or_else(not_a_picture)?;
        let (width, height) = info.size.ok_or_else(not_a_picture)?;
        Ok(ProcessedPhoto {
            bytes: raw.to_vec(),
            width,
            height,
            warnings: Vec::new(),
        })
    }
}

fn not_a_picture() -> FieldError {
    crate::i18n::Text::PhotoUnreadable.error("photo_unreadable")
}

/// What the first bytes of a file say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PictureInfo {
    pub mime: &'static str,
    /// Width and height, when the header holds them.
    pub size: Option<(u32, u32)>,
}

/// Recognises JPEG, PNG, GIF, WebP and SVG from their first bytes.
pub fn sniff(bytes: &[u8]) -> Option<PictureInfo> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        let size = (bytes.len() >= 24 && &bytes[12..16] == b"IHDR")
            .then(|| (be32(&bytes[16..20]), be32(&bytes[20..24])));
        return Some(PictureInfo {
            mime: "image/png",
            size,
        });
    }
    if bytes.starts_with(b"\xff\xd8") {
        return Some(PictureInfo {
            mime: "image/jpeg",
            size: jpeg_size(bytes),
        });
    }
    if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        let size = (bytes.len() >= 10).then(|| {
            (
                u32::from(u16::from_le_bytes([bytes[6], bytes[7]])),
                u32::from(u16::from_le_bytes([bytes[8], bytes[9]])),
            )
        });
        return Some(PictureInfo {
            mime: "image/gif",
            size,
        });
    }
    if bytes.len() >= 16 && &bytes[0..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        return Some(PictureInfo {
            mime: "image/webp",
            size: webp_size(bytes),
        });
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(256)]).to_string();
    if head.trim_start().starts_with("<svg") {
        return Some(PictureInfo {
            mime: "image/svg+xml",
            size: None,
        });
    }
    None
}

fn be32(b: &[u8]) -> u32 {
    u32::from_be_bytes([b[0], b[1], b[2], b[3]])
}

fn be16(b: &[u8]) -> u32 {
    u32::from(u16::from_be_bytes([b[0], b[1]]))
}

fn jpeg_size(bytes: &[u8]) -> Option<(u32, u32)> {
    let mut i = 2;
    while i + 4 <= bytes.len() {
        if bytes[i] != 0xff {
            return None;
        }
        let marker = bytes[i + 1];
        if marker == 0xff {
            i += 1;
            continue;
        }
        if marker == 0xd8 || marker == 0x01 || (0xd0..=0xd7).contains(&marker) {
            i += 2;
            continue;
        }
        let length = be16(&bytes[i + 2..i + 4]) as usize;
        let is_frame = matches!(marker, 0xc0..=0xcf) && !matches!(marker, 0xc4 | 0xc8 | 0xcc);
        if is_frame {
            if i + 9 > bytes.len() {
                return None;
            }
            let height = be16(&bytes[i + 5..i + 7]);
            let width = be16(&bytes[i + 7..i + 9]);
            return (width > 0 && height > 0).then_some((width, height));
        }
        if length < 2 {
            return None;
        }
        i += 2 + length;
    }
    None
}

fn webp_size(bytes: &[u8]) -> Option<(u32, u32)> {
    let chunk = &bytes[12..16];
    let le24 = |b: &[u8]| u32::from(b[0]) | u32::from(b[1]) << 8 | u32::from(b[2]) << 16;
    match chunk {
        b"VP8X" if bytes.len() >= 30 => Some((le24(&bytes[24..27]) + 1, le24(&bytes[27..30]) + 1)),
        b"VP8 " if bytes.len() >= 30 => Some((
            u32::from(u16::from_le_bytes([bytes[26], bytes[27]]) & 0x3fff),
            u32::from(u16::from_le_bytes([bytes[28], bytes[29]]) & 0x3fff),
        )),
        b"VP8L" if bytes.len() >= 25 => {
            let b = &bytes[21..25];
            let bits = u32::from_le_bytes([b[0], b[1], b[2], b[3]]);
            Some(((bits & 0x3fff) + 1, ((bits >> 14) & 0x3fff) + 1))
        }
        _ => None,
    }
}

/// A `data:` URL of a picture, for previews.
pub fn data_url(bytes: &[u8]) -> String {
    let mime = sniff(bytes).map_or("application/octet-stream", |i| i.mime);
    format!(
        "data:{mime};base64,{}",
        base64::engine::general_purpose::STANDARD.encode(bytes)
    )
}

/// Pictures in memory only.
#[derive(Default)]
pub struct MemoryPhotoStore {
    items: RefCell<HashMap<String, PhotoBytes>>,
}

impl PhotoStore for MemoryPhotoStore {
    fn put(&self, key: &str, bytes: Vec<u8>) -> Result<(), StoreError> {
        self.items
            .borrow_mut()
            .insert(key.into(), PhotoBytes::new(bytes));
        Ok(())
    }
    fn get(&self, key: &str) -> Option<PhotoBytes> {
        self.items.borrow().get(key).cloned()
    }
    fn delete(&self, key: &str) {
        self.items.borrow_mut().remove(key);
    }
    fn keys(&self) -> Vec<String> {
        let mut keys: Vec<_> = self.items.borrow().keys().cloned().collect();
        keys.sort();
        keys
    }
    fn clear(&self) {
        self.items.borrow_mut().clear();
    }
}

/// Keeps only characters safe in a file name or storage key (files natively; the web build's
/// IndexedDB takes any key).
#[cfg_attr(target_arch = "wasm32", allow(dead_code))]
pub(crate) fn safe_key(key: &str) -> String {
    key.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// Pictures as files in the app's private data folder.
#[cfg(not(target_arch = "wasm32"))]
pub struct FilePhotoStore {
    dir: std::path::PathBuf,
}

#[cfg(not(target_arch = "wasm32"))]
impl FilePhotoStore {
    pub fn new(dir: impl Into<std::path::PathBuf>) -> Self {
        FilePhotoStore { dir: dir.into() }
    }
    fn path(&self, key: &str) -> std::path::PathBuf {
        self.dir.join(format!("{}.img", safe_key(key)))
    }
}

#[cfg(not(target_arch = "wasm32"))]
impl PhotoStore for FilePhotoStore {
    fn put(&self, key: &str, bytes: Vec<u8>) -> Result<(), StoreError> {
        let write = || -> std::io::Result<()> {
            std::fs::create_dir_all(&self.dir)?;
            let temp = self.dir.join(format!("{}.tmp", safe_key(key)));
            std::fs::write(&temp, &bytes)?;
            std::fs::rename(&temp, self.path(key))
        };
        write().map_err(|e| StoreError::Write(e.to_string()))
    }
    fn get(&self, key: &str) -> Option<PhotoBytes> {
        std::fs::read(self.path(key)).ok().map(PhotoBytes::new)
    }
    fn delete(&self, key: &str) {
        let _ = std::fs::remove_file(self.path(key));
    }
    /// The stored file names without `.img` (keys are stored as [`safe_key`]s, which the
    /// app's keys already are).
    fn keys(&self) -> Vec<String> {
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return Vec::new();
        };
        let mut keys: Vec<String> = entries
            .flatten()
            .filter_map(|entry| {
                let name = entry.file_name().to_string_lossy().into_owned();
                name.strip_suffix(".img").map(str::to_string)
            })
            .collect();
        keys.sort();
        keys
    }
    /// Also removes what an interrupted write left (`.tmp`).
    fn clear(&self) {
        if let Ok(entries) = std::fs::read_dir(&self.dir) {
            for entry in entries.flatten() {
                let name = entry.file_name().to_string_lossy().into_owned();
                if name.ends_with(".img") || name.ends_with(".tmp") {
                    let _ = std::fs::remove_file(entry.path());
                }
            }
        }
    }
}

/// The real pipeline of `vssid_core::photo` on one raw picture, as the app keeps its answer:
/// limits, EXIF orientation, metadata stripped, scaled to 1600 px, JPEG within 500 KB,
/// quality warnings (too dark, blurry, card too small). It takes from a fraction of a second
/// to a few seconds on a phone: the app runs it off the interface's thread
/// (`slow_work::PipelineProcessor`).
pub(crate) fn run_pipeline(slot: PhotoSlot, raw: &[u8]) -> Result<ProcessedPhoto, FieldError> {
    use vssid_core::photo::{process_photo, PhotoKind, PhotoLimits};
    let kind = match slot {
        PhotoSlot::Portrait => PhotoKind::Portrait,
        PhotoSlot::IdFront => PhotoKind::IdFront,
        PhotoSlot::IdBack => PhotoKind::IdBack,
    };
    let processed = process_photo(raw, kind, &PhotoLimits::default(), &mut |_| {})
        .map_err(|error| FieldError::from_localized(&error))?;
    Ok(ProcessedPhoto {
        bytes: processed.jpeg,
        width: processed.report.output_width,
        height: processed.report.output_height,
        warnings: processed
            .report
            .warnings
            .iter()
            .map(|warning| FieldError::from_localized(warning))
            .collect(),
    })
}

/// The card's facts from the QR code on a photo of an ID card, or why none were read.
pub(crate) fn read_card(bytes: &[u8]) -> Result<vssid_core::qr::CardFacts, FieldError> {
    let directory = vssid_core::directory::Directory::global();
    vssid_core::qr::CardFacts::from_photo(bytes, directory)
        .map_err(|error| FieldError::from_localized(&error))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A minimal PNG header of the given size (enough for sniffing).
    fn png(width: u32, height: u32) -> Vec<u8> {
        let mut b = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        b.extend(width.to_be_bytes());
        b.extend(height.to_be_bytes());
        b.extend([8, 2, 0, 0, 0]);
        b
    }

    #[test]
    fn sniffs_sizes_of_common_formats() {
        assert_eq!(sniff(&png(640, 480)).unwrap().size, Some((640, 480)));
        // JPEG: SOI, APP0 (length 4), SOF0 with 300 x 200.
        let jpeg = [
            0xff, 0xd8, 0xff, 0xe0, 0x00, 0x04, 0x00, 0x00, 0xff, 0xc0, 0x00, 0x11, 0x08, 0x00,
            0xc8, 0x01, 0x2c, 0x03,
        ];
        let info = sniff(&jpeg).unwrap();
        assert_eq!(info.mime, "image/jpeg");
        assert_eq!(info.size, Some((300, 200)));
        let gif = b"GIF89a\x0a\x00\x14\x00";
        assert_eq!(sniff(gif).unwrap().size, Some((10, 20)));
        assert_eq!(sniff(b"hello world"), None);
        assert_eq!(
            sniff(b"\xff\xd8\x00"),
            Some(PictureInfo {
                mime: "image/jpeg",
                size: None
            })
        );
    }

    #[test]
    fn passthrough_refuses_what_is_not_a_picture() {
        let p = PassthroughProcessor;
        let ok = p.process(PhotoSlot::Portrait, &png(3, 4)).unwrap();
        assert_eq!((ok.width, ok.height), (3, 4));
        let err = p.process(PhotoSlot::IdFront, b"%PDF-1.7").unwrap_err();
        assert_eq!(err.code, "photo_unreadable");
        assert!(data_url(&png(1, 1)).starts_with("data:image/png;base64,iVBORw0KGgo"));
    }

    #[test]
    fn file_store_keeps_keys_inside_its_folder() {
        let dir = tempfile::tempdir().unwrap();
        let store = FilePhotoStore::new(dir.path());
        store.put("../escape", b"abc".to_vec()).unwrap();
        assert_eq!(store.get("../escape").unwrap().as_slice(), b"abc");
        assert!(dir.path().join("___escape.img").exists());
        store.delete("../escape");
        assert_eq!(store.get("../escape"), None);
    }

    /// Finding 10 of issue 14: photos are deleted with their draft, all of them.
    #[test]
    fn finding_10_file_store_lists_and_clears_every_photo() {
        let dir = tempfile::tempdir().unwrap();
        let store = FilePhotoStore::new(dir.path());
        assert!(store.keys().is_empty());
        store.put("photo-b", b"b".to_vec()).unwrap();
        store.put("staged-a", b"a".to_vec()).unwrap();
        std::fs::write(dir.path().join("staged-c.tmp"), b"half").unwrap();
        assert_eq!(store.keys(), ["photo-b", "staged-a"]);
        store.clear();
        assert!(store.keys().is_empty());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);

        let memory = MemoryPhotoStore::default();
        memory.put("x", b"x".to_vec()).unwrap();
        memory.clear();
        assert!(memory.keys().is_empty());
    }

    #[test]
    fn a_picture_in_memory_is_kept_and_read_without_a_copy() {
        let memory = MemoryPhotoStore::default();
        let picture = vec![7u8; 1 << 20];
        let address = picture.as_ptr();
        memory.put("staged-1", picture).unwrap();
        let (first, second) = (
            memory.get("staged-1").unwrap(),
            memory.get("staged-1").unwrap(),
        );
        assert_eq!(
            first.as_ptr(),
            address,
            "the store keeps the bytes it was given"
        );
        assert!(PhotoBytes::ptr_eq(&first, &second), "each read shares them");
        assert_eq!(first.len(), 1 << 20);
    }
}
