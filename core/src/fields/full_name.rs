//! A Vietnamese full name (họ và tên), NFC, trimmed, inner spaces collapsed.
//!
//! Letters are the Latin alphabet (F, J, W, Z included: minority and foreign names use them)
//! with the Vietnamese diacritics, plus spaces, apostrophes and hyphens ("H'Hen Niê",
//! "Y-Moan Ênuôl"). Look-alikes people paste are mapped: `Ð`/`ð` (Icelandic eth) to `Đ`/`đ`,
//! typographic apostrophes to `'`, Unicode hyphens to `-`.

use crate::fields::{REQUIRED_EN, REQUIRED_VI};
use crate::lang::{localized, Lang};
use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

/// Shortest name accepted, in characters.
pub const MIN_CHARS: usize = 2;
/// Longest name accepted, in characters.
pub const MAX_CHARS: usize = 100;

/// A Vietnamese full name (họ và tên), NFC, trimmed, inner spaces collapsed.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct FullName(String);

/// Why a value is not a valid [`FullName`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FullNameError {
    #[error("required")]
    Empty,
    #[error("a name has no digits, found {0:?}")]
    Digit(char),
    #[error("character {0:?} is not allowed in a name")]
    InvalidCharacter(char),
    #[error("a name needs at least {MIN_CHARS} letters")]
    TooShort,
    #[error("a name has at most {MAX_CHARS} characters, this one has {found}")]
    TooLong { found: usize },
}

localized! {
    FullNameError {
        Self::Empty => "required", vi ("{REQUIRED_VI}"), en ("{REQUIRED_EN}");
        Self::Digit(c) => "full_name_digit",
            vi ("Họ và tên không được chứa chữ số ({})", describe_char(*c, Lang::Vi)),
            en ("A name cannot contain digits ({})", describe_char(*c, Lang::En));
        Self::InvalidCharacter(c) => "full_name_invalid_character",
            vi ("Họ và tên chỉ gồm chữ cái, dấu cách, dấu nháy (') và gạch nối (-); không dùng được {}", describe_char(*c, Lang::Vi)),
            en ("A name has only letters, spaces, apostrophes (') and hyphens (-); {} is not allowed", describe_char(*c, Lang::En));
        Self::TooShort => "full_name_too_short",
            vi ("Họ và tên cần ít nhất {MIN_CHARS} chữ cái"),
            en ("A name needs at least {MIN_CHARS} letters");
        Self::TooLong { found } => "full_name_too_long",
            vi ("Họ và tên dài tối đa {MAX_CHARS} ký tự (đang có {found})"),
            en ("A name has at most {MAX_CHARS} characters (this one has {found})");
    }
}

/// Names a character for a message: “x” when it can be seen, its code point (and what it
/// is, for a space) when it cannot.
pub(crate) fn describe_char(c: char, lang: Lang) -> String {
    let invisible = c.is_control()
        || c.is_whitespace()
        || unicode_normalization::char::is_combining_mark(c)
        || crate::text::is_bidi_or_invisible_format(c);
    match (c, lang) {
        (' ', Lang::Vi) => "dấu cách".into(),
        (' ', Lang::En) => "a space".into(),
        (c, Lang::Vi) if invisible => format!("ký tự U+{:04X}", c as u32),
        (c, Lang::En) if invisible => format!("the character U+{:04X}", c as u32),
        (c, _) => format!("“{c}”"),
    }
}

/// Replaces the look-alikes people paste with the characters a Vietnamese name uses.
fn map_look_alike(c: char) -> char {
    match c {
        'Ð' | 'Ɖ' => 'Đ',
        'ð' | 'ɖ' => 'đ',
        '\u{2018}' | '\u{2019}' | '\u{02BC}' | '\u{02BB}' | '\u{2032}' => '\'',
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' => '-',
        c => c,
    }
}

/// True for a letter of the Vietnamese-extended Latin alphabet (any case, NFC form): A–Z,
/// Đ, and the vowels with at most one vowel mark (ă â ê ô ơ ư) and at most one tone mark.
pub fn is_name_letter(c: char) -> bool {
    if c.is_ascii_alphabetic() || c == 'đ' || c == 'Đ' {
        return true;
    }
    let mut parts = std::iter::once(c).nfd();
    let Some(base) = parts.next() else {
        return false;
    };
    let base = base.to_ascii_lowercase();
    if !matches!(base, 'a' | 'e' | 'i' | 'o' | 'u' | 'y') {
        return false;
    }
    let (mut vowel_mark, mut tone) = (None, None);
    for mark in parts {
        match mark {
            '\u{0302}' | '\u{0306}' | '\u{031B}' if vowel_mark.is_none() => vowel_mark = Some(mark),
            '\u{0300}' | '\u{0301}' | '\u{0303}' | '\u{0309}' | '\u{0323}' if tone.is_none() => {
                tone = Some(mark)
            }
            _ => return false,
        }
    }
    match vowel_mark {
        None => tone.is_some(),
        Some('\u{0302}') => matches!(base, 'a' | 'e' | 'o'),
        Some('\u{0306}') => base == 'a',
        Some(_) => matches!(base, 'o' | 'u'),
    }
}

impl FullName {
    /// Parses what a person typed: NFC, trimmed, inner white space collapsed, look-alikes
    /// mapped; then only letters, spaces, `'` and `-`, at least two letters, at most
    /// [`MAX_CHARS`] characters.
    pub fn parse(input: &str) -> Result<Self, FullNameError> {
        let mapped: String = crate::text::nfc(input)
            .chars()
            .map(map_look_alike)
            .collect();
        let value = crate::text::nfc(&crate::text::collapse_whitespace(&mapped));
        if value.is_empty() {
            return Err(FullNameError::Empty);
        }
        let mut letters = 0;
        for c in value.chars() {
            if is_name_letter(c) {
                letters += 1;
            } else if c.is_numeric() {
                return Err(FullNameError::Digit(c));
            } else if !matches!(c, ' ' | '\'' | '-') {
                return Err(FullNameError::InvalidCharacter(c));
            }
        }
        let found = value.chars().count();
        if found > MAX_CHARS {
            return Err(FullNameError::TooLong { found });
        }
        if letters < MIN_CHARS || found < MIN_CHARS {
            return Err(FullNameError::TooShort);
        }
        Ok(Self(value))
    }

    /// The normalised value.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for FullName {
    type Error = FullNameError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<FullName> for String {
    fn from(value: FullName) -> String {
        value.0
    }
}

impl std::fmt::Display for FullName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Localized;

    fn ok(input: &str) -> String {
        FullName::parse(input)
            .unwrap_or_else(|e| panic!("{input:?}: {e}"))
            .as_str()
            .to_string()
    }

    #[test]
    fn vietnamese_and_minority_names_are_accepted() {
        for name in [
            "Nguyễn Văn A",
            "Trần Thị Ngọc Ánh",
            "Đặng Thuỳ Dương",
            "Lê Hữu Nghĩa",
            "Phạm Ưng Ơn",
            "H'Hen Niê",
            "Y-Moan Ênuôl",
            "Ksor H'Bia",
            "Phan Wu Zhang",
            "Nông Thị Jơn",
            "Võ Fắt",
            "Ly",
        ] {
            assert_eq!(ok(name), name);
        }
    }

    #[test]
    fn every_vietnamese_letter_in_upper_and_lower_case_is_a_name_letter() {
        let vowels = "aăâeêioôơuưy";
        let tones = ["", "\u{300}", "\u{301}", "\u{309}", "\u{303}", "\u{323}"];
        let mut count = 0;
        for v in vowels.chars() {
            for t in tones {
                let lower = crate::text::nfc(&format!("{v}{t}"));
                assert_eq!(lower.chars().count(), 1, "{lower}");
                let upper = lower.to_uppercase();
                for c in lower.chars().chain(upper.chars()) {
                    assert!(is_name_letter(c), "{c}");
                    count += 1;
                }
            }
        }
        assert_eq!(count, 12 * 6 * 2);
        for c in [
            'ü', 'ñ', 'ç', 'ø', 'å', 'ǎ', 'ē', 'ŭ', 'ẅ', 'ı', 'ß', 'α', 'д',
        ] {
            assert!(!is_name_letter(c), "{c}");
        }
    }

    #[test]
    fn spaces_are_collapsed_and_text_is_composed() {
        assert_eq!(ok("  nguyễn   văn\t a "), "nguyễn văn a");
        let decomposed = "Nguye\u{0302}\u{0303}n Va\u{0306}n A";
        assert_eq!(ok(decomposed), "Nguyễn Văn A");
        assert_eq!(ok("Tra\u{0302}\u{0300}n"), "Trần");
    }

    #[test]
    fn look_alikes_are_mapped() {
        assert_eq!(ok("ÐẶNG ðức"), "ĐẶNG đức");
        assert_eq!(ok("H\u{2019}Hen Niê"), "H'Hen Niê");
        assert_eq!(ok("Y\u{2010}Moan"), "Y-Moan");
        // Ð followed by a combining mark composes after mapping.
        assert_eq!(ok("\u{00D0}a\u{0323}ng"), "Đạng");
    }

    #[test]
    fn digits_and_symbols_are_named_in_the_error() {
        let err = FullName::parse("Nguyễn Văn 2").unwrap_err();
        assert_eq!(err, FullNameError::Digit('2'));
        assert_eq!(err.code(), "full_name_digit");
        assert!(err.message(Lang::Vi).contains("“2”"));
        for (input, bad) in [
            ("Nguyễn@Văn", '@'),
            ("Nguyễn. Văn", '.'),
            ("Nguyễn, Văn", ','),
            ("Nguyễn_Văn", '_'),
            ("Müller Hans", 'ü'),
            ("Nguyễn\u{200B}Văn", '\u{200B}'),
            ("Nguyễn 🙂", '🙂'),
        ] {
            let err = FullName::parse(input).unwrap_err();
            assert_eq!(err, FullNameError::InvalidCharacter(bad), "{input}");
            assert_eq!(err.code(), "full_name_invalid_character");
        }
        let err = FullName::parse("A\u{0}B").unwrap_err();
        assert!(
            err.message(Lang::En).contains("U+0000"),
            "{}",
            err.message(Lang::En)
        );
        assert!(FullName::parse("Ann\u{0}").is_err());
    }

    #[test]
    fn lengths_are_limited() {
        assert_eq!(FullName::parse(" \t "), Err(FullNameError::Empty));
        assert_eq!(FullName::parse("").unwrap_err().code(), "required");
        assert_eq!(FullName::parse("A"), Err(FullNameError::TooShort));
        assert_eq!(FullName::parse("A-"), Err(FullNameError::TooShort));
        assert_eq!(FullName::parse("' -"), Err(FullNameError::TooShort));
        assert_eq!(ok("Ân"), "Ân");
        let longest = "Ă".repeat(MAX_CHARS);
        assert_eq!(ok(&longest), longest);
        let err = FullName::parse(&format!("{longest}a")).unwrap_err();
        assert_eq!(
            err,
            FullNameError::TooLong {
                found: MAX_CHARS + 1
            }
        );
        assert_eq!(err.code(), "full_name_too_long");
    }

    #[test]
    fn serde_goes_through_parse() {
        let name: FullName = serde_json::from_str("\"  H’Hen   Niê \"").unwrap();
        assert_eq!(name.as_str(), "H'Hen Niê");
        assert!(serde_json::from_str::<FullName>("\"R2D2\"").is_err());
    }
}
