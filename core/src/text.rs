//! Text helpers shared by every part: Unicode normalisation and the one search folding.

use unicode_normalization::{char::is_combining_mark, UnicodeNormalization};

/// NFC-normalises `s`.
pub fn nfc(s: &str) -> String {
    s.nfc().collect()
}

/// Trims `s` and collapses every run of inner white space to one ASCII space.
pub fn collapse_whitespace(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Tidies what a person typed, as done when they leave a field and at submission (never under
/// the caret while typing): NFC, the look-alike `Ð`/`ð` (Icelandic eth, pasted from other
/// keyboards) as `Đ`/`đ`, and white space trimmed and collapsed to single spaces.
pub fn tidy(s: &str) -> String {
    let mapped: String = nfc(s)
        .chars()
        .map(|c| match c {
            'Ð' | 'Ɖ' => 'Đ',
            'ð' | 'ɖ' => 'đ',
            c => c,
        })
        .collect();
    nfc(&collapse_whitespace(&mapped))
}

/// True for a character that changes how text around it is shown without being seen itself:
/// the bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069), the
/// direction marks (U+200E, U+200F, U+061C), and the zero-width characters (U+200B–U+200D,
/// U+2060–U+2064, U+FEFF). No Vietnamese text needs them; in a stored or mailed field they can
/// make one value read as another ("Trojan Source"-style reordering).
pub fn is_bidi_or_invisible_format(c: char) -> bool {
    matches!(
        c,
        '\u{202A}'..='\u{202E}'
            | '\u{2066}'..='\u{2069}'
            | '\u{200B}'..='\u{200F}'
            | '\u{061C}'
            | '\u{2060}'..='\u{2064}'
            | '\u{FEFF}'
    )
}

/// Folds text for search: lower case, Vietnamese diacritics removed, `đ`/`Đ` (and the
/// look-alike `ð`/`Ð`) to `d`. "Thủ Đức" → "thu duc". This is the only folding in the
/// project: every search (units, offices, pickers) goes through it.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.nfd() {
        if is_combining_mark(c) {
            continue;
        }
        match c {
            'đ' | 'Đ' | 'ð' | 'Ð' => out.push('d'),
            c => out.extend(c.to_lowercase()),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_removes_diacritics_and_d_stroke() {
        assert_eq!(fold("Thủ Đức"), "thu duc");
        assert_eq!(fold("HỒ CHÍ MINH"), "ho chi minh");
        assert_eq!(fold("Đắk Lắk"), "dak lak");
        assert_eq!(fold("Thủ Dầu Một"), "thu dau mot");
        assert_ne!(fold("Thủ Đức"), fold("Thủ Dầu Một"));
    }

    #[test]
    fn tidy_composes_maps_look_alikes_and_collapses_spaces() {
        assert_eq!(tidy("  Nguye\u{0302}\u{0303}n \t Thị  "), "Nguyễn Thị");
        assert_eq!(tidy("ÐẶNG ðức"), "ĐẶNG đức");
        assert_eq!(tidy("\u{00D0}a\u{0323}ng"), "Đạng");
        assert_eq!(tidy("0912 345 678"), "0912 345 678");
        assert_eq!(tidy(""), "");
    }

    #[test]
    fn bidi_overrides_and_zero_width_characters_are_recognised() {
        for c in [
            '\u{202E}', '\u{202D}', '\u{2066}', '\u{2069}', '\u{200F}', '\u{200B}', '\u{FEFF}',
        ] {
            assert!(is_bidi_or_invisible_format(c), "U+{:04X}", c as u32);
        }
        for c in ['a', 'ễ', ' ', '-', '/', ',', '\u{0303}'] {
            assert!(!is_bidi_or_invisible_format(c), "{c}");
        }
    }

    #[test]
    fn nfc_composes_decomposed_input() {
        let decomposed = "Nguye\u{0302}\u{0303}n";
        assert_eq!(nfc(decomposed), "Nguyễn");
        assert_eq!(collapse_whitespace("  Nguyễn \t Văn   A "), "Nguyễn Văn A");
    }
}
