//! The embedded fonts (DejaVu Sans, regular and bold: every Vietnamese letter, licence in
//! `fonts/LICENSE-DejaVu.txt`) and text measured with the shaper krilla draws with, for
//! wrapping and centring. krilla embeds only the glyphs used (a subset).

use crate::PdfError;
use krilla::text::Font;

static REGULAR: &[u8] = include_bytes!("../fonts/DejaVuSans.ttf");
static BOLD: &[u8] = include_bytes!("../fonts/DejaVuSans-Bold.ttf");

/// One face: krilla's font to draw with and the shaper's face to measure with.
pub(crate) struct Face {
    pub(crate) font: Font,
    shaper: rustybuzz::Face<'static>,
}

impl Face {
    fn load(data: &'static [u8]) -> Result<Face, PdfError> {
        Ok(Face {
            font: Font::new(data.into(), 0).ok_or(PdfError::Font)?,
            shaper: rustybuzz::Face::from_slice(data, 0).ok_or(PdfError::Font)?,
        })
    }

    /// The width of `text` at `size` points.
    pub(crate) fn width(&self, text: &str, size: f32) -> f32 {
        let mut buffer = rustybuzz::UnicodeBuffer::new();
        buffer.push_str(text);
        let shaped = rustybuzz::shape(&self.shaper, &[], buffer);
        let units: i32 = shaped.glyph_positions().iter().map(|p| p.x_advance).sum();
        units as f32 * size / f32::from(self.shaper.units_per_em() as u16)
    }

    /// `text` cut into lines no wider than `max_width` at `size`, between words (a word
    /// wider than a line, such as a long e-mail address, is cut between characters).
    pub(crate) fn wrap(&self, text: &str, size: f32, max_width: f32) -> Vec<String> {
        let mut lines = Vec::new();
        let mut line = String::new();
        for word in text.split_whitespace() {
            let candidate = if line.is_empty() {
                word.to_string()
            } else {
                format!("{line} {word}")
            };
            if self.width(&candidate, size) <= max_width {
                line = candidate;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            for c in word.chars() {
                line.push(c);
                if self.width(&line, size) > max_width && line.chars().count() > 1 {
                    line.pop();
                    lines.push(std::mem::take(&mut line));
                    line.push(c);
                }
            }
        }
        if !line.is_empty() || lines.is_empty() {
            lines.push(line);
        }
        lines
    }
}

/// The two faces of the form.
pub(crate) struct Faces {
    pub(crate) regular: Face,
    pub(crate) bold: Face,
}

impl Faces {
    pub(crate) fn load() -> Result<Faces, PdfError> {
        Ok(Faces {
            regular: Face::load(REGULAR)?,
            bold: Face::load(BOLD)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_text_wraps_between_words_and_a_long_word_between_letters() {
        let faces = Faces::load().unwrap();
        let face = &faces.regular;
        assert!(face.width("Nguyễn Thị Ánh Tuyết", 11.0) > face.width("Nguyễn", 11.0));
        let lines = face.wrap("Số 12 đường Lê Lợi, Phường Sài Gòn", 11.0, 100.0);
        assert!(lines.len() > 1, "{lines:?}");
        assert_eq!(lines.join(" "), "Số 12 đường Lê Lợi, Phường Sài Gòn");
        for line in &lines {
            assert!(face.width(line, 11.0) <= 100.0, "{line}");
        }
        let long = "a".repeat(80);
        let lines = face.wrap(&long, 11.0, 100.0);
        assert!(lines.len() > 1);
        assert_eq!(lines.concat(), long);
        assert_eq!(face.wrap("", 11.0, 100.0), [""]);
    }
}
