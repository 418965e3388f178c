//! Joining a picture's top and bottom halves, encoded apart (side by side where there are
//! threads), into one baseline JPEG at a restart marker.
//!
//! A restart marker resets the decoder's DC predictions and starts on a byte boundary, so
//! the entropy-coded data after it does not depend on what came before. A top half of whole
//! MCU rows encoded on its own therefore gives exactly the bytes of the first restart
//! interval of the whole picture, and the bottom half encoded on its own those of the second:
//! the joined file is byte for byte the whole picture encoded with a restart interval of the
//! top half's MCUs. Both halves must come from the same encoder settings (quality, tables,
//! sampling), which the caller guarantees.

use super::PhotoError;

/// Height and width of one MCU: 4:2:0 chroma subsampling, as the encoder is set up.
pub(crate) const MCU_EDGE: u32 = 16;

/// How a picture is cut: the top half's rows and the restart interval (its MCU count).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Cut {
    pub top_rows: u32,
    pub restart_interval: u16,
}

/// Where to cut a `width`×`height` picture: after the first half of its MCU rows (rounded
/// up, so the bottom half is never the larger). `None` when it has fewer than two MCU rows or
/// the top half's MCUs do not fit a restart interval's 16 bits.
pub(crate) fn cut(width: u32, height: u32) -> Option<Cut> {
    let mcu_rows = height.div_ceil(MCU_EDGE);
    if mcu_rows < 2 {
        return None;
    }
    let top_mcu_rows = mcu_rows.div_ceil(2);
    let interval = u16::try_from(top_mcu_rows * width.div_ceil(MCU_EDGE)).ok()?;
    Some(Cut {
        top_rows: top_mcu_rows * MCU_EDGE,
        restart_interval: interval,
    })
}

fn malformed(what: &str) -> PhotoError {
    PhotoError::Processing {
        detail: format!("joining the JPEG halves: {what}"),
    }
}

const SOF0: u8 = 0xC0;
const SOS: u8 = 0xDA;
const EOI: [u8; 2] = [0xFF, 0xD9];
const RST0: [u8; 2] = [0xFF, 0xD0];

/// The offsets in a baseline JPEG written by the encoder of its SOF0 segment and of its SOS
/// segment's marker, and where the entropy-coded data after the SOS segment starts.
fn landmarks(jpeg: &[u8]) -> Result<(usize, usize, usize), PhotoError> {
    if !jpeg.starts_with(&[0xFF, 0xD8]) || !jpeg.ends_with(&EOI) {
        return Err(malformed("not a whole JPEG"));
    }
    let mut at = 2;
    let mut sof = None;
    loop {
        let header = jpeg.get(at..at + 4).ok_or_else(|| malformed("no scan"))?;
        if header[0] != 0xFF {
            return Err(malformed("no marker where one belongs"));
        }
        let length = usize::from(u16::from_be_bytes([header[2], header[3]]));
        match header[1] {
            SOF0 => sof = Some(at),
            SOS => {
                let sof = sof.ok_or_else(|| malformed("no baseline frame header"))?;
                return Ok((sof, at, at + 2 + length));
            }
            _ => {}
        }
        at += 2 + length;
    }
}

/// Joins `top` (the top `cut.top_rows` rows encoded on their own) and `bottom` (the rows
/// below, on their own) into one JPEG of `height` rows with a restart interval of
/// `cut.restart_interval`.
pub(crate) fn join(
    top: &[u8],
    bottom: &[u8],
    height: u16,
    cut: Cut,
) -> Result<Vec<u8>, PhotoError> {
    let (top_sof, top_sos, top_data) = landmarks(top)?;
    let (_, _, bottom_data) = landmarks(bottom)?;
    let mut jpeg = Vec::with_capacity(top.len() + bottom.len() + 6);
    jpeg.extend_from_slice(&top[..top_sos]);
    // The frame's height: the SOF0 segment's marker, length and precision come first.
    let height_at = top_sof + 5;
    jpeg[height_at..height_at + 2].copy_from_slice(&height.to_be_bytes());
    // The restart interval (DRI), just before the scan as the encoder writes it.
    jpeg.extend_from_slice(&[0xFF, 0xDD, 0x00, 0x04]);
    jpeg.extend_from_slice(&cut.restart_interval.to_be_bytes());
    jpeg.extend_from_slice(&top[top_sos..top_data]);
    jpeg.extend_from_slice(&top[top_data..top.len() - 2]);
    jpeg.extend_from_slice(&RST0);
    jpeg.extend_from_slice(&bottom[bottom_data..]);
    Ok(jpeg)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cut_falls_on_whole_mcu_rows_with_the_larger_half_on_top() {
        assert_eq!(
            cut(1600, 1200),
            Some(Cut {
                top_rows: 608,
                restart_interval: 38 * 100
            })
        );
        assert_eq!(
            cut(1201, 1600),
            Some(Cut {
                top_rows: 800,
                restart_interval: 50 * 76
            })
        );
        assert_eq!(cut(100, 17).map(|cut| cut.top_rows), Some(16));
        assert_eq!(cut(100, 16), None);
        // 40 000 px wide: 2 500 MCUs a row, 30 rows on top, over 16 bits.
        assert_eq!(cut(40_000, 960), None);
    }

    #[test]
    fn a_file_that_is_not_an_encoders_jpeg_is_refused() {
        let cut = cut(64, 64).unwrap();
        assert!(join(b"not a jpeg", b"not a jpeg", 64, cut).is_err());
        assert!(join(
            &[0xFF, 0xD8, 0xFF, 0xD9],
            &[0xFF, 0xD8, 0xFF, 0xD9],
            64,
            cut
        )
        .is_err());
    }
}
