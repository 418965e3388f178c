//! The pictures the tests take: a synthetic ID card (front and back) drawn here, carrying the
//! EXIF block of a public sample so that its removal can be checked, and the card as a
//! YUV4MPEG2 video for Chromium's fake camera.

use crate::E2eError;
use image::{Rgb, RgbImage};
use std::io::Write;
use std::path::Path;
use vssid_testkit::jpeg::exif_segment;

/// Which side of the card.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CardSide {
    Front,
    Back,
}

/// The card's size in pixels (ID-1 proportions, 85.6 × 54 mm).
pub const CARD_WIDTH: u32 = 1284;
pub const CARD_HEIGHT: u32 = 810;

fn fill(img: &mut RgbImage, x: u32, y: u32, w: u32, h: u32, colour: [u8; 3]) {
    for yy in y..(y + h).min(img.height()) {
        for xx in x..(x + w).min(img.width()) {
            img.put_pixel(xx, yy, Rgb(colour));
        }
    }
}

/// The card drawn on a darker table, with some texture so it compresses like a photo.
pub fn card_image(side: CardSide) -> RgbImage {
    let (w, h) = (CARD_WIDTH + 160, CARD_HEIGHT + 160);
    let mut img = RgbImage::from_fn(w, h, |x, y| {
        let grain = ((x.wrapping_mul(7919) ^ y.wrapping_mul(104_729)) % 23) as u8;
        Rgb([70 + grain, 60 + grain, 52 + grain])
    });
    let (cx, cy) = (80, 80);
    fill(&mut img, cx, cy, CARD_WIDTH, CARD_HEIGHT, [233, 241, 251]);
    match side {
        CardSide::Front => {
            fill(&mut img, cx, cy, CARD_WIDTH, 110, [190, 30, 45]);
            fill(&mut img, cx + 60, cy + 200, 300, 400, [138, 164, 196]);
            for (i, width) in [700u32, 640, 560, 680, 500].iter().enumerate() {
                fill(
                    &mut img,
                    cx + 420,
                    cy + 200 + i as u32 * 80,
                    *width,
                    36,
                    [60, 80, 110],
                );
            }
        }
        CardSide::Back => {
            fill(&mut img, cx + 60, cy + 60, 240, 240, [20, 20, 20]);
            for (i, width) in [760u32, 700, 720].iter().enumerate() {
                fill(
                    &mut img,
                    cx + 360,
                    cy + 80 + i as u32 * 70,
                    *width,
                    30,
                    [60, 80, 110],
                );
            }
            for i in 0..3u32 {
                fill(&mut img, cx + 60, cy + 520 + i * 70, 1160, 34, [40, 40, 40]);
            }
        }
    }
    img
}

/// The card as a JPEG; with `exif_from`, the EXIF block of that JPEG is copied in.
pub fn card_jpeg(side: CardSide, exif_from: Option<&[u8]>) -> Result<Vec<u8>, E2eError> {
    let mut out = std::io::Cursor::new(Vec::new());
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 88)
        .encode_image(&card_image(side))?;
    let jpeg = out.into_inner();
    Ok(match exif_from.and_then(exif_segment) {
        Some(segment) => {
            let mut with = Vec::with_capacity(jpeg.len() + segment.len());
            with.extend_from_slice(&jpeg[..2]);
            with.extend_from_slice(segment);
            with.extend_from_slice(&jpeg[2..]);
            with
        }
        None => jpeg,
    })
}

/// Writes `frames` frames of `picture` as a YUV4MPEG2 video (4:2:0, 30 fps), the format
/// Chromium's `--use-file-for-fake-video-capture` reads. Width and height must be even.
pub fn write_y4m(path: &Path, picture: &RgbImage, frames: u32) -> Result<(), E2eError> {
    let (w, h) = (picture.width() & !1, picture.height() & !1);
    let mut out = std::io::BufWriter::new(std::fs::File::create(path)?);
    writeln!(out, "YUV4MPEG2 W{w} H{h} F30:1 Ip A1:1 C420jpeg")?;
    let mut luma = Vec::with_capacity((w * h) as usize);
    let mut cb = Vec::with_capacity((w * h / 4) as usize);
    let mut cr = Vec::with_capacity((w * h / 4) as usize);
    for y in 0..h {
        for x in 0..w {
            let [r, g, b] = picture.get_pixel(x, y).0.map(f32::from);
            luma.push(
                (0.299 * r + 0.587 * g + 0.114 * b)
                    .round()
                    .clamp(0.0, 255.0) as u8,
            );
        }
    }
    for y in (0..h).step_by(2) {
        for x in (0..w).step_by(2) {
            let [r, g, b] = picture.get_pixel(x, y).0.map(f32::from);
            cb.push(
                (128.0 - 0.168_736 * r - 0.331_264 * g + 0.5 * b)
                    .round()
                    .clamp(0.0, 255.0) as u8,
            );
            cr.push(
                (128.0 + 0.5 * r - 0.418_688 * g - 0.081_312 * b)
                    .round()
                    .clamp(0.0, 255.0) as u8,
            );
        }
    }
    for _ in 0..frames {
        out.write_all(b"FRAME\n")?;
        out.write_all(&luma)?;
        out.write_all(&cb)?;
        out.write_all(&cr)?;
    }
    out.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_card_carries_the_sample_exif_only_when_asked() {
        let sample = std::fs::read(crate::testdata_dir().join("exif/Landscape_3.jpg"))
            .expect("public EXIF sample");
        let segment = exif_segment(&sample).expect("the sample has EXIF");
        let with = card_jpeg(CardSide::Front, Some(&sample)).expect("card");
        assert_eq!(exif_segment(&with), Some(segment));
        let decoded = image::load_from_memory(&with).expect("still a JPEG");
        assert_eq!(decoded.width(), CARD_WIDTH + 160);
        assert!(exif_segment(&card_jpeg(CardSide::Back, None).expect("card")).is_none());
    }

    #[test]
    fn the_video_has_a_header_and_whole_frames() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("card.y4m");
        let picture = RgbImage::from_pixel(6, 4, Rgb([255, 255, 255]));
        write_y4m(&path, &picture, 3).expect("video");
        let bytes = std::fs::read(&path).expect("read");
        let header = b"YUV4MPEG2 W6 H4 F30:1 Ip A1:1 C420jpeg\n";
        assert!(bytes.starts_with(header));
        let frame = b"FRAME\n".len() + 6 * 4 + 2 * (3 * 2);
        assert_eq!(bytes.len(), header.len() + 3 * frame);
        assert_eq!(bytes[header.len() + 6], 255, "white has full luma");
    }
}
