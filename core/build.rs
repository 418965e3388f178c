//! Generates the Vietnamese phone-number rules from libphonenumber's metadata for Vietnam
//! (`data/phone/libphonenumber-VN.xml`) and the list of country calling codes
//! (`data/phone/country-calling-codes.txt`): `$OUT_DIR/phone_vn.rs`, included by
//! `src/fields/phone_rules.rs`.

use std::fmt::Write as _;
use std::path::Path;

/// The number types in the order libphonenumber tests them.
const KINDS: [&str; 11] = [
    "generalDesc",
    "premiumRate",
    "tollFree",
    "sharedCost",
    "voip",
    "personalNumber",
    "pager",
    "uan",
    "voicemail",
    "fixedLine",
    "mobile",
];

fn main() {
    let xml_path = "data/phone/libphonenumber-VN.xml";
    let codes_path = "data/phone/country-calling-codes.txt";
    println!("cargo:rerun-if-changed={xml_path}");
    println!("cargo:rerun-if-changed={codes_path}");
    let xml = std::fs::read_to_string(xml_path).expect("the VN metadata");
    let xml = without_comments(&xml);
    let territory = between(&xml, "<territory id=\"VN\"", "</territory>").expect("VN territory");
    let country_code = attribute(territory, "countryCode").expect("countryCode");
    let national_prefix = attribute(territory, "nationalPrefix").unwrap_or_default();

    let mut out = String::new();
    writeln!(out, "/// Vietnam's country calling code.").unwrap();
    writeln!(out, "pub const VN_COUNTRY_CODE: &str = {country_code:?};").unwrap();
    writeln!(out, "/// The national (trunk) prefix.").unwrap();
    writeln!(
        out,
        "pub const VN_NATIONAL_PREFIX: &str = {national_prefix:?};"
    )
    .unwrap();
    writeln!(
        out,
        "/// (type, possible national lengths, national number pattern), in the order tested."
    )
    .unwrap();
    writeln!(
        out,
        "pub const VN_DESCRIPTORS: &[(&str, &[usize], &str)] = &["
    )
    .unwrap();
    for kind in KINDS {
        let Some(body) = element(territory, kind) else {
            continue;
        };
        let pattern: String = between(body, "<nationalNumberPattern>", "</nationalNumberPattern>")
            .expect("a pattern")
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        let lengths = body
            .find("<possibleLengths")
            .and_then(|at| attribute(&body[at..], "national"))
            .map(|spec| lengths(&spec))
            .unwrap_or_default();
        writeln!(out, "    ({kind:?}, &{lengths:?}, {pattern:?}),").unwrap();
    }
    writeln!(out, "];").unwrap();

    let codes: Vec<u16> = std::fs::read_to_string(codes_path)
        .expect("the country codes")
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.trim().parse().expect("a country code"))
        .collect();
    writeln!(
        out,
        "/// Every country calling code of the metadata, ascending."
    )
    .unwrap();
    writeln!(out, "pub const COUNTRY_CALLING_CODES: &[u16] = &{codes:?};").unwrap();

    let dest = Path::new(&std::env::var("OUT_DIR").unwrap()).join("phone_vn.rs");
    std::fs::write(dest, out).unwrap();
}

fn without_comments(xml: &str) -> String {
    let mut out = String::with_capacity(xml.len());
    let mut rest = xml;
    while let Some(start) = rest.find("<!--") {
        out.push_str(&rest[..start]);
        let end = rest[start..].find("-->").expect("a closed comment");
        rest = &rest[start + end + 3..];
    }
    out.push_str(rest);
    out
}

fn between<'a>(text: &'a str, open: &str, close: &str) -> Option<&'a str> {
    let start = text.find(open)? + open.len();
    let end = text[start..].find(close)?;
    Some(&text[start..start + end])
}

/// The body of `<kind>…</kind>` directly in the territory (not the same name nested deeper).
fn element<'a>(territory: &'a str, kind: &str) -> Option<&'a str> {
    between(territory, &format!("<{kind}>"), &format!("</{kind}>"))
}

fn attribute(text: &str, name: &str) -> Option<String> {
    let tag_end = text.find('>').unwrap_or(text.len());
    let tag = &text[..tag_end];
    let key = format!(" {name}=\"");
    let start = tag.find(&key)? + key.len();
    let end = tag[start..].find('"')?;
    Some(tag[start..start + end].to_string())
}

/// "9", "7,8", "[8-10]", "[8-10],12".
fn lengths(spec: &str) -> Vec<usize> {
    let mut out = Vec::new();
    for part in spec.split(',') {
        let part = part.trim();
        if let Some(range) = part.strip_prefix('[').and_then(|p| p.strip_suffix(']')) {
            let (from, to) = range.split_once('-').expect("a range");
            out.extend(from.parse::<usize>().unwrap()..=to.parse::<usize>().unwrap());
        } else {
            out.push(part.parse().unwrap());
        }
    }
    out.sort_unstable();
    out
}
