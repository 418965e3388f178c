//! Exports of a period's approved registrations (supervisors and admins):
//! `GET /v1/staff/exports/approved.csv` (UTF-8 with a byte order mark, so that Excel reads the
//! Vietnamese names right) and `GET /v1/staff/exports/approved.zip` (the same CSV and the
//! photos, `<reference>/<slot>.jpg`). The period is of the approval, in Vietnam's calendar
//! days, both ends included. Each export is one audit line (`export`) naming the references.

use super::audit::{record_for_office, Action};
use super::call::StaffCall;
use super::download::{attachment, cell, BOM};
use super::{not_found, StaffProblem, StaffSession};
use crate::client_addr::ClientAddr;
use crate::problem::ApiProblem;
use crate::store::staff::ApprovedRow;
use crate::zip::StoredZip;
use crate::AppState;
use axum::extract::rejection::QueryRejection;
use axum::extract::Query;
use axum::response::Response;
use serde::Deserialize;
use vssid_core::api::{PhotoSlot, RegistrationRequest};
use vssid_core::Lang;

/// The longest period one export covers, in days.
pub const MAX_PERIOD_DAYS: i64 = 366;

/// The export's filters.
#[derive(Debug, Default, Deserialize)]
pub struct ExportParams {
    /// One of the account's offices; all of them when absent.
    pub office: Option<String>,
    /// `YYYY-MM-DD`, the first day (Vietnam time).
    pub from: Option<String>,
    /// `YYYY-MM-DD`, the last day, included.
    pub to: Option<String>,
}

/// The file kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Csv,
    Zip,
}

impl Format {
    fn as_str(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Zip => "zip",
        }
    }
}

/// 00:00 Vietnam time of a `YYYY-MM-DD` day, in Unix milliseconds.
fn day_start_ms(name: &str, text: Option<&str>) -> Result<(String, i64), ApiProblem> {
    let refused = || ApiProblem::bad_request(format!("{name}: expected a date YYYY-MM-DD"));
    let text = text
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .ok_or_else(refused)?;
    let shape_ok = text.len() == 10
        && text.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    if !shape_ok {
        return Err(refused());
    }
    let secs = vssid_core::datetime::unix_secs_from_rfc3339(&format!("{text}T00:00:00+07:00"))
        .ok_or_else(refused)?;
    // A day that does not exist (31 April) comes back as another one.
    let shown = vssid_core::datetime::vietnam_time_from_unix_ms(secs * 1000);
    let expected = format!("{}/{}/{} 00:00", &text[8..10], &text[5..7], &text[..4]);
    if shown != expected {
        return Err(refused());
    }
    Ok((text.to_string(), secs * 1000))
}

/// The checked request: offices, the period in milliseconds and its words.
struct Period {
    offices: Vec<String>,
    from: String,
    to: String,
    from_ms: i64,
    to_ms: i64,
}

fn period(session: &StaffSession, params: &ExportParams) -> Result<Period, ApiProblem> {
    if !session.account.role.supervises() {
        return Err(StaffProblem::Forbidden.into());
    }
    let offices = match params.office.as_deref().map(str::trim) {
        None | Some("") => session.account.offices.clone(),
        Some(office) if session.account.serves(office) => vec![office.to_string()],
        Some(_) => return Err(not_found()),
    };
    let (from, from_ms) = day_start_ms("from", params.from.as_deref())?;
    let (to, to_start_ms) = day_start_ms("to", params.to.as_deref())?;
    let to_ms = to_start_ms + 86_400_000;
    if to_ms <= from_ms {
        return Err(ApiProblem::bad_request(
            "to: the period ends before it starts",
        ));
    }
    if to_ms - from_ms > MAX_PERIOD_DAYS * 86_400_000 {
        return Err(ApiProblem::bad_request(format!(
            "to: a period has at most {MAX_PERIOD_DAYS} days"
        )));
    }
    Ok(Period {
        offices,
        from,
        to,
        from_ms,
        to_ms,
    })
}

/// The column headings, Vietnamese first, English second.
const HEADINGS: [(&str, &str); 11] = [
    ("Mã hồ sơ", "Reference"),
    ("Cơ quan BHXH", "Office"),
    ("Ngày duyệt", "Approved"),
    ("Tên đăng nhập đã cấp", "User name issued"),
    ("Họ và tên", "Full name"),
    ("Mã BHXH", "BHXH code"),
    ("Số CCCD/Hộ chiếu/CMND", "ID number"),
    ("Địa chỉ liên hệ", "Contact address"),
    ("Số điện thoại", "Phone"),
    ("Email", "E-mail"),
    ("Người duyệt", "Approved by"),
];

/// The CSV of the rows: BOM, a heading line, one line per registration, CRLF line ends.
pub fn approved_csv(state: &AppState, rows: &[ApprovedRow]) -> Result<Vec<u8>, ApiProblem> {
    let mut out = String::new();
    let headings: Vec<String> = HEADINGS
        .iter()
        .map(|(vi, en)| cell(&format!("{vi} ({en})")))
        .collect();
    out.push_str(&headings.join(","));
    out.push_str("\r\n");
    let units = state.units();
    for row in rows {
        let request: RegistrationRequest =
            serde_json::from_str(&row.declaration_json).map_err(ApiProblem::internal)?;
        let form = &request.form;
        let commune = units
            .commune_name(&form.commune)
            .unwrap_or_else(|| form.commune.clone());
        let province = units
            .province_name(&form.province)
            .unwrap_or_else(|| form.province.clone());
        let line = [
            row.reference.clone(),
            row.office.clone(),
            vssid_core::datetime::vietnam_time_from_unix_ms(row.approved_at_ms),
            row.account_name.clone().unwrap_or_default(),
            form.full_name.clone(),
            form.bhxh_code.clone(),
            form.person_id.clone(),
            format!("{}, {commune}, {province}", form.street),
            form.phone.clone(),
            row.email.clone(),
            row.staff_name.clone(),
        ];
        let cells: Vec<String> = line.iter().map(|c| cell(c)).collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    let mut bytes = BOM.to_vec();
    bytes.extend_from_slice(out.as_bytes());
    Ok(bytes)
}

/// The file's name: `vssid-da-duyet-<offices>-<from>-<to>.<ext>`.
fn file_name(period: &Period, format: Format) -> String {
    format!(
        "vssid-da-duyet-{}-{}-{}.{}",
        period.offices.join("+"),
        period.from,
        period.to,
        format.as_str()
    )
}

/// The ZIP: the CSV (under the export's name) and each photo as `<reference>/<slot>.jpg`.
fn approved_zip(
    state: &AppState,
    rows: &[ApprovedRow],
    csv_name: &str,
) -> Result<Vec<u8>, ApiProblem> {
    let mut zip = StoredZip::new();
    let too_large = |e: crate::zip::ZipError| {
        ApiProblem::bad_request(format!(
            "the export is too large ({e}); choose a shorter period"
        ))
    };
    zip.add(csv_name, &approved_csv(state, rows)?)
        .map_err(too_large)?;
    for row in rows {
        let mut photos = state.store().photos(&row.id)?;
        photos.sort_by_key(|p| PhotoSlot::ALL.iter().position(|s| *s == p.slot));
        for photo in photos {
            let bytes = state
                .photo_store()
                .read(&photo.sha256)
                .map_err(ApiProblem::internal)?;
            let name = format!("{}/{}.jpg", row.reference, photo.slot.part_name());
            zip.add(&name, &bytes).map_err(too_large)?;
        }
    }
    Ok(zip.finish())
}

/// The rows, the file, and its audit line (blocking).
fn export(
    state: &AppState,
    session: &StaffSession,
    client: ClientAddr,
    params: &ExportParams,
    format: Format,
) -> Result<Response, ApiProblem> {
    let period = period(session, params)?;
    let rows = state
        .staff()
        .approved_between(&period.offices, period.from_ms, period.to_ms)?;
    let csv_name = file_name(&period, Format::Csv);
    let response = match format {
        Format::Csv => attachment(
            approved_csv(state, &rows)?,
            "text/csv; charset=utf-8",
            &csv_name,
        ),
        Format::Zip => attachment(
            approved_zip(state, &rows, &csv_name)?,
            "application/zip",
            &file_name(&period, Format::Zip),
        ),
    };
    // One line per office, each naming only its references: a supervisor of one office does
    // not read another's.
    for office in &period.offices {
        let references: Vec<&str> = rows
            .iter()
            .filter(|r| &r.office == office)
            .map(|r| r.reference.as_str())
            .collect();
        record_for_office(
            state,
            session,
            client,
            Action::Export,
            office,
            format!(
                "{} office={office} from={} to={} approved={}: {}",
                format.as_str(),
                period.from,
                period.to,
                references.len(),
                references.join(",")
            ),
        )?;
    }
    Ok(response)
}

/// `GET /v1/staff/exports/approved.csv?office=&from=&to=`.
pub async fn approved_csv_route(
    call: StaffCall,
    params: Result<Query<ExportParams>, QueryRejection>,
) -> Result<Response, ApiProblem> {
    let Query(params) = params.map_err(|e| ApiProblem::bad_request(e.body_text()))?;
    call.run(move |state, session, client| export(state, session, client, &params, Format::Csv))
        .await
}

/// `GET /v1/staff/exports/approved.zip?office=&from=&to=`.
pub async fn approved_zip_route(
    call: StaffCall,
    params: Result<Query<ExportParams>, QueryRejection>,
) -> Result<Response, ApiProblem> {
    let Query(params) = params.map_err(|e| ApiProblem::bad_request(e.body_text()))?;
    call.run(move |state, session, client| export(state, session, client, &params, Format::Zip))
        .await
}

/// The headings of the CSV in `lang` only (for the console's description of the file).
pub fn headings(lang: Lang) -> Vec<&'static str> {
    HEADINGS
        .iter()
        .map(|(vi, en)| if lang == Lang::Vi { *vi } else { *en })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_quoted_and_formulas_defused() {
        assert_eq!(cell("Nguyễn Thị Ánh"), "Nguyễn Thị Ánh");
        assert_eq!(
            cell("12 Lý Văn Phức, khu phố 3"),
            "\"12 Lý Văn Phức, khu phố 3\""
        );
        assert_eq!(cell("a \"b\""), "\"a \"\"b\"\"\"");
        assert_eq!(cell("=HYPERLINK(1)"), "'=HYPERLINK(1)");
        assert_eq!(cell("-1,2"), "\"'-1,2\"");
    }

    #[test]
    fn days_are_checked_and_start_at_midnight_in_vietnam() {
        let (_, ms) = day_start_ms("from", Some("2026-01-01")).unwrap();
        assert_eq!(ms, 1_767_200_400_000, "2025-12-31T17:00:00Z");
        for bad in ["2026-02-30", "2026-1-01", "01/01/2026", "", "2026-13-01"] {
            assert!(day_start_ms("from", Some(bad)).is_err(), "{bad}");
        }
        assert!(day_start_ms("from", None).is_err());
    }
}
