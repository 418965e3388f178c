//! What the applicant changed when they sent corrections (the staff view's `resubmissions`):
//! for each resubmission, when, each changed field from what to what (the address by its
//! names), and the photos replaced (the old ones are kept for the office until its next
//! decision). Every value escaped.

use super::html::{esc, t};
use crate::store::resubmissions::ResubmissionRecord;
use crate::AppState;
use vssid_core::api::PhotoSlot;
use vssid_core::fields::FieldId;
use vssid_core::Lang;

/// A field's value as the office reads it (the province and the commune by their names).
fn readable(state: &AppState, field: Option<FieldId>, value: &str) -> String {
    let units = state.units();
    match field {
        Some(FieldId::Province) => units.province_name(value),
        Some(FieldId::Commune) => units.commune_name(value),
        _ => None,
    }
    .unwrap_or_else(|| value.to_string())
}

/// The table of one resubmission's changed fields (empty when only photos changed, or when
/// the applicant withdrew and the values were deleted).
fn field_rows(state: &AppState, lang: Lang, changes: &serde_json::Value) -> String {
    let Some(changes) = changes.as_object() else {
        return String::new();
    };
    let mut rows = String::new();
    for (code, change) in changes {
        let field = FieldId::parse(code);
        let label = field.map(|f| f.label(lang)).unwrap_or(code.as_str());
        let value = |side: &str| {
            change
                .get(side)
                .and_then(|v| v.as_str())
                .map(|v| readable(state, field, v))
                .unwrap_or_default()
        };
        rows.push_str(&format!(
            "<tr><th scope=\"row\">{}</th><td class=\"before\"><del>{}</del></td><td class=\"after\"><ins>{}</ins></td></tr>\n",
            esc(label),
            esc(&value("before")),
            esc(&value("after")),
        ));
    }
    rows
}

/// The section, or nothing when the applicant never sent corrections. Newest first.
pub fn resubmissions(state: &AppState, lang: Lang, list: &[ResubmissionRecord]) -> String {
    if list.is_empty() {
        return String::new();
    }
    let mut items = String::new();
    for (n, resubmission) in list.iter().enumerate().rev() {
        let at = vssid_core::datetime::vietnam_time_from_unix_ms(resubmission.at_ms);
        let rows = field_rows(state, lang, &resubmission.changes);
        let table = if rows.is_empty() {
            String::new()
        } else {
            format!(
                r#"<table class="changes" id="changes-{n}-fields">
<caption>{caption}</caption>
<thead><tr><th scope="col">{field}</th><th scope="col">{before}</th><th scope="col">{after}</th></tr></thead>
<tbody>
{rows}</tbody>
</table>"#,
                caption = t(lang, "Các mục đã sửa", "Fields changed"),
                field = t(lang, "Mục", "Field"),
                before = t(lang, "Trước", "Before"),
                after = t(lang, "Sau", "After"),
            )
        };
        let photos = if resubmission.photos.is_empty() {
            String::new()
        } else {
            let named: Vec<&str> = resubmission
                .photos
                .iter()
                .map(|slot: &PhotoSlot| slot.field().label(lang))
                .collect();
            format!(
                r#"<p id="changes-{n}-photos">{}: {}</p>"#,
                t(
                    lang,
                    "Ảnh đã thay (ảnh cũ được giữ đến quyết định tiếp theo)",
                    "Photos replaced (the old ones are kept until the next decision)"
                ),
                esc(&named.join(", "))
            )
        };
        items.push_str(&format!(
            r#"<li class="resubmission" id="changes-{n}">
<h3>{sent} {at}</h3>
{table}
{photos}
</li>
"#,
            sent = t(lang, "Gửi bổ sung lúc", "Corrections sent at"),
            at = esc(&at),
        ));
    }
    format!(
        r#"<section class="resubmissions" id="resubmissions" aria-labelledby="resubmissions-heading">
<h2 id="resubmissions-heading">{heading}</h2>
<ol class="history">
{items}</ol>
</section>"#,
        heading = t(
            lang,
            "Người đăng ký đã bổ sung",
            "What the applicant changed"
        ),
    )
}
