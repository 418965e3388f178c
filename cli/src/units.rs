//! `vssid units`: search the 2025 administrative units, convert a pre-2025 commune code.

use crate::{refuse, CommonOptions};
use clap::{Args, Subcommand};
use std::io::Write;
use vssid_core::directory::{Directory, UnitRef};
use vssid_core::{Lang, Localized};

/// The default number of search results.
pub const DEFAULT_LIMIT: usize = 20;

/// The subcommands of `vssid units`.
#[derive(Debug, Clone, Subcommand)]
pub enum UnitsCommand {
    /// Searches provinces and communes by name (diacritics optional) or code.
    Search(SearchArgs),
    /// Gives the 2025 commune a pre-2025 commune became.
    Convert {
        /// The legacy (pre-2025) commune code.
        code: String,
    },
}

/// A search: the query and how many results at most (`units search`, `offices search`).
#[derive(Debug, Clone, Args)]
pub struct SearchArgs {
    /// What to look for; several words are joined with spaces.
    #[arg(required = true, num_args = 1..)]
    pub query: Vec<String>,
    /// At most this many results.
    #[arg(long, value_name = "N", default_value_t = DEFAULT_LIMIT, value_parser = positive)]
    pub limit: usize,
}

impl SearchArgs {
    /// The words as one query; `None` when they are all blank.
    pub fn query(&self) -> Option<String> {
        let query = self.query.join(" ");
        (!query.trim().is_empty()).then_some(query)
    }
}

fn positive(value: &str) -> Result<usize, String> {
    value
        .parse::<usize>()
        .ok()
        .filter(|n| *n > 0)
        .ok_or(format!("a positive number is needed, not {value:?}"))
}

/// Runs `vssid units`.
pub fn run(
    options: &CommonOptions,
    command: &UnitsCommand,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> i32 {
    match command {
        UnitsCommand::Search(args) => match args.query() {
            Some(query) => search(options, &query, args.limit, out, err),
            None => blank_query(err, "units"),
        },
        UnitsCommand::Convert { code } => convert(options, code, out, err),
    }
}

/// A query of blanks only: a usage error (2).
pub(crate) fn blank_query(err: &mut dyn Write, command: &str) -> i32 {
    let _ = writeln!(err, "error: vssid {command} search needs a query");
    2
}

pub(crate) fn nothing_found(lang: Lang, query: &str) -> String {
    match lang {
        Lang::Vi => format!("Không tìm thấy kết quả nào cho “{query}”"),
        Lang::En => format!("Nothing found for “{query}”"),
    }
}

fn search(
    options: &CommonOptions,
    query: &str,
    limit: usize,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> i32 {
    let hits = Directory::global().search_units(query, limit);
    if hits.is_empty() {
        let message = nothing_found(options.lang, query);
        return refuse(options, "not_found", &message, out, err);
    }
    if options.json {
        let _ = writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&hits).unwrap_or_default()
        );
        return 0;
    }
    for hit in hits {
        let _ = match hit.unit {
            UnitRef::Province(p) => writeln!(out, "{:<6} {}", p.code, p.name),
            UnitRef::Commune(c) => writeln!(out, "{:<6} {}, {}", c.code, c.name, hit.province.name),
        };
    }
    0
}

fn convert(options: &CommonOptions, code: &str, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let conversion = match Directory::global().convert_legacy_commune(code) {
        Ok(c) => c,
        Err(e) => return refuse(options, e.code(), &e.message(options.lang), out, err),
    };
    if options.json {
        let _ = writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&conversion).unwrap_or_default()
        );
        return 0;
    }
    let old = format!(
        "{} {}, {}, {}",
        conversion.legacy_commune.code,
        conversion.legacy_commune.name,
        conversion.legacy_district.name,
        conversion.legacy_province.name
    );
    let new = format!(
        "{} {}, {}",
        conversion.commune.code, conversion.commune.name, conversion.province.name
    );
    let (before, after, split) = match options.lang {
        Lang::Vi => ("Trước 1/7/2025", "Từ 1/7/2025", "Một phần cũng thuộc"),
        Lang::En => ("Before 2025-07-01", "From 2025-07-01", "Parts also went to"),
    };
    let _ = writeln!(out, "{before}: {old}\n{after}: {new}");
    for part in &conversion.other_parts {
        let _ = writeln!(out, "{split}: {} {}", part.code, part.name);
    }
    0
}

#[cfg(test)]
mod tests {

    fn run_units(args: &[&str], json: bool) -> (i32, String, String) {
        let mut all = vec!["units"];
        if json {
            all.push("--json");
        }
        all.extend_from_slice(args);
        crate::run_captured(&all)
    }

    #[test]
    fn search_prints_codes_and_names() {
        let (code, out, _) = run_units(&["search", "thu", "duc"], false);
        assert_eq!(code, 0);
        let first = out.lines().next().unwrap();
        assert!(first.starts_with("26824"), "{first}");
        assert!(first.contains("Phường Thủ Đức, Thành phố Hồ Chí Minh"));
        assert!(!out.contains("Thủ Dầu Một"));
    }

    #[test]
    fn search_as_json_with_a_limit() {
        let (code, out, _) = run_units(&["search", "tan", "--limit", "3"], true);
        assert_eq!(code, 0);
        let hits: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(hits.as_array().unwrap().len(), 3);
        assert!(hits[0]["unit"]["code"].is_string());
        assert!(hits[0]["rank"].is_string());
    }

    #[test]
    fn nothing_found_exits_1() {
        let (code, out, err) = run_units(&["search", "qqqqq"], false);
        assert_eq!((code, out.as_str()), (1, ""));
        assert!(err.contains("qqqqq"));
        let (code, out, _) = run_units(&["search", "qqqqq"], true);
        assert_eq!(code, 1);
        let value: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(value["error"]["code"], "not_found");
    }

    #[test]
    fn convert_an_old_hcmc_ward() {
        let (code, out, _) = run_units(&["convert", "26740"], false);
        assert_eq!(code, 0);
        assert!(out.contains("Phường Bến Nghé, Quận 1"), "{out}");
        assert!(
            out.contains("26740 Phường Sài Gòn, Thành phố Hồ Chí Minh"),
            "{out}"
        );
        let (code, out, _) = run_units(&["convert", "26734"], true);
        assert_eq!(code, 0);
        let value: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(value["commune"]["code"], "26737");
        assert_eq!(value["legacy_commune"]["name"], "Phường Tân Định");
    }

    #[test]
    fn unknown_code_exits_1_and_bad_usage_exits_2() {
        let (code, _, err) = run_units(&["convert", "99999"], false);
        assert_eq!(code, 1);
        assert!(err.contains("99999"));
        let (code, out, _) = run_units(&["convert", "99999"], true);
        assert_eq!(code, 1);
        assert!(out.contains("unknown_legacy_commune"));
        assert_eq!(run_units(&["convert"], false).0, 2);
        assert_eq!(run_units(&["search"], false).0, 2);
        assert_eq!(run_units(&["search", "x", "--limit", "0"], false).0, 2);
        assert_eq!(run_units(&["search", "x", "--limit=ba"], false).0, 2);
        assert_eq!(run_units(&["search", " "], false).0, 2);
        assert_eq!(run_units(&["frob"], false).0, 2);
        assert_eq!(run_units(&[], false).0, 2);
    }
}
