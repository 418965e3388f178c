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
    fn nfc_composes_decomposed_input() {
        let decomposed = "Nguye\u{0302}\u{0303}n";
        assert_eq!(nfc(decomposed), "Nguyễn");
        assert_eq!(collapse_whitespace("  Nguyễn \t Văn   A "), "Nguyễn Văn A");
    }
}
