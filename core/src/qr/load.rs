//! Turning photo bytes (JPEG or PNG) into an upright grey image: size limits checked before
//! decoding, EXIF orientation applied, and for JPEG only the luma plane decoded. A large
//! photo stored turned is reduced before it is turned upright: the first search strategies
//! only look at the reduced copy, and the full image is turned only if they fail.

use super::pyramid::{upright, Pyramid};
use image::metadata::Orientation;
use image::{DynamicImage, GrayImage, ImageDecoder, ImageReader};
use std::io::Cursor;
use zune_core::bytestream::ZCursor;
use zune_core::colorspace::ColorSpace;
use zune_core::options::DecoderOptions;

/// Photos larger than this (in pixels) are refused before any pixel is decoded.
pub const MAX_PIXELS: u64 = 50_000_000;

/// Why the bytes could not be turned into an image.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LoadError {
    #[error("the file is not a JPEG or PNG image")]
    UnknownFormat,
    #[error("the image is {megapixels} megapixels, more than the 50 allowed")]
    TooLarge { megapixels: u64 },
    #[error("the image is damaged and cannot be read")]
    Damaged,
}

fn check_size(width: u32, height: u32) -> Result<(), LoadError> {
    let pixels = u64::from(width) * u64::from(height);
    if pixels > MAX_PIXELS {
        return Err(LoadError::TooLarge {
            megapixels: pixels.div_ceil(1_000_000),
        });
    }
    if pixels == 0 {
        return Err(LoadError::Damaged);
    }
    Ok(())
}

/// Decodes `bytes` (JPEG or PNG) to an upright grey image: the size is checked from the
/// header before any pixel is decoded, and the EXIF orientation is applied.
pub fn load_gray(bytes: &[u8]) -> Result<GrayImage, LoadError> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        load_jpeg_luma(bytes)
    } else {
        load_any(bytes)
    }
}

/// Decodes only a JPEG's luma plane (no chroma upsampling, no colour conversion): the
/// cheapest way to a grey image, and all a QR decoder needs.
fn load_jpeg_luma(bytes: &[u8]) -> Result<GrayImage, LoadError> {
    let (stored, orientation) = decode_jpeg_luma(bytes)?;
    Ok(upright(stored, orientation))
}

/// A JPEG's luma plane as stored, and the EXIF orientation that turns it upright.
fn decode_jpeg_luma(bytes: &[u8]) -> Result<(GrayImage, Orientation), LoadError> {
    let options = DecoderOptions::default()
        .jpeg_set_out_colorspace(ColorSpace::Luma)
        .set_max_width(usize::from(u16::MAX))
        .set_max_height(usize::from(u16::MAX));
    let mut decoder = zune_jpeg::JpegDecoder::new_with_options(ZCursor::new(bytes), options);
    decoder.decode_headers().map_err(|_| LoadError::Damaged)?;
    let info = decoder.info().ok_or(LoadError::Damaged)?;
    let (width, height) = (u32::from(info.width), u32::from(info.height));
    check_size(width, height)?;
    let pixels = decoder.decode().map_err(|_| LoadError::Damaged)?;
    let orientation = decoder
        .exif()
        .and_then(|chunk| Orientation::from_exif_chunk(chunk))
        .unwrap_or(Orientation::NoTransforms);
    let luma = GrayImage::from_raw(width, height, pixels).ok_or(LoadError::Damaged)?;
    Ok((luma, orientation))
}

/// Decodes `bytes` for the QR search: like [`load_gray`], except that a large JPEG stored
/// turned (EXIF orientation) is reduced to half before being turned upright, and turned at
/// full resolution only when a strategy needs the detail.
pub(crate) fn load_pyramid(bytes: &[u8]) -> Result<Pyramid<'static>, LoadError> {
    if !bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Ok(Pyramid::from_owned(load_any(bytes)?));
    }
    let (stored, orientation) = decode_jpeg_luma(bytes)?;
    Ok(Pyramid::from_stored(stored, orientation))
}

fn load_any(bytes: &[u8]) -> Result<GrayImage, LoadError> {
    let reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|_| LoadError::UnknownFormat)?;
    if reader.format().is_none() {
        return Err(LoadError::UnknownFormat);
    }
    let mut decoder = reader.into_decoder().map_err(|_| LoadError::Damaged)?;
    let (width, height) = decoder.dimensions();
    check_size(width, height)?;
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let image = DynamicImage::from_decoder(decoder).map_err(|_| LoadError::Damaged)?;
    Ok(upright(image.into_luma8(), orientation))
}

#[cfg(test)]
mod tests {
    use super::super::pyramid::{halve, HALF_FROM};
    use super::*;

    #[test]
    fn huge_images_are_refused_from_the_header() {
        // A real 16 × 16 JPEG whose frame header is made to claim 10000 × 6000 pixels:
        // refused before decoding (decoding would fail on the missing data anyway).
        let mut jpeg = Vec::new();
        GrayImage::from_pixel(16, 16, image::Luma([128]))
            .write_to(&mut Cursor::new(&mut jpeg), image::ImageFormat::Jpeg)
            .unwrap();
        let sof = jpeg.windows(2).position(|w| w == [0xFF, 0xC0]).unwrap();
        jpeg[sof + 5..sof + 9].copy_from_slice(&[0x17, 0x70, 0x27, 0x10]);
        assert_eq!(
            load_gray(&jpeg).err(),
            Some(LoadError::TooLarge { megapixels: 60 })
        );
    }

    #[test]
    fn every_exif_orientation_matches_the_image_crate() {
        let image = GrayImage::from_fn(5, 3, |x, y| image::Luma([(y * 5 + x) as u8]));
        for exif in 1..=8 {
            let orientation = Orientation::from_exif(exif).unwrap();
            let mut expected = DynamicImage::ImageLuma8(image.clone());
            expected.apply_orientation(orientation);
            assert_eq!(
                upright(image.clone(), orientation),
                expected.into_luma8(),
                "{exif}"
            );
        }
    }

    /// A minimal APP1 segment: EXIF, big-endian TIFF, one IFD entry (0x0112 Orientation).
    fn exif_orientation_segment(orientation: u16) -> Vec<u8> {
        let mut tiff = vec![b'M', b'M', 0, 42, 0, 0, 0, 8, 0, 1];
        tiff.extend_from_slice(&[0x01, 0x12, 0, 3, 0, 0, 0, 1]);
        tiff.extend_from_slice(&orientation.to_be_bytes());
        tiff.extend_from_slice(&[0, 0, 0, 0, 0, 0]);
        let mut segment = vec![0xFF, 0xE1];
        segment.extend_from_slice(&((2 + 6 + tiff.len()) as u16).to_be_bytes());
        segment.extend_from_slice(b"Exif\0\0");
        segment.extend_from_slice(&tiff);
        segment
    }

    #[test]
    fn a_large_turned_jpeg_is_reduced_before_being_turned_upright() {
        // 3200 × 48, grey rising to the right, stored turned (EXIF 6: turn 90° clockwise).
        let image = GrayImage::from_fn(HALF_FROM, 48, |x, y| image::Luma([(x / 16 + y) as u8]));
        let mut jpeg = Vec::new();
        image
            .write_to(&mut Cursor::new(&mut jpeg), image::ImageFormat::Jpeg)
            .unwrap();
        jpeg.splice(2..2, exif_orientation_segment(6));
        let full = load_gray(&jpeg).unwrap();
        assert_eq!(full.dimensions(), (48, HALF_FROM));

        let mut pyramid = load_pyramid(&jpeg).unwrap();
        assert_eq!(pyramid.long_side(), HALF_FROM);
        assert_eq!(pyramid.half(), Some(&halve(&full)));
        assert!(!pyramid.full_is_upright());
        assert_eq!(pyramid.full_size(), (48, HALF_FROM));
        // A crop is cut from the stored pixels and turned alone: the same as cut upright.
        let rect = (5, 1000, 30, 700);
        let expected = image::imageops::crop_imm(&full, 5, 1000, 30, 700).to_image();
        assert_eq!(pyramid.crop_full(rect), expected);
        assert!(!pyramid.full_is_upright());
        assert_eq!(pyramid.full(), &full);
    }

    #[test]
    fn garbage_is_not_an_image() {
        assert_eq!(load_gray(b"hello").err(), Some(LoadError::UnknownFormat));
        assert_eq!(
            load_gray(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0]).err(),
            Some(LoadError::Damaged)
        );
    }

    #[test]
    fn png_is_read_at_full_size() {
        let mut png = Vec::new();
        let image = GrayImage::from_fn(30, 20, |x, _| image::Luma([x as u8 * 8]));
        image
            .write_to(&mut Cursor::new(&mut png), image::ImageFormat::Png)
            .unwrap();
        let loaded = load_gray(&png).unwrap();
        assert_eq!(loaded.dimensions(), (30, 20));
        assert_eq!(loaded.get_pixel(3, 0).0[0], 24);
    }
}
