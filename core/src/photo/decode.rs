//! Recognising the input format and decoding it within limits.
//!
//! The header is read first (size, orientation) and the declared size is checked against the
//! pixel limit before any pixel buffer exists, so a small file that declares a huge picture
//! is refused at once. JPEGs far larger than the output are decoded at 1/2, 1/4 or 1/8 scale
//! (the IDCT computes fewer samples), which saves most of the time and memory of decoding.

use super::orientation::Orientation;
use super::raster::RgbImage;
use super::{InputFormat, PhotoError, PhotoLimits};
use std::io::{BufRead, Read, Seek, SeekFrom};

/// Where a picture is read from: its bytes in memory (`Cursor`) or a file as it is read
/// (`BufReader<File>`), so that a large file need not be held whole while it is decoded.
pub trait PhotoSource: BufRead + Seek {}
impl<R: BufRead + Seek> PhotoSource for R {}

fn io_error(error: std::io::Error) -> PhotoError {
    if error.kind() == std::io::ErrorKind::UnexpectedEof {
        PhotoError::Truncated
    } else {
        PhotoError::Processing {
            detail: error.to_string(),
        }
    }
}

/// The JPEG decoder reads its input a byte at a time (`read_exact` of one byte); this keeps
/// that as cheap from a file as from memory: one copy of a chunk, then single bytes served
/// from it without a call each.
struct ByteReader<R> {
    inner: R,
    /// The bytes read from `inner` and not yet handed out start at `at`; its length is how
    /// many the last read gave.
    chunk: Vec<u8>,
    at: usize,
}

/// How much a [`ByteReader`] reads from its source at once.
const CHUNK_BYTES: usize = 64 * 1024;

impl<R: Read> ByteReader<R> {
    fn new(inner: R) -> ByteReader<R> {
        ByteReader {
            inner,
            chunk: Vec::with_capacity(CHUNK_BYTES),
            at: 0,
        }
    }

    #[cold]
    #[inline(never)]
    fn read_slow(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        if self.at >= self.chunk.len() {
            if out.len() >= CHUNK_BYTES {
                return self.inner.read(out);
            }
            self.chunk.resize(CHUNK_BYTES, 0);
            let n = self.inner.read(&mut self.chunk);
            self.chunk.truncate(*n.as_ref().unwrap_or(&0));
            self.at = 0;
            n?;
        }
        let available = &self.chunk[self.at..];
        let n = out.len().min(available.len());
        out[..n].copy_from_slice(&available[..n]);
        self.at += n;
        Ok(n)
    }

    #[cold]
    #[inline(never)]
    fn read_exact_slow(&mut self, out: &mut [u8]) -> std::io::Result<()> {
        let mut rest = out;
        while !rest.is_empty() {
            match self.read_slow(rest) {
                Ok(0) => return Err(std::io::ErrorKind::UnexpectedEof.into()),
                Ok(n) => rest = &mut rest[n..],
                Err(error) if error.kind() == std::io::ErrorKind::Interrupted => {}
                Err(error) => return Err(error),
            }
        }
        Ok(())
    }
}

impl<R: Read> Read for ByteReader<R> {
    #[inline]
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        self.read_slow(out)
    }

    #[inline(always)]
    fn read_exact(&mut self, out: &mut [u8]) -> std::io::Result<()> {
        if let ([byte], Some(&next)) = (&mut *out, self.chunk.get(self.at)) {
            *byte = next;
            self.at += 1;
            return Ok(());
        }
        self.read_exact_slow(out)
    }
}

/// The first bytes of the source (up to 16, fewer for a shorter one), then back to its start.
fn first_bytes(source: &mut dyn PhotoSource) -> Result<Vec<u8>, PhotoError> {
    let mut start = Vec::with_capacity(16);
    Read::take(&mut *source, 16)
        .read_to_end(&mut start)
        .map_err(io_error)?;
    rewind(source)?;
    Ok(start)
}

fn rewind(source: &mut dyn PhotoSource) -> Result<(), PhotoError> {
    source
        .seek(SeekFrom::Start(0))
        .map(|_| ())
        .map_err(io_error)
}

/// What the header says about the picture.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Header {
    pub format: InputFormat,
    /// Stored width (before orientation).
    pub width: u32,
    /// Stored height (before orientation).
    pub height: u32,
    pub orientation: Orientation,
}

/// Decoded pixels, possibly at reduced scale.
pub(crate) struct Decoded {
    pub image: RgbImage,
    /// 1 for a full-size decode, 2, 4 or 8 for a DCT-scaled one.
    pub scale_denominator: u8,
}

/// Recognises the format from the first bytes; formats that are recognised but not
/// accepted are named in the error.
pub(crate) fn sniff(bytes: &[u8]) -> Result<InputFormat, PhotoError> {
    let unsupported = |format| Err(PhotoError::UnsupportedFormat { format });
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Ok(InputFormat::Jpeg);
    }
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Ok(InputFormat::Png);
    }
    if bytes.len() >= 12 && &bytes[0..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        return Ok(InputFormat::Webp);
    }
    if bytes.len() >= 12 && &bytes[4..8] == b"ftyp" {
        return match &bytes[8..12] {
            b"heic" | b"heix" | b"heim" | b"heis" | b"hevc" | b"hevx" | b"mif1" | b"msf1" => {
                unsupported("HEIC")
            }
            b"avif" | b"avis" => unsupported("AVIF"),
            b"qt  " => unsupported("QuickTime video"),
            _ => unsupported("MP4/ISO media"),
        };
    }
    if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        return unsupported("GIF");
    }
    if bytes.starts_with(b"BM") {
        return unsupported("BMP");
    }
    if bytes.starts_with(b"II*\0") || bytes.starts_with(b"MM\0*") {
        return unsupported("TIFF");
    }
    if bytes.starts_with(b"%PDF") {
        return unsupported("PDF");
    }
    if bytes.starts_with(&[0xFF, 0x0A]) || bytes.starts_with(b"\0\0\0\x0cJXL ") {
        return unsupported("JPEG XL");
    }
    if bytes.starts_with(&[0xFF, 0xD8]) {
        // A JPEG start-of-image marker followed by something that is not a marker.
        return Err(PhotoError::Corrupt {
            detail: "no marker after the JPEG start of image".into(),
        });
    }
    unsupported("unknown")
}

fn check_pixels(width: u32, height: u32, limits: &PhotoLimits) -> Result<(), PhotoError> {
    if width == 0 || height == 0 {
        return Err(PhotoError::NoPixels);
    }
    if u64::from(width) * u64::from(height) > limits.max_pixels {
        return Err(PhotoError::TooManyPixels {
            width,
            height,
            max_pixels: limits.max_pixels,
        });
    }
    Ok(())
}

fn jpeg_error(error: jpeg_decoder::Error) -> PhotoError {
    match error {
        jpeg_decoder::Error::Io(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => {
            PhotoError::Truncated
        }
        jpeg_decoder::Error::Unsupported(feature) => PhotoError::Corrupt {
            detail: format!("unsupported JPEG feature: {feature:?}"),
        },
        other => PhotoError::Corrupt {
            detail: other.to_string(),
        },
    }
}

fn png_error(error: png::DecodingError) -> PhotoError {
    match error {
        png::DecodingError::IoError(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => {
            PhotoError::Truncated
        }
        png::DecodingError::LimitsExceeded => PhotoError::Processing {
            detail: "PNG decoding memory limit exceeded".into(),
        },
        other => PhotoError::Corrupt {
            detail: other.to_string(),
        },
    }
}

fn webp_error(error: image_webp::DecodingError) -> PhotoError {
    match error {
        image_webp::DecodingError::IoError(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => {
            PhotoError::Truncated
        }
        other => PhotoError::Corrupt {
            detail: other.to_string(),
        },
    }
}

/// Reads the format, the stored size and the orientation, and checks the size against the
/// limits; allocates nothing in proportion to the declared size.
pub(crate) fn read_header(
    source: &mut dyn PhotoSource,
    limits: &PhotoLimits,
) -> Result<Header, PhotoError> {
    let format = sniff(&first_bytes(source)?)?;
    let (width, height, orientation) = match format {
        InputFormat::Jpeg => {
            let mut decoder = jpeg_decoder::Decoder::new(ByteReader::new(&mut *source));
            decoder.read_info().map_err(jpeg_error)?;
            let info = decoder.info().ok_or(PhotoError::Truncated)?;
            let orientation = decoder
                .exif_data()
                .map_or(Orientation::Normal, Orientation::from_exif);
            (u32::from(info.width), u32::from(info.height), orientation)
        }
        InputFormat::Png => {
            let decoder = png::Decoder::new(&mut *source);
            let reader = decoder.read_info().map_err(png_error)?;
            let info = reader.info();
            let orientation = info
                .exif_metadata
                .as_deref()
                .map_or(Orientation::Normal, Orientation::from_exif);
            (info.width, info.height, orientation)
        }
        InputFormat::Webp => {
            let mut decoder = image_webp::WebPDecoder::new(&mut *source).map_err(webp_error)?;
            let (width, height) = decoder.dimensions();
            let orientation = decoder
                .exif_metadata()
                .ok()
                .flatten()
                .map_or(Orientation::Normal, |exif| Orientation::from_exif(&exif));
            (width, height, orientation)
        }
    };
    check_pixels(width, height, limits)?;
    rewind(source)?;
    Ok(Header {
        format,
        width,
        height,
        orientation,
    })
}

/// Decodes the pixels of a picture whose header passed [`read_header`]. For a JPEG, the
/// smallest DCT scale whose result is still at least `target_width`×`target_height` is used.
pub(crate) fn decode_pixels(
    source: &mut dyn PhotoSource,
    header: &Header,
    target_width: u32,
    target_height: u32,
) -> Result<Decoded, PhotoError> {
    match header.format {
        InputFormat::Jpeg => decode_jpeg(source, header, target_width, target_height),
        InputFormat::Png => decode_png(source),
        InputFormat::Webp => decode_webp(source),
    }
}

fn decode_jpeg(
    source: &mut dyn PhotoSource,
    header: &Header,
    target_width: u32,
    target_height: u32,
) -> Result<Decoded, PhotoError> {
    let mut decoder = jpeg_decoder::Decoder::new(ByteReader::new(source));
    let clamp = |v: u32| v.clamp(1, u32::from(u16::MAX)) as u16;
    let (width, height) = decoder
        .scale(clamp(target_width), clamp(target_height))
        .map_err(jpeg_error)?;
    let (width, height) = (u32::from(width), u32::from(height));
    let scale_denominator = (header.width / width.max(1)).clamp(1, 8) as u8;
    let raw = decoder.decode().map_err(jpeg_error)?;
    let info = decoder.info().ok_or(PhotoError::Truncated)?;
    let pixels = match info.pixel_format {
        jpeg_decoder::PixelFormat::RGB24 => raw,
        jpeg_decoder::PixelFormat::L8 => raw.iter().flat_map(|&l| [l, l, l]).collect(),
        jpeg_decoder::PixelFormat::L16 => {
            // 9–16-bit grey, native-endian samples; the precision is not exposed, so the
            // largest sample tells how far to shift.
            let samples: Vec<u16> = raw
                .chunks_exact(2)
                .map(|v| u16::from_ne_bytes([v[0], v[1]]))
                .collect();
            let max = samples.iter().copied().max().unwrap_or(0);
            let shift = (16 - max.leading_zeros()).saturating_sub(8);
            samples
                .iter()
                .flat_map(|&v| {
                    let l = (v >> shift) as u8;
                    [l, l, l]
                })
                .collect()
        }
        jpeg_decoder::PixelFormat::CMYK32 => raw
            .chunks_exact(4)
            .flat_map(|p| {
                let k = u16::from(p[3]);
                let channel = |c: u8| ((u16::from(c) * k + 127) / 255) as u8;
                [channel(p[0]), channel(p[1]), channel(p[2])]
            })
            .collect(),
    };
    if pixels.len() != width as usize * height as usize * 3 {
        return Err(PhotoError::Corrupt {
            detail: "decoded JPEG has an unexpected size".into(),
        });
    }
    Ok(Decoded {
        image: RgbImage {
            width,
            height,
            pixels,
        },
        scale_denominator,
    })
}

/// Composites a pixel with straight alpha over white (screenshots with transparency).
fn over_white(value: u8, alpha: u8) -> u8 {
    let (v, a) = (u32::from(value), u32::from(alpha));
    ((v * a + 255 * (255 - a) + 127) / 255) as u8
}

fn decode_png(source: &mut dyn PhotoSource) -> Result<Decoded, PhotoError> {
    let mut decoder = png::Decoder::new(source);
    decoder.set_transformations(png::Transformations::normalize_to_color8());
    let mut reader = decoder.read_info().map_err(png_error)?;
    let size = reader.output_buffer_size().ok_or(PhotoError::Processing {
        detail: "PNG output size overflows".into(),
    })?;
    let mut buffer = vec![0u8; size];
    let frame = reader.next_frame(&mut buffer).map_err(png_error)?;
    buffer.truncate(frame.buffer_size());
    let pixels: Vec<u8> = match frame.color_type {
        png::ColorType::Rgb => buffer,
        png::ColorType::Rgba => buffer
            .chunks_exact(4)
            .flat_map(|p| {
                [
                    over_white(p[0], p[3]),
                    over_white(p[1], p[3]),
                    over_white(p[2], p[3]),
                ]
            })
            .collect(),
        png::ColorType::Grayscale => buffer.iter().flat_map(|&l| [l, l, l]).collect(),
        png::ColorType::GrayscaleAlpha => buffer
            .chunks_exact(2)
            .flat_map(|p| {
                let l = over_white(p[0], p[1]);
                [l, l, l]
            })
            .collect(),
        png::ColorType::Indexed => {
            return Err(PhotoError::Corrupt {
                detail: "indexed PNG was not expanded".into(),
            })
        }
    };
    Ok(Decoded {
        image: RgbImage {
            width: frame.width,
            height: frame.height,
            pixels,
        },
        scale_denominator: 1,
    })
}

fn decode_webp(source: &mut dyn PhotoSource) -> Result<Decoded, PhotoError> {
    let mut decoder = image_webp::WebPDecoder::new(source).map_err(webp_error)?;
    let (width, height) = decoder.dimensions();
    let size = decoder.output_buffer_size().ok_or(PhotoError::Processing {
        detail: "WebP output size overflows".into(),
    })?;
    let mut buffer = vec![0u8; size];
    decoder.read_image(&mut buffer).map_err(webp_error)?;
    let pixels = if decoder.has_alpha() {
        buffer
            .chunks_exact(4)
            .flat_map(|p| {
                [
                    over_white(p[0], p[3]),
                    over_white(p[1], p[3]),
                    over_white(p[2], p[3]),
                ]
            })
            .collect()
    } else {
        buffer
    };
    Ok(Decoded {
        image: RgbImage {
            width,
            height,
            pixels,
        },
        scale_denominator: 1,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_are_recognised_and_refused_ones_are_named() {
        assert_eq!(sniff(&[0xFF, 0xD8, 0xFF, 0xE0]), Ok(InputFormat::Jpeg));
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n...."), Ok(InputFormat::Png));
        assert_eq!(sniff(b"RIFF\0\0\0\0WEBPVP8 "), Ok(InputFormat::Webp));
        let named = |bytes: &[u8]| match sniff(bytes) {
            Err(PhotoError::UnsupportedFormat { format }) => format,
            other => panic!("unexpected {other:?}"),
        };
        assert_eq!(named(b"\0\0\0\x18ftypheic\0\0\0\0"), "HEIC");
        assert_eq!(named(b"\0\0\0\x18ftypmif1\0\0\0\0"), "HEIC");
        assert_eq!(named(b"\0\0\0\x1cftypavif\0\0\0\0"), "AVIF");
        assert_eq!(named(b"GIF89a......"), "GIF");
        assert_eq!(named(b"%PDF-1.7"), "PDF");
        assert_eq!(named(b"hello world!"), "unknown");
    }

    #[test]
    fn alpha_is_composited_over_white() {
        assert_eq!(over_white(0, 0), 255);
        assert_eq!(over_white(0, 255), 0);
        assert_eq!(over_white(100, 255), 100);
        assert_eq!(over_white(0, 128), 127);
    }
}
