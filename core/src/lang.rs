//! Languages of the interface, and errors that can be told in each of them.

use serde::{Deserialize, Serialize};

/// A language the app speaks. Vietnamese is the default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Vi,
    En,
}

impl Lang {
    /// The BCP 47 tag: `vi` or `en`.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }

    /// Reads a BCP 47 tag (`vi`, `vi-VN`, `en`, `en-US`, case-insensitive).
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let primary = tag.split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "vi" => Some(Lang::Vi),
            "en" => Some(Lang::En),
            _ => None,
        }
    }
}

/// Something that can be shown to a person in either language, with a stable machine code.
pub trait Localized {
    /// A stable code, `snake_case`, e.g. `phone_not_mobile`; used by the API and tests.
    fn code(&self) -> &'static str;
    /// The message for a person, in `lang`.
    fn message(&self, lang: Lang) -> String;
}

/// Implements [`Localized`] for an error type from one table: each row is a pattern, its
/// code, and the message in Vietnamese and in English, each as `format!` arguments (a row's
/// bindings and constants may be named in the text).
///
/// ```ignore
/// localized! {
///     PhoneError {
///         Self::Empty => "required", vi ("{REQUIRED_VI}"), en ("{REQUIRED_EN}");
///         Self::Length { found } => "phone_length",
///             vi ("Số điện thoại … có {found} chữ số"),
///             en ("A mobile number has 10 digits …; this one has {found}");
///     }
/// }
/// ```
macro_rules! localized {
    ($error:ty { $($pattern:pat => $code:literal, vi $vi:tt, en $en:tt;)+ }) => {
        impl $crate::lang::Localized for $error {
            #[allow(unused_variables)]
            fn code(&self) -> &'static str {
                match self {
                    $($pattern => $code,)+
                }
            }

            fn message(&self, lang: $crate::lang::Lang) -> String {
                match self {
                    $($pattern => match lang {
                        $crate::lang::Lang::Vi => format!$vi,
                        $crate::lang::Lang::En => format!$en,
                    },)+
                }
            }
        }
    };
}
pub(crate) use localized;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_round_trip_and_region_variants_are_read() {
        for lang in [Lang::Vi, Lang::En] {
            assert_eq!(Lang::from_tag(lang.tag()), Some(lang));
        }
        assert_eq!(Lang::from_tag("vi-VN"), Some(Lang::Vi));
        assert_eq!(Lang::from_tag("EN_us"), Some(Lang::En));
        assert_eq!(Lang::from_tag("fr"), None);
        assert_eq!(Lang::default(), Lang::Vi);
    }

    enum Sample {
        Plain,
        Counted { found: usize },
    }

    const LIMIT: usize = 3;

    localized! {
        Sample {
            Self::Plain => "sample_plain", vi ("Tối đa {LIMIT}"), en ("At most {LIMIT}");
            Self::Counted { found } => "sample_counted",
                vi ("Có {found}"),
                en ("{} found", found);
        }
    }

    #[test]
    fn the_table_gives_each_row_its_code_and_both_messages() {
        assert_eq!(Sample::Plain.code(), "sample_plain");
        assert_eq!(Sample::Plain.message(Lang::Vi), "Tối đa 3");
        assert_eq!(Sample::Plain.message(Lang::En), "At most 3");
        let counted = Sample::Counted { found: 7 };
        assert_eq!(counted.code(), "sample_counted");
        assert_eq!(counted.message(Lang::Vi), "Có 7");
        assert_eq!(counted.message(Lang::En), "7 found");
    }
}
