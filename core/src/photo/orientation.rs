//! EXIF orientation: reading the tag and turning a picture upright.

use super::raster::RgbImage;
use serde::{Deserialize, Serialize};

/// The eight EXIF orientations: how the stored pixels must be transformed to be upright.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum Orientation {
    /// 1: already upright.
    #[default]
    Normal,
    /// 2: mirror horizontally.
    MirrorHorizontal,
    /// 3: rotate 180°.
    Rotate180,
    /// 4: mirror vertically.
    MirrorVertical,
    /// 5: transpose (swap the x and y axes).
    Transpose,
    /// 6: rotate 90° clockwise.
    Rotate90Clockwise,
    /// 7: transverse (mirror horizontally, then rotate 90° clockwise).
    Transverse,
    /// 8: rotate 90° counter-clockwise.
    Rotate90CounterClockwise,
}

impl Orientation {
    /// The orientation for an EXIF value; 0 and values outside 1–8 are treated as 1.
    pub fn from_exif_value(value: u32) -> Orientation {
        match value {
            2 => Orientation::MirrorHorizontal,
            3 => Orientation::Rotate180,
            4 => Orientation::MirrorVertical,
            5 => Orientation::Transpose,
            6 => Orientation::Rotate90Clockwise,
            7 => Orientation::Transverse,
            8 => Orientation::Rotate90CounterClockwise,
            _ => Orientation::Normal,
        }
    }

    /// The EXIF value, 1–8.
    pub fn exif_value(self) -> u16 {
        match self {
            Orientation::Normal => 1,
            Orientation::MirrorHorizontal => 2,
            Orientation::Rotate180 => 3,
            Orientation::MirrorVertical => 4,
            Orientation::Transpose => 5,
            Orientation::Rotate90Clockwise => 6,
            Orientation::Transverse => 7,
            Orientation::Rotate90CounterClockwise => 8,
        }
    }

    /// Reads the orientation of the primary image from EXIF data that starts at the TIFF
    /// header (an `Exif\0\0` prefix is skipped); absent or unreadable data gives `Normal`.
    pub fn from_exif(data: &[u8]) -> Orientation {
        let tiff = data.strip_prefix(b"Exif\0\0").unwrap_or(data);
        let Ok(exif) = exif::Reader::new().read_raw(tiff.to_vec()) else {
            return Orientation::Normal;
        };
        exif.get_field(exif::Tag::Orientation, exif::In::PRIMARY)
            .and_then(|field| field.value.get_uint(0))
            .map_or(Orientation::Normal, Orientation::from_exif_value)
    }

    /// Whether the transform swaps width and height.
    pub fn swaps_axes(self) -> bool {
        matches!(
            self,
            Orientation::Transpose
                | Orientation::Rotate90Clockwise
                | Orientation::Transverse
                | Orientation::Rotate90CounterClockwise
        )
    }

    /// The upright size of a picture stored as `width`×`height`.
    pub fn upright_size(self, width: u32, height: u32) -> (u32, u32) {
        if self.swaps_axes() {
            (height, width)
        } else {
            (width, height)
        }
    }

    /// Turns `image` upright.
    pub(crate) fn apply(self, image: RgbImage) -> RgbImage {
        if self == Orientation::Normal {
            return image;
        }
        let (sw, sh) = (image.width as usize, image.height as usize);
        let (uw, uh) = self.upright_size(image.width, image.height);
        let (uw_us, uh_us) = (uw as usize, uh as usize);
        let mut out = vec![0u8; image.pixels.len()];
        for uy in 0..uh_us {
            let row = &mut out[uy * uw_us * 3..(uy + 1) * uw_us * 3];
            for (ux, pixel) in row.chunks_exact_mut(3).enumerate() {
                // Where the upright pixel (ux, uy) is stored.
                let (sx, sy) = match self {
                    Orientation::Normal => (ux, uy),
                    Orientation::MirrorHorizontal => (sw - 1 - ux, uy),
                    Orientation::Rotate180 => (sw - 1 - ux, sh - 1 - uy),
                    Orientation::MirrorVertical => (ux, sh - 1 - uy),
                    Orientation::Transpose => (uy, ux),
                    Orientation::Rotate90Clockwise => (uy, sh - 1 - ux),
                    Orientation::Transverse => (sw - 1 - uy, sh - 1 - ux),
                    Orientation::Rotate90CounterClockwise => (sw - 1 - uy, ux),
                };
                let at = (sy * sw + sx) * 3;
                pixel.copy_from_slice(&image.pixels[at..at + 3]);
            }
        }
        RgbImage {
            width: uw,
            height: uh,
            pixels: out,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 3×2 picture whose red channel numbers the pixels 0..6 in reading order.
    fn numbered() -> RgbImage {
        RgbImage {
            width: 3,
            height: 2,
            pixels: (0..6u8).flat_map(|i| [i, 0, 0]).collect(),
        }
    }

    fn reds(image: &RgbImage) -> Vec<u8> {
        image.pixels.chunks_exact(3).map(|p| p[0]).collect()
    }

    #[test]
    fn each_orientation_moves_pixels_as_exif_defines() {
        // Stored:  0 1 2
        //          3 4 5
        let cases: [(u32, (u32, u32), [u8; 6]); 8] = [
            (1, (3, 2), [0, 1, 2, 3, 4, 5]),
            (2, (3, 2), [2, 1, 0, 5, 4, 3]),
            (3, (3, 2), [5, 4, 3, 2, 1, 0]),
            (4, (3, 2), [3, 4, 5, 0, 1, 2]),
            (5, (2, 3), [0, 3, 1, 4, 2, 5]),
            (6, (2, 3), [3, 0, 4, 1, 5, 2]),
            (7, (2, 3), [5, 2, 4, 1, 3, 0]),
            (8, (2, 3), [2, 5, 1, 4, 0, 3]),
        ];
        for (value, size, expected) in cases {
            let upright = Orientation::from_exif_value(value).apply(numbered());
            assert_eq!((upright.width, upright.height), size, "orientation {value}");
            assert_eq!(reds(&upright), expected, "orientation {value}");
        }
    }

    #[test]
    fn invalid_values_are_normal_and_values_round_trip() {
        for value in [0, 9, 255, 65535] {
            assert_eq!(Orientation::from_exif_value(value), Orientation::Normal);
        }
        for value in 1..=8 {
            assert_eq!(
                u32::from(Orientation::from_exif_value(value).exif_value()),
                value
            );
        }
        assert_eq!(Orientation::from_exif(b"not exif"), Orientation::Normal);
    }
}
