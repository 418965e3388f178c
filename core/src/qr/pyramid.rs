//! The pixels the QR search looks at: the upright grey image at full resolution and, for
//! large photos, a copy at half resolution that reduced views are cut from. A large photo
//! stored turned (EXIF orientation) is kept as stored: the whole of it is turned upright only
//! when a strategy needs its detail, and a crop around a located code is cut from the stored
//! pixels and turned alone.

use image::metadata::Orientation;
use image::GrayImage;

/// Long side from which views that need no more than half the resolution are cut from a
/// copy reduced once.
pub const HALF_FROM: u32 = 3200;

/// A rectangle `(x, y, width, height)` in pixels.
pub type Rect = (u32, u32, u32, u32);

/// See the module's documentation.
pub struct Pyramid<'a> {
    long_side: u32,
    half: Option<GrayImage>,
    full: FullImage<'a>,
}

enum FullImage<'a> {
    Borrowed(&'a GrayImage),
    Owned(GrayImage),
    /// As stored, with the orientation that turns it upright.
    Turned(GrayImage, Orientation),
}

impl<'a> Pyramid<'a> {
    /// From a full-resolution image; large ones get a half copy by 2 × 2 averaging.
    pub fn from_full(image: &'a GrayImage) -> Pyramid<'a> {
        Pyramid {
            long_side: image.width().max(image.height()),
            half: halved_if_large(image),
            full: FullImage::Borrowed(image),
        }
    }

    /// Like [`Pyramid::from_full`], owning the image.
    pub fn from_owned(image: GrayImage) -> Pyramid<'a> {
        Pyramid {
            long_side: image.width().max(image.height()),
            half: halved_if_large(&image),
            full: FullImage::Owned(image),
        }
    }

    /// From an image as stored and the orientation that turns it upright. Large images are
    /// halved first and only the half copy is turned now.
    pub fn from_stored(stored: GrayImage, orientation: Orientation) -> Pyramid<'a> {
        let long_side = stored.width().max(stored.height());
        if orientation == Orientation::NoTransforms || long_side < HALF_FROM {
            return Pyramid::from_owned(upright(stored, orientation));
        }
        Pyramid {
            long_side,
            half: Some(upright(halve(&stored), orientation)),
            full: FullImage::Turned(stored, orientation),
        }
    }

    /// The long side of the full image.
    pub fn long_side(&self) -> u32 {
        self.long_side
    }

    /// The half-resolution copy, if the image is large enough to have one.
    #[cfg(test)]
    pub fn half(&self) -> Option<&GrayImage> {
        self.half.as_ref()
    }

    /// Whether the full image is upright already (it is turned the first time it is needed).
    #[cfg(test)]
    pub fn full_is_upright(&self) -> bool {
        !matches!(self.full, FullImage::Turned(..))
    }

    /// The full image, turned upright now if it was stored turned.
    pub fn full(&mut self) -> &GrayImage {
        if let FullImage::Turned(stored, orientation) = &mut self.full {
            let image = upright(std::mem::take(stored), *orientation);
            self.full = FullImage::Owned(image);
        }
        match &self.full {
            FullImage::Borrowed(image) => image,
            FullImage::Owned(image) => image,
            FullImage::Turned(..) => unreachable!("turned upright above"),
        }
    }

    /// The size of the full image, upright.
    pub fn full_size(&self) -> (u32, u32) {
        match &self.full {
            FullImage::Borrowed(image) => image.dimensions(),
            FullImage::Owned(image) => image.dimensions(),
            FullImage::Turned(stored, orientation) => {
                let (w, h) = stored.dimensions();
                if swaps_sides(*orientation) {
                    (h, w)
                } else {
                    (w, h)
                }
            }
        }
    }

    /// `rect` (upright full-image pixels) cut out of the full image. An image stored turned
    /// stays so: the matching part of the stored pixels is cut and turned alone.
    pub fn crop_full(&self, (x, y, w, h): Rect) -> GrayImage {
        match &self.full {
            FullImage::Borrowed(image) => image::imageops::crop_imm(*image, x, y, w, h).to_image(),
            FullImage::Owned(image) => image::imageops::crop_imm(image, x, y, w, h).to_image(),
            FullImage::Turned(stored, orientation) => {
                let (sw, sh) = stored.dimensions();
                let a = stored_position(*orientation, (sw, sh), (x, y));
                let b = stored_position(*orientation, (sw, sh), (x + w - 1, y + h - 1));
                let (x0, y0) = (a.0.min(b.0), a.1.min(b.1));
                let (x1, y1) = (a.0.max(b.0), a.1.max(b.1));
                let part = image::imageops::crop_imm(stored, x0, y0, x1 - x0 + 1, y1 - y0 + 1);
                upright(part.to_image(), *orientation)
            }
        }
    }

    /// The image a view is cut from: the half copy when `half_suffices` says it holds
    /// enough pixels, else the full image.
    pub fn source(&mut self, half_suffices: impl FnOnce(&GrayImage) -> bool) -> &GrayImage {
        if self.half.as_ref().is_some_and(half_suffices) {
            self.half
                .as_ref()
                .unwrap_or_else(|| unreachable!("checked above"))
        } else {
            self.full()
        }
    }
}

fn halved_if_large(image: &GrayImage) -> Option<GrayImage> {
    (image.width().max(image.height()) >= HALF_FROM).then(|| halve(image))
}

fn swaps_sides(orientation: Orientation) -> bool {
    use Orientation::*;
    matches!(
        orientation,
        Rotate90 | Rotate270 | Rotate90FlipH | Rotate270FlipH
    )
}

/// The stored pixel (of a `w × h` stored image) shown at upright position `(x, y)`.
fn stored_position(orientation: Orientation, (w, h): (u32, u32), (x, y): (u32, u32)) -> (u32, u32) {
    use Orientation::*;
    match orientation {
        NoTransforms => (x, y),
        FlipHorizontal => (w - 1 - x, y),
        Rotate180 => (w - 1 - x, h - 1 - y),
        FlipVertical => (x, h - 1 - y),
        Rotate90 => (y, h - 1 - x),
        Rotate270 => (w - 1 - y, x),
        Rotate90FlipH => (y, x),
        Rotate270FlipH => (w - 1 - y, h - 1 - x),
    }
}

/// Halves both sides, each output pixel the mean of a 2 × 2 block (a last odd row or column
/// is dropped).
pub(crate) fn halve(image: &GrayImage) -> GrayImage {
    let (w, h) = (image.width() as usize, image.height() as usize);
    let (hw, hh) = (w / 2, h / 2);
    let src = image.as_raw();
    let mut out = vec![0u8; hw * hh];
    for (y, out_row) in out.chunks_exact_mut(hw.max(1)).enumerate().take(hh) {
        let top = &src[2 * y * w..2 * y * w + 2 * hw];
        let bottom = &src[(2 * y + 1) * w..(2 * y + 1) * w + 2 * hw];
        for ((pixel, t), b) in out_row
            .iter_mut()
            .zip(top.chunks_exact(2))
            .zip(bottom.chunks_exact(2))
        {
            let sum = u16::from(t[0]) + u16::from(t[1]) + u16::from(b[0]) + u16::from(b[1]);
            *pixel = ((sum + 2) / 4) as u8;
        }
    }
    GrayImage::from_raw(hw as u32, hh as u32, out).unwrap_or_default()
}

/// Turns `luma` upright according to its EXIF `orientation`. Written out (in tiles, for the
/// cache) rather than through `image`'s generic per-pixel rotation, which is several times
/// slower on a 12-megapixel photo.
pub(crate) fn upright(luma: GrayImage, orientation: Orientation) -> GrayImage {
    if orientation == Orientation::NoTransforms {
        return luma;
    }
    let (w, h) = (luma.width() as usize, luma.height() as usize);
    let (dw, dh) = if swaps_sides(orientation) {
        (h, w)
    } else {
        (w, h)
    };
    if dw == 0 || dh == 0 {
        return GrayImage::new(dw as u32, dh as u32);
    }
    // The source index shown at destination (x, y) is linear in x and y: `origin + x·step_x
    // + y·step_y`, one addition per pixel instead of an orientation match and the index
    // arithmetic (about 50 million instructions fewer to turn the half copy of a 12-MP photo).
    let index = |x: usize, y: usize| -> isize {
        let (sx, sy) = stored_position(orientation, (w as u32, h as u32), (x as u32, y as u32));
        (sy as usize * w + sx as usize) as isize
    };
    let origin = index(0, 0);
    let step_x = if dw > 1 { index(1, 0) - origin } else { 0 };
    let step_y = if dh > 1 { index(0, 1) - origin } else { 0 };
    let src = luma.as_raw();
    let mut out = vec![0u8; dw * dh];
    const TILE: usize = 64;
    for ty in (0..dh).step_by(TILE) {
        for tx in (0..dw).step_by(TILE) {
            let x_end = (tx + TILE).min(dw);
            for y in ty..(ty + TILE).min(dh) {
                let row = &mut out[y * dw + tx..y * dw + x_end];
                let mut at = origin + tx as isize * step_x + y as isize * step_y;
                for pixel in row {
                    *pixel = src[at as usize];
                    at += step_x;
                }
            }
        }
    }
    GrayImage::from_raw(dw as u32, dh as u32, out).unwrap_or_default()
}

/// A picture of white noise (xorshift), the same for the same size: for tests that compare
/// pixel arithmetic with a plain reference.
#[cfg(test)]
pub(crate) fn noise(width: u32, height: u32) -> GrayImage {
    let mut state = 0x2545_f491u32;
    GrayImage::from_fn(width, height, |_, _| {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        image::Luma([state as u8])
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn halving_averages_two_by_two_blocks() {
        let image = GrayImage::from_fn(5, 3, |x, y| image::Luma([(x * 10 + y * 100) as u8]));
        let half = halve(&image);
        assert_eq!(half.dimensions(), (2, 1));
        assert_eq!(half.as_raw(), &vec![55, 75]);
        assert_eq!(halve(&GrayImage::new(1, 1)).dimensions(), (0, 0));
        let noisy = noise(301, 77);
        let half = halve(&noisy);
        assert_eq!(half.dimensions(), (150, 38));
        for (x, y, pixel) in half.enumerate_pixels() {
            let sum: u32 = [(0, 0), (1, 0), (0, 1), (1, 1)]
                .iter()
                .map(|(dx, dy)| u32::from(noisy.get_pixel(2 * x + dx, 2 * y + dy).0[0]))
                .sum();
            assert_eq!(u32::from(pixel.0[0]), (sum + 2) / 4, "({x}, {y})");
        }
    }

    #[test]
    fn turning_matches_the_image_crate_for_every_orientation_and_thin_images() {
        for (w, h) in [(1, 1), (1, 7), (9, 1), (70, 131), (130, 66)] {
            let image = GrayImage::from_fn(w, h, |x, y| image::Luma([(x * 3 + y * 7) as u8]));
            for exif in 1..=8 {
                let orientation = Orientation::from_exif(exif).unwrap();
                let mut expected = image::DynamicImage::ImageLuma8(image.clone());
                expected.apply_orientation(orientation);
                assert_eq!(
                    upright(image.clone(), orientation),
                    expected.into_luma8(),
                    "{w}×{h} {exif}"
                );
            }
        }
        assert_eq!(
            upright(GrayImage::new(0, 5), Orientation::Rotate90).dimensions(),
            (5, 0)
        );
    }

    #[test]
    fn a_crop_of_a_turned_image_matches_the_crop_of_the_upright_image() {
        let stored = GrayImage::from_fn(HALF_FROM + 10, 40, |x, y| {
            image::Luma([(x.wrapping_mul(7) ^ y.wrapping_mul(13)) as u8])
        });
        for exif in 1..=8 {
            let orientation = Orientation::from_exif(exif).unwrap();
            let upright_image = upright(stored.clone(), orientation);
            let mut pyramid = Pyramid::from_stored(stored.clone(), orientation);
            assert_eq!(pyramid.full_size(), upright_image.dimensions(), "{exif}");
            let (w, h) = upright_image.dimensions();
            for rect in [(0, 0, w, h), (3, 5, w / 3, h / 2), (w - 7, h - 9, 7, 9)] {
                let expected =
                    image::imageops::crop_imm(&upright_image, rect.0, rect.1, rect.2, rect.3);
                assert_eq!(
                    pyramid.crop_full(rect),
                    expected.to_image(),
                    "{exif} {rect:?}"
                );
            }
            assert_eq!(pyramid.full_is_upright(), exif == 1, "{exif}");
            assert_eq!(pyramid.full(), &upright_image, "{exif}");
            assert!(pyramid.full_is_upright());
        }
    }
}
