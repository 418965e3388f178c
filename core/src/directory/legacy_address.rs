//! Reading the permanent address printed on an ID card ("Số 12, Phường Tân Định, Quận 1,
//! TP. Hồ Chí Minh"): its units are looked up in the directory, pre-2025 units (province →
//! district → commune) are converted to the 2025 scheme (province → commune) with the
//! directory's mapping, and the leading part is kept as the street line.
//!
//! Names are compared as search keys (diacritics folded with `text::fold`), without their
//! type word, which may be written in full ("Thành phố", "Quận"), abbreviated ("TP.", "Tp",
//! "Q.", "P.", "TX", "TT") or left out. Numbered units match with or without leading zeros
//! ("P.05" is "Phường 5").

use super::search::search_key;
use super::units::{find, LegacyDistrict, LegacyProvince};
use super::{Commune, Directory, LegacyCommune, LegacyUnits, Province};
use crate::lang::Lang;
use crate::text::{collapse_whitespace, nfc};
use serde::{Deserialize, Serialize};

/// A unit as the reading reports it: its code (in the scheme the context says) and full name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NamedUnit {
    pub code: String,
    pub name: String,
}

impl NamedUnit {
    fn new(code: &str, name: &str) -> NamedUnit {
        NamedUnit {
            code: code.into(),
            name: name.into(),
        }
    }
}

/// The pre-2025 units an address named (legacy codes).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LegacyPlace {
    /// Absent for an island district that had no communes.
    pub commune: Option<NamedUnit>,
    pub district: NamedUnit,
    pub province: NamedUnit,
}

impl LegacyPlace {
    /// "Phường Tân Định, Quận 1, Thành phố Hồ Chí Minh".
    pub fn label(&self) -> String {
        let mut names: Vec<&str> = Vec::new();
        if let Some(commune) = &self.commune {
            names.push(&commune.name);
        }
        names.push(&self.district.name);
        names.push(&self.province.name);
        names.join(", ")
    }
}

/// How sure the reading is, and what was converted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum AddressMatch {
    /// The printed commune and province are 2025 units, taken as they are.
    Exact,
    /// Pre-2025 units, converted to their 2025 successors. `split`: the old commune was
    /// divided among several 2025 communes and the main one was taken.
    Converted { from: LegacyPlace, split: bool },
    /// Only the province was recognised; `from` is the pre-2025 province it was converted
    /// from, when the card named one that no longer exists.
    ProvinceOnly { from: Option<NamedUnit> },
    /// Nothing in the address matched the directory.
    NotFound,
}

/// What the directory made of a printed address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CardAddress {
    /// The address as printed (NFC, white space collapsed).
    pub printed: String,
    /// The part before the commune (house number, street, hamlet); empty when the commune was
    /// not found or the address starts with it.
    pub street: String,
    /// 2025 province.
    pub province: Option<NamedUnit>,
    /// 2025 commune (in `province`).
    pub commune: Option<NamedUnit>,
    pub matched: AddressMatch,
}

impl CardAddress {
    /// A sentence for the person about the conversion or what could not be read, if there is
    /// anything to say: "Địa chỉ trên thẻ theo đơn vị hành chính cũ: … → …".
    pub fn note(&self, lang: Lang) -> Option<String> {
        let new_units = || {
            [&self.commune, &self.province]
                .into_iter()
                .flatten()
                .map(|u| u.name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        };
        match (&self.matched, lang) {
            (AddressMatch::Exact, _) => None,
            (AddressMatch::Converted { from, split }, Lang::Vi) => {
                let mut note = format!(
                    "Địa chỉ trên thẻ theo đơn vị hành chính cũ: {} → {}.",
                    from.label(),
                    new_units()
                );
                if *split {
                    note.push_str(
                        " Phường/xã cũ đã được chia cho nhiều phường/xã mới: hãy kiểm tra lại.",
                    );
                }
                Some(note)
            }
            (AddressMatch::Converted { from, split }, Lang::En) => {
                let mut note = format!(
                    "The card's address uses the former administrative units: {} → {}.",
                    from.label(),
                    new_units()
                );
                if *split {
                    note.push_str(
                        " The former commune was divided among several new ones: please check.",
                    );
                }
                Some(note)
            }
            (AddressMatch::ProvinceOnly { from }, Lang::Vi) => Some(match from {
                Some(old) => format!(
                    "Địa chỉ trên thẻ theo đơn vị hành chính cũ: {} → {}. Không xác định được \
                     phường/xã/đặc khu: vui lòng chọn.",
                    old.name,
                    new_units()
                ),
                None => "Không xác định được phường/xã/đặc khu trên thẻ: vui lòng chọn.".into(),
            }),
            (AddressMatch::ProvinceOnly { from }, Lang::En) => Some(match from {
                Some(old) => format!(
                    "The card's address uses the former administrative units: {} → {}. The \
                     commune could not be identified: please choose it.",
                    old.name,
                    new_units()
                ),
                None => "The commune on the card could not be identified: please choose it.".into(),
            }),
            (AddressMatch::NotFound, Lang::Vi) => Some(
                "Không nhận ra đơn vị hành chính trong địa chỉ trên thẻ: vui lòng chọn tỉnh/thành \
                 phố và phường/xã/đặc khu."
                    .into(),
            ),
            (AddressMatch::NotFound, Lang::En) => Some(
                "The administrative units of the card's address were not recognised: please \
                 choose the province and commune."
                    .into(),
            ),
        }
    }
}

/// The level a type word announces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Announced {
    /// "Tỉnh".
    Province,
    /// "Thành phố" / "TP": a province-level city or a city of a province.
    City,
    /// "Quận", "Huyện", "Thị xã".
    District,
    /// "Phường", "Xã", "Thị trấn", "Đặc khu".
    Commune,
    Nothing,
}

/// Type words (as search-key words), longest first, with the level they announce and the
/// type of the directory they stand for ("" when they stand for several).
const TYPE_WORDS: [(&str, Announced, &str); 17] = [
    ("thanh pho", Announced::City, "thanh pho"),
    ("thi tran", Announced::Commune, "thi tran"),
    ("thi xa", Announced::District, "thi xa"),
    ("dac khu", Announced::Commune, "dac khu"),
    ("thanhpho", Announced::City, "thanh pho"),
    ("phuong", Announced::Commune, "phuong"),
    ("huyen", Announced::District, "huyen"),
    ("tinh", Announced::Province, "tinh"),
    ("quan", Announced::District, "quan"),
    ("tp", Announced::City, "thanh pho"),
    ("tx", Announced::District, "thi xa"),
    ("tt", Announced::Commune, "thi tran"),
    ("xa", Announced::Commune, "xa"),
    ("q", Announced::District, "quan"),
    ("h", Announced::District, "huyen"),
    ("p", Announced::Commune, "phuong"),
    ("x", Announced::Commune, "xa"),
];

/// Short forms of province names seen on cards and forms.
const PROVINCE_ALIASES: [(&str, &str); 6] = [
    ("hcm", "ho chi minh"),
    ("tphcm", "ho chi minh"),
    ("sai gon", "ho chi minh"),
    ("hn", "ha noi"),
    ("brvt", "ba ria vung tau"),
    ("tt hue", "thua thien hue"),
];

/// One comma-separated part of a printed address.
#[derive(Debug)]
struct Part {
    /// The name without its type word, as a search key with numbers unpadded.
    name: String,
    announced: Announced,
    /// The directory type the type word stands for (search key), "" if none or several.
    kind: &'static str,
}

/// "05" → "5"; other words as they are.
fn unpad(word: &str) -> &str {
    if word.len() > 1 && word.bytes().all(|b| b.is_ascii_digit()) {
        let trimmed = word.trim_start_matches('0');
        if trimmed.is_empty() {
            "0"
        } else {
            trimmed
        }
    } else {
        word
    }
}

/// A search key with numbers unpadded and a letter glued to a number split ("q1" → "q 1").
fn normal_words(key: &str) -> Vec<String> {
    let mut words = Vec::new();
    for word in key.split(' ').filter(|w| !w.is_empty()) {
        let digits_at = word.find(|c: char| c.is_ascii_digit());
        match digits_at {
            Some(at)
                if at > 0
                    && at <= 2
                    && word[at..].bytes().all(|b| b.is_ascii_digit())
                    && TYPE_WORDS.iter().any(|(w, _, _)| *w == &word[..at]) =>
            {
                words.push(word[..at].to_string());
                words.push(unpad(&word[at..]).to_string());
            }
            _ => words.push(unpad(word).to_string()),
        }
    }
    words
}

impl Part {
    fn new(text: &str) -> Part {
        let words = normal_words(&search_key(text));
        let joined = words.join(" ");
        for (type_word, announced, kind) in TYPE_WORDS {
            if let Some(rest) = joined.strip_prefix(type_word) {
                if let Some(name) = rest.strip_prefix(' ') {
                    return Part {
                        name: alias(name.to_string()),
                        announced,
                        kind,
                    };
                }
            }
        }
        Part {
            name: alias(joined),
            announced: Announced::Nothing,
            kind: "",
        }
    }

    fn could_be(&self, level: Announced) -> bool {
        match (self.announced, level) {
            (Announced::Nothing, _) => true,
            (Announced::City, Announced::Province | Announced::District) => true,
            (announced, level) => announced == level,
        }
    }
}

fn alias(name: String) -> String {
    PROVINCE_ALIASES
        .iter()
        .find(|(short, _)| *short == name)
        .map(|(_, full)| full.to_string())
        .unwrap_or(name)
}

/// The search key of a unit's name without its type word, numbers unpadded.
fn unit_name_key(name: &str, kind: &str) -> String {
    let key = normal_words(&search_key(name)).join(" ");
    let kind = search_key(kind);
    match key.strip_prefix(kind.as_str()) {
        Some(rest) if rest.starts_with(' ') => rest[1..].to_string(),
        _ => key,
    }
}

/// Picks among the units whose name matches `part`: the one whose type the part names if
/// there is one, else the first.
fn pick<'a, T>(part: &Part, candidates: Vec<(&'a T, &'static str)>) -> Option<&'a T> {
    if !part.kind.is_empty() {
        if let Some((unit, _)) = candidates
            .iter()
            .find(|(_, kind)| search_key(kind) == part.kind)
        {
            return Some(unit);
        }
    }
    candidates.first().map(|(unit, _)| *unit)
}

/// Words a country part can be written with.
fn is_country(part: &Part) -> bool {
    matches!(part.name.as_str(), "viet nam" | "vietnam" | "vn")
}

impl Directory {
    /// Finds the units of an address printed on an ID card and converts pre-2025 units to the
    /// 2025 scheme (see the module documentation).
    pub fn read_card_address(&self, printed: &str) -> CardAddress {
        let printed = collapse_whitespace(&nfc(printed));
        let mut segments: Vec<&str> = printed
            .split([',', ';'])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect();
        if segments.len() == 1 && printed.contains(" - ") {
            segments = printed.split(" - ").map(str::trim).collect();
        }
        let mut parts: Vec<Part> = segments.iter().map(|s| Part::new(s)).collect();
        while parts.last().is_some_and(is_country) {
            parts.pop();
            segments.pop();
        }
        let not_found = CardAddress {
            printed: printed.clone(),
            street: String::new(),
            province: None,
            commune: None,
            matched: AddressMatch::NotFound,
        };
        let Some(last) = parts.last() else {
            return not_found;
        };
        let p = parts.len() - 1;
        let legacy = self.legacy().ok();
        let legacy_province = legacy.and_then(|l| legacy_province_named(l, last));
        let province_2025 = self.province_named(last);
        if legacy_province.is_none() && province_2025.is_none() {
            return not_found;
        }
        let street_before = |index: usize| segments[..index].join(", ");

        // Pre-2025: … commune, district, province.
        if let (Some(legacy), Some(old_province)) = (legacy, legacy_province) {
            if p >= 1 {
                if let Some(district) = legacy_district_named(legacy, old_province, &parts[p - 1]) {
                    let commune = (p >= 2)
                        .then(|| legacy_commune_named(legacy, district, &parts[p - 2]))
                        .flatten();
                    if let Some(reading) =
                        self.converted(&printed, old_province, district, commune, &street_before, p)
                    {
                        return reading;
                    }
                }
            }
        }

        // 2025: … commune, province.
        if let Some(province) = province_2025 {
            if p >= 1 {
                if let Some(commune) = self.commune_named(province, &parts[p - 1]) {
                    return CardAddress {
                        printed: printed.clone(),
                        street: street_before(p - 1),
                        province: Some(NamedUnit::new(province.code, province.name)),
                        commune: Some(NamedUnit::new(commune.code, commune.name)),
                        matched: AddressMatch::Exact,
                    };
                }
            }
            return CardAddress {
                printed: printed.clone(),
                street: String::new(),
                province: Some(NamedUnit::new(province.code, province.name)),
                commune: None,
                matched: AddressMatch::ProvinceOnly { from: None },
            };
        }

        // A former province only: its 2025 successor.
        let successor = legacy
            .zip(legacy_province)
            .and_then(|(legacy, old)| self.successor_province(legacy, old));
        match (successor, legacy_province) {
            (Some(province), Some(old)) => CardAddress {
                printed: printed.clone(),
                street: String::new(),
                province: Some(NamedUnit::new(province.code, province.name)),
                commune: None,
                matched: AddressMatch::ProvinceOnly {
                    from: Some(NamedUnit::new(old.code, old.name)),
                },
            },
            _ => not_found,
        }
    }

    /// The reading of a matched pre-2025 district (and commune, if found), or `None` when
    /// neither gives a 2025 commune.
    fn converted(
        &self,
        printed: &str,
        old_province: &LegacyProvince,
        district: &LegacyDistrict,
        commune: Option<&LegacyCommune>,
        street_before: &dyn Fn(usize) -> String,
        p: usize,
    ) -> Option<CardAddress> {
        let (new_commune, split, street) = match commune {
            Some(old) => {
                let conversion = self.convert_legacy_commune(old.code).ok()?;
                (conversion.commune, conversion.split, street_before(p - 2))
            }
            // An island district that had no communes became a đặc khu.
            None => {
                let successor = district.successor?;
                let commune = find(&self.units.communes, successor, |c| c.code)?;
                (commune, false, street_before(p - 1))
            }
        };
        let province = self.province(new_commune.province).ok()?;
        Some(CardAddress {
            printed: printed.into(),
            street,
            province: Some(NamedUnit::new(province.code, province.name)),
            commune: Some(NamedUnit::new(new_commune.code, new_commune.name)),
            matched: AddressMatch::Converted {
                from: LegacyPlace {
                    commune: commune.map(|c| NamedUnit::new(c.code, c.name)),
                    district: NamedUnit::new(district.code, district.name),
                    province: NamedUnit::new(old_province.code, old_province.name),
                },
                split,
            },
        })
    }

    fn province_named(&self, part: &Part) -> Option<&Province> {
        if !part.could_be(Announced::Province) {
            return None;
        }
        self.units
            .provinces
            .iter()
            .find(|p| unit_name_key(p.name, p.kind) == part.name)
    }

    fn commune_named(&self, province: &Province, part: &Part) -> Option<&Commune> {
        if !part.could_be(Announced::Commune) {
            return None;
        }
        let communes = self.communes_of(province.code).ok()?;
        let candidates = communes
            .into_iter()
            .filter(|c| unit_name_key(c.name, c.kind) == part.name)
            .map(|c| (c, c.kind))
            .collect();
        pick(part, candidates)
    }

    /// The 2025 province a former province's communes went into.
    fn successor_province(&self, legacy: LegacyUnits, old: &LegacyProvince) -> Option<&Province> {
        let district = legacy.districts().iter().find(|d| d.province == old.code)?;
        let commune = legacy
            .communes()
            .iter()
            .find(|c| c.district == district.code)?;
        let new_commune = self.convert_legacy_commune(commune.code).ok()?.commune;
        self.province(new_commune.province).ok()
    }
}

fn legacy_province_named(legacy: LegacyUnits, part: &Part) -> Option<&'static LegacyProvince> {
    if !part.could_be(Announced::Province) {
        return None;
    }
    legacy
        .provinces()
        .iter()
        .find(|p| unit_name_key(p.name, p.kind) == part.name)
}

fn legacy_district_named(
    legacy: LegacyUnits,
    province: &LegacyProvince,
    part: &Part,
) -> Option<&'static LegacyDistrict> {
    if !part.could_be(Announced::District) {
        return None;
    }
    let candidates = legacy
        .districts()
        .iter()
        .filter(|d| d.province == province.code && unit_name_key(d.name, d.kind) == part.name)
        .map(|d| (d, d.kind))
        .collect();
    pick(part, candidates)
}

fn legacy_commune_named(
    legacy: LegacyUnits,
    district: &LegacyDistrict,
    part: &Part,
) -> Option<&'static LegacyCommune> {
    if !part.could_be(Announced::Commune) {
        return None;
    }
    let candidates = legacy
        .communes()
        .iter()
        .filter(|c| c.district == district.code && unit_name_key(c.name, c.kind) == part.name)
        .map(|c| (c, c.kind))
        .collect();
    pick(part, candidates)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(printed: &str) -> CardAddress {
        Directory::global().read_card_address(printed)
    }

    fn codes(reading: &CardAddress) -> (Option<&str>, Option<&str>) {
        (
            reading.province.as_ref().map(|u| u.code.as_str()),
            reading.commune.as_ref().map(|u| u.code.as_str()),
        )
    }

    #[test]
    fn a_pre_2025_city_address_is_converted_with_every_spelling_of_its_type_words() {
        for printed in [
            "Số 12, Phường Tân Định, Quận 1, Thành phố Hồ Chí Minh",
            "Số 12, Phường Tân Định, Quận 1, TP. Hồ Chí Minh",
            "Số 12, P. Tân Định, Q.1, Tp.HCM",
            "Số 12, Tân Định, Q1, TPHCM",
            "số 12, phuong tan dinh, quan 1, tp ho chi minh, Việt Nam",
        ] {
            let reading = read(printed);
            assert_eq!(codes(&reading), (Some("79"), Some("26737")), "{printed}");
            assert_eq!(reading.street.to_lowercase(), "số 12", "{printed}");
            let AddressMatch::Converted { from, split } = &reading.matched else {
                panic!("{printed}: {:?}", reading.matched);
            };
            assert_eq!(from.commune.as_ref().unwrap().code, "26734");
            assert_eq!(from.district.name, "Quận 1");
            assert!(!split);
        }
    }

    #[test]
    fn a_rural_address_keeps_its_hamlet_as_the_street_and_names_the_old_units() {
        // Xã Thái Bình, huyện Châu Thành, tỉnh Tây Ninh (legacy 25597) was split.
        let reading = read("Thôn Giả Định, Ấp 3, Xã Thái Bình, Huyện Châu Thành, Tỉnh Tây Ninh");
        assert_eq!(reading.street, "Thôn Giả Định, Ấp 3");
        assert_eq!(codes(&reading), (Some("80"), Some("25585")));
        let AddressMatch::Converted { from, split } = &reading.matched else {
            panic!("{:?}", reading.matched);
        };
        assert!(split);
        assert_eq!(from.province.name, "Tỉnh Tây Ninh");
        let note = reading.note(Lang::Vi).unwrap();
        assert!(note.starts_with("Địa chỉ trên thẻ theo đơn vị hành chính cũ: Xã Thái Bình"));
        assert!(note.contains("Huyện Châu Thành, Tỉnh Tây Ninh → Xã Châu Thành, Tỉnh Tây Ninh."));
        assert!(note.contains("kiểm tra"));
        assert_ne!(reading.note(Lang::En), reading.note(Lang::Vi));
    }

    #[test]
    fn a_2025_address_is_taken_as_it_is() {
        let reading = read("12 Lý Văn Phức, Phường Tân Định, Thành phố Hồ Chí Minh");
        assert_eq!(reading.matched, AddressMatch::Exact);
        assert_eq!(codes(&reading), (Some("79"), Some("26737")));
        assert_eq!(reading.street, "12 Lý Văn Phức");
        assert_eq!(reading.note(Lang::Vi), None);
    }

    #[test]
    fn numbered_wards_match_with_or_without_leading_zeros() {
        let padded = read("45 Trần Hưng Đạo, P.05, Q.5, TP.HCM");
        let plain = read("45 Trần Hưng Đạo, Phường 5, Quận 5, Thành phố Hồ Chí Minh");
        assert!(
            matches!(plain.matched, AddressMatch::Converted { .. }),
            "{plain:?}"
        );
        assert_eq!(codes(&padded), codes(&plain));
        assert_eq!(padded.street, "45 Trần Hưng Đạo");
    }

    #[test]
    fn a_former_province_with_an_unknown_commune_gives_its_successor_province_only() {
        let reading = read("Thôn Không Có, Xã Không Tồn Tại, Huyện Đông Hưng, Tỉnh Thái Bình");
        assert_eq!(codes(&reading), (Some("33"), None));
        assert_eq!(reading.street, "");
        let AddressMatch::ProvinceOnly { from: Some(old) } = &reading.matched else {
            panic!("{:?}", reading.matched);
        };
        assert_eq!(old.name, "Tỉnh Thái Bình");
        assert!(reading.note(Lang::Vi).unwrap().contains("Tỉnh Thái Bình →"));
    }

    #[test]
    fn unknown_or_empty_addresses_are_not_found() {
        for printed in [
            "",
            " , ",
            "Số 1, Đường Không Tên",
            "Thôn A, Xã B, Huyện C, Tỉnh D",
        ] {
            let reading = read(printed);
            assert_eq!(reading.matched, AddressMatch::NotFound, "{printed}");
            assert_eq!(codes(&reading), (None, None));
            assert!(reading.note(Lang::En).is_some());
        }
    }
}
