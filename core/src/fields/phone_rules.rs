//! Vietnam's phone-number rules from libphonenumber's metadata, as tables generated at build
//! time (`core/build.rs` from `core/data/phone/`), with the small pattern matcher they need:
//! digits, `\d`, classes such as `[06-9]`, groups `(?:…|…)` and counts `{n}`, `{n,m}`. The
//! same answers as the `phonenumber` crate for Vietnamese numbers (checked by the tests below
//! on every shared and generated case), without building a database of every country at the
//! first check (which the web build would otherwise download and build).

use std::sync::OnceLock;

mod generated {
    include!(concat!(env!("OUT_DIR"), "/phone_vn.rs"));
}
pub use generated::{COUNTRY_CALLING_CODES, VN_COUNTRY_CODE};
use generated::{VN_DESCRIPTORS, VN_NATIONAL_PREFIX};

/// libphonenumber's number types (those Vietnam's metadata can give).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumberType {
    PremiumRate,
    TollFree,
    SharedCost,
    Voip,
    PersonalNumber,
    Pager,
    Uan,
    Voicemail,
    FixedLine,
    Mobile,
    FixedLineOrMobile,
    Unknown,
}

impl NumberType {
    fn of_kind(kind: &str) -> NumberType {
        match kind {
            "premiumRate" => NumberType::PremiumRate,
            "tollFree" => NumberType::TollFree,
            "sharedCost" => NumberType::SharedCost,
            "voip" => NumberType::Voip,
            "personalNumber" => NumberType::PersonalNumber,
            "pager" => NumberType::Pager,
            "uan" => NumberType::Uan,
            "voicemail" => NumberType::Voicemail,
            "fixedLine" => NumberType::FixedLine,
            "mobile" => NumberType::Mobile,
            _ => NumberType::Unknown,
        }
    }
}

/// One part of a pattern with how many times it repeats.
#[derive(Debug)]
struct Item {
    node: Node,
    min: usize,
    max: usize,
}

#[derive(Debug)]
enum Node {
    /// One digit of the set.
    Digit([bool; 10]),
    /// Alternatives, each a sequence.
    Group(Vec<Vec<Item>>),
}

/// A descriptor: its type, possible lengths (empty: any) and pattern.
struct Descriptor {
    kind: &'static str,
    lengths: &'static [usize],
    source: &'static str,
    pattern: Vec<Vec<Item>>,
}

impl Descriptor {
    /// libphonenumber's test as the `phonenumber` crate makes it: a possible length, and the
    /// pattern matching from the first digit (not necessarily to the last).
    fn is_match(&self, value: &[u8]) -> bool {
        (self.lengths.is_empty() || self.lengths.contains(&value.len()))
            && !ends(&self.pattern, value, 0).is_empty()
    }
}

fn parse_alternatives(pattern: &[u8], at: &mut usize) -> Vec<Vec<Item>> {
    let mut alternatives = vec![Vec::new()];
    while *at < pattern.len() {
        match pattern[*at] {
            b'|' => {
                *at += 1;
                alternatives.push(Vec::new());
            }
            b')' => break,
            _ => {
                let node = parse_atom(pattern, at);
                let (min, max) = parse_count(pattern, at);
                alternatives
                    .last_mut()
                    .expect("one")
                    .push(Item { node, min, max });
            }
        }
    }
    alternatives
}

fn parse_atom(pattern: &[u8], at: &mut usize) -> Node {
    match pattern[*at] {
        b'\\' => {
            assert_eq!(pattern.get(*at + 1), Some(&b'd'), "only \\d is used");
            *at += 2;
            Node::Digit([true; 10])
        }
        b'[' => {
            *at += 1;
            let mut set = [false; 10];
            while pattern[*at] != b']' {
                let from = pattern[*at];
                if pattern.get(*at + 1) == Some(&b'-') && pattern.get(*at + 2) != Some(&b']') {
                    let to = pattern[*at + 2];
                    for digit in from..=to {
                        set[usize::from(digit - b'0')] = true;
                    }
                    *at += 3;
                } else if from == b'\\' {
                    set = [true; 10];
                    *at += 2;
                } else {
                    set[usize::from(from - b'0')] = true;
                    *at += 1;
                }
            }
            *at += 1;
            Node::Digit(set)
        }
        b'(' => {
            assert_eq!(&pattern[*at..*at + 3], b"(?:", "only (?: groups are used");
            *at += 3;
            let group = parse_alternatives(pattern, at);
            assert_eq!(pattern.get(*at), Some(&b')'), "a closed group");
            *at += 1;
            Node::Group(group)
        }
        digit @ b'0'..=b'9' => {
            *at += 1;
            let mut set = [false; 10];
            set[usize::from(digit - b'0')] = true;
            Node::Digit(set)
        }
        other => panic!("pattern character {:?} is not handled", other as char),
    }
}

fn parse_count(pattern: &[u8], at: &mut usize) -> (usize, usize) {
    if pattern.get(*at) != Some(&b'{') {
        return (1, 1);
    }
    let close = *at + pattern[*at..].iter().position(|&b| b == b'}').expect("a }");
    let inside = std::str::from_utf8(&pattern[*at + 1..close]).expect("ASCII");
    *at = close + 1;
    match inside.split_once(',') {
        Some((min, max)) => (min.parse().expect("a count"), max.parse().expect("a count")),
        None => {
            let n = inside.parse().expect("a count");
            (n, n)
        }
    }
}

/// Every position where a match of `alternatives` starting at `start` can end.
fn ends(alternatives: &[Vec<Item>], value: &[u8], start: usize) -> Vec<usize> {
    let mut out = Vec::new();
    for sequence in alternatives {
        let mut positions = vec![start];
        for item in sequence {
            let mut next = Vec::new();
            let mut current = positions;
            for count in 0..=item.max {
                if count >= item.min {
                    next.extend_from_slice(&current);
                }
                if count == item.max || current.is_empty() {
                    break;
                }
                let mut advanced = Vec::new();
                for &p in &current {
                    match &item.node {
                        Node::Digit(set) => {
                            if let Some(&b) = value.get(p) {
                                if b.is_ascii_digit() && set[usize::from(b - b'0')] {
                                    advanced.push(p + 1);
                                }
                            }
                        }
                        Node::Group(group) => advanced.extend(ends(group, value, p)),
                    }
                }
                advanced.sort_unstable();
                advanced.dedup();
                current = advanced;
            }
            next.sort_unstable();
            next.dedup();
            positions = next;
            if positions.is_empty() {
                break;
            }
        }
        out.extend(positions);
    }
    out.sort_unstable();
    out.dedup();
    out
}

fn descriptors() -> &'static [Descriptor] {
    static RULES: OnceLock<Vec<Descriptor>> = OnceLock::new();
    RULES.get_or_init(|| {
        VN_DESCRIPTORS
            .iter()
            .map(|&(kind, lengths, source)| {
                let mut at = 0;
                let pattern = parse_alternatives(source.as_bytes(), &mut at);
                assert_eq!(at, source.len(), "the whole pattern of {kind} is read");
                Descriptor {
                    kind,
                    lengths,
                    source,
                    pattern,
                }
            })
            .collect()
    })
}

/// The type of a Vietnamese national significant number, tested in libphonenumber's order.
pub fn number_type(national: &str) -> NumberType {
    let value = national.as_bytes();
    let rules = descriptors();
    let find = |kind: &str| rules.iter().find(|d| d.kind == kind);
    if !find("generalDesc").is_some_and(|d| d.is_match(value)) {
        return NumberType::Unknown;
    }
    for rule in rules
        .iter()
        .filter(|d| !matches!(d.kind, "generalDesc" | "fixedLine" | "mobile"))
    {
        if rule.is_match(value) {
            return NumberType::of_kind(rule.kind);
        }
    }
    let mobile = find("mobile");
    if let Some(fixed) = find("fixedLine").filter(|d| d.is_match(value)) {
        let same = mobile.is_some_and(|m| m.source == fixed.source);
        return if same || mobile.is_some_and(|m| m.is_match(value)) {
            NumberType::FixedLineOrMobile
        } else {
            NumberType::FixedLine
        };
    }
    if mobile.is_some_and(|m| m.is_match(value)) {
        return NumberType::Mobile;
    }
    NumberType::Unknown
}

/// The national number libphonenumber classifies for `+84<significant>`: the trunk prefix
/// taken off once more, then the value without its leading zeros (the crate keeps the
/// number as an integer); `None` when it would refuse the number (too short, too long, no
/// digit but zeros).
pub fn vn_national(significant: &str) -> Option<&str> {
    let national = significant
        .strip_prefix(VN_NATIONAL_PREFIX)
        .filter(|_| !VN_NATIONAL_PREFIX.is_empty())
        .unwrap_or(significant);
    let value = national.trim_start_matches('0');
    ((2..=17).contains(&national.len()) && !value.is_empty()).then_some(value)
}

/// The country calling code a foreign number (its digits after `+`) starts with, as
/// libphonenumber finds it: the shortest known code of 1 to 3 digits.
pub fn country_code_of(digits: &str) -> Option<&str> {
    if digits.len() <= 2 || digits.starts_with('0') {
        return None;
    }
    let len = (1..=3).find(|&len| {
        digits[..len]
            .parse::<u16>()
            .is_ok_and(|code| COUNTRY_CALLING_CODES.binary_search(&code).is_ok())
    })?;
    (2..=17)
        .contains(&(digits.len() - len))
        .then(|| &digits[..len])
}
