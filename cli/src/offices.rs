//! `vssid offices`: search the BHXH offices, show one, suggest offices for an address.

use crate::units::{blank_query, nothing_found, SearchArgs};
use crate::{refuse, CommonOptions};
use clap::Subcommand;
use std::io::Write;
use vssid_core::directory::{Directory, Office, OfficeRefusal, SuggestionReason};
use vssid_core::{Lang, Localized};

/// The subcommands of `vssid offices`.
#[derive(Debug, Clone, Subcommand)]
pub enum OfficesCommand {
    /// Searches offices by name (diacritics optional), code or place.
    Search(SearchArgs),
    /// Shows one office: its address, phone, the communes it serves, who took over.
    Show {
        /// The office's code or id.
        id: String,
    },
    /// Suggests offices for an address (2025 codes).
    Suggest {
        /// The province code.
        province: String,
        /// The commune code.
        commune: Option<String>,
    },
}

/// Runs `vssid offices`.
pub fn run(
    options: &CommonOptions,
    command: &OfficesCommand,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> i32 {
    match command {
        OfficesCommand::Search(args) => match args.query() {
            Some(query) => search(options, &query, args.limit, out, err),
            None => blank_query(err, "offices"),
        },
        OfficesCommand::Show { id } => show(options, id, out, err),
        OfficesCommand::Suggest { province, commune } => {
            suggest(options, province, commune.as_deref(), out, err)
        }
    }
}

fn print_json(out: &mut dyn Write, value: &impl serde::Serialize) {
    let _ = writeln!(
        out,
        "{}",
        serde_json::to_string_pretty(value).unwrap_or_default()
    );
}

fn search(
    options: &CommonOptions,
    query: &str,
    limit: usize,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> i32 {
    let hits = Directory::global().search_offices(query, limit);
    if hits.is_empty() {
        let message = nothing_found(options.lang, query);
        return refuse(options, "not_found", &message, out, err);
    }
    if options.json {
        print_json(out, &hits);
        return 0;
    }
    for hit in hits {
        let _ = writeln!(out, "{}", listing(hit.office, options.lang));
    }
    0
}

/// An office as one line: its label, and for a closed office since when and who took over
/// ("[07901] BHXH Quận 1 — đã giải thể từ 01/7/2025; nay là …").
fn listing(office: &Office, lang: Lang) -> String {
    let directory = Directory::global();
    match directory.choosable_office(&office.id) {
        Err(OfficeRefusal::Closed(closed)) => {
            let (since, now, or) = match lang {
                Lang::Vi => ("đã giải thể", "nay là", " hoặc "),
                Lang::En => ("dissolved", "now", " or "),
            };
            let date = closed
                .closed_from
                .map(|d| match lang {
                    Lang::Vi => format!(" từ {d}"),
                    Lang::En => format!(" on {d}"),
                })
                .unwrap_or_default();
            format!(
                "{} — {since}{date}; {now} {}",
                closed.name,
                closed.successors.join(or)
            )
        }
        _ => directory.label(office),
    }
}

fn show(options: &CommonOptions, id: &str, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let office = match Directory::global().office(id) {
        Ok(office) => office,
        Err(e) => return refuse(options, e.code(), &e.message(options.lang), out, err),
    };
    if options.json {
        print_json(out, office);
        return 0;
    }
    write_office(out, office, options.lang);
    0
}

/// Prints an office as labelled lines; unknown fields are left out.
fn write_office(out: &mut dyn Write, office: &Office, lang: Lang) {
    let directory = Directory::global();
    let labels = match lang {
        Lang::Vi => [
            "Mã định danh",
            "Địa chỉ",
            "Điện thoại",
            "Phục vụ",
            "Thay bằng",
        ],
        Lang::En => ["Id", "Address", "Phone", "Serves", "Replaced by"],
    };
    let _ = writeln!(out, "{}", listing(office, lang));
    let _ = writeln!(out, "  {}: {}", labels[0], office.id);
    if let Some(address) = &office.address {
        let _ = writeln!(out, "  {}: {address}", labels[1]);
    }
    if let Some(phone) = &office.phone {
        let _ = writeln!(out, "  {}: {phone}", labels[2]);
    }
    if !office.communes.is_empty() {
        let names: Vec<String> = office
            .communes
            .iter()
            .map(|code| match directory.commune(code) {
                Ok(commune) => commune.name.to_string(),
                Err(_) => code.clone(),
            })
            .collect();
        let _ = writeln!(out, "  {}: {}", labels[3], names.join(", "));
    }
    for successor in &office.successors {
        let name = directory
            .office(successor)
            .map(|o| directory.label(o))
            .unwrap_or_else(|_| successor.clone());
        let _ = writeln!(out, "  {}: {name}", labels[4]);
    }
}

fn suggest(
    options: &CommonOptions,
    province: &str,
    commune: Option<&str>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> i32 {
    let suggestions = match Directory::global().suggest_offices(province, commune) {
        Ok(s) => s,
        Err(e) => return refuse(options, e.code(), &e.message(options.lang), out, err),
    };
    if options.json {
        print_json(out, &suggestions);
        return 0;
    }
    for suggestion in suggestions {
        let why = match (suggestion.reason, options.lang) {
            (SuggestionReason::ServesCommune, Lang::Vi) => "phụ trách phường/xã này",
            (SuggestionReason::ServesCommune, Lang::En) => "serves this commune",
            (SuggestionReason::ProvinceOffice, Lang::Vi) => "BHXH tỉnh/thành phố",
            (SuggestionReason::ProvinceOffice, Lang::En) => "provincial office",
        };
        let label = Directory::global().label(suggestion.office);
        let _ = writeln!(out, "{label} ({why})");
    }
    0
}

#[cfg(test)]
mod tests {

    fn run_offices(args: &[&str], json: bool) -> (i32, String, String) {
        let mut all = vec!["offices"];
        if json {
            all.push("--json");
        }
        all.extend_from_slice(args);
        crate::run_captured(&all)
    }

    #[test]
    fn ho_chi_minh_lists_079_first() {
        let (code, out, _) = run_offices(&["search", "ho chi minh"], false);
        assert_eq!(code, 0);
        assert_eq!(out.lines().next(), Some("[079] BHXH TP. Hồ Chí Minh"));
        let (code, out, _) = run_offices(&["search", "ho", "chi", "minh"], true);
        assert_eq!(code, 0);
        let hits: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(hits[0]["office"]["code"], "079");
        assert_eq!(hits[0]["office"]["phone"], "(028) 39.979.039");
    }

    #[test]
    fn search_by_code() {
        let (code, out, _) = run_offices(&["search", "07901"], false);
        assert_eq!(code, 0);
        assert_eq!(
            out.trim(),
            "[07901] BHXH Quận 1 — đã giải thể từ 01/7/2025; nay là (079) BHXH TP. Hồ Chí Minh - BHXH Cơ sở Tân Định"
        );
        // The JSON marks it on the office itself.
        let (code, out, _) = run_offices(&["search", "07901"], true);
        assert_eq!(code, 0);
        let hits: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(hits[0]["office"]["closed"], true);
        assert_eq!(
            hits[0]["office"]["successors"],
            serde_json::json!(["79-tan-dinh"])
        );
        assert_eq!(hits[0]["office"]["code_confirmed"], true);
    }

    #[test]
    fn show_and_suggest() {
        let (code, out, _) = run_offices(&["show", "79-tan-dinh"], false);
        assert_eq!(code, 0);
        assert!(out.contains("35 Lý Văn Phức"), "{out}");
        assert!(out.contains("Phường Sài Gòn"), "{out}");
        let (code, out, _) = run_offices(&["suggest", "79", "26737"], false);
        assert_eq!(code, 0);
        let lines: Vec<&str> = out.lines().collect();
        assert!(
            lines[0].starts_with("(079) BHXH TP. Hồ Chí Minh - BHXH Cơ sở Tân Định"),
            "{out}"
        );
        assert!(
            !out.contains("07901"),
            "a closed office is not suggested: {out}"
        );
        assert!(lines[1].starts_with("[079]"), "{out}");
        let (code, out, _) = run_offices(&["suggest", "01", "00004"], true);
        assert_eq!(code, 0);
        let value: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(value[0]["office"]["id"], "01-ba-dinh");
        assert_eq!(value[0]["reason"], "serves_commune");
    }

    #[test]
    fn refusals_exit_1_and_usage_errors_exit_2() {
        let (code, _, err) = run_offices(&["search", "zzzz"], false);
        assert_eq!(code, 1);
        assert!(err.contains("zzzz"));
        assert_eq!(run_offices(&["show", "99999"], false).0, 1);
        let (code, out, _) = run_offices(&["suggest", "79", "00004"], true);
        assert_eq!(code, 1);
        assert!(out.contains("commune_not_in_province"));
        assert_eq!(run_offices(&["search"], false).0, 2);
        assert_eq!(run_offices(&["suggest"], false).0, 2);
        assert_eq!(run_offices(&["suggest", "79", "26737", "x"], false).0, 2);
        assert_eq!(run_offices(&["show"], false).0, 2);
        assert_eq!(run_offices(&[], false).0, 2);
    }
}
