//! The registration page's section for the person's requests made in person: the copy of
//! their data and the tờ khai to hand over (each download audited by the staff API it links
//! to), and the form that erases the registration (supervisors and admins, confirmed by
//! typing the reference; answered by `registration::erase`).

use super::html::{csrf_field, esc, t, url_part};
use crate::problem::ApiProblem;
use crate::staff::registrations::RegistrationView;
use crate::staff::{console_problem, StaffSession};
use vssid_core::Lang;

/// The section: downloads for everyone who sees the registration; the erasure form for
/// supervisors and admins while there is data to erase.
pub fn section(lang: Lang, session: &StaffSession, view: &RegistrationView) -> String {
    let api = format!("/v1/staff/registrations/{}", url_part(&view.reference));
    let withdrawn = view.withdrawn_at.is_some();
    let mut links = format!(
        r#"<li><a href="{api}/data" download id="access-copy">{}</a></li>"#,
        t(
            lang,
            "Bản sao dữ liệu đang lưu (JSON, gồm cả ảnh)",
            "Copy of the data held (JSON, photos included)"
        ),
    );
    if crate::declaration_pdf::exists(view.status, withdrawn) {
        links.push_str(&format!(
            r#"<li><a href="{api}/declaration.pdf" download id="access-pdf">{}</a></li>"#,
            t(lang, "Tờ khai (PDF)", "The tờ khai (PDF)"),
        ));
    }
    let erase = if withdrawn {
        format!(
            "<p>{}</p>",
            t(
                lang,
                "Dữ liệu cá nhân và ảnh của hồ sơ này đã bị xóa; chỉ còn bản ghi tối thiểu.",
                "This registration's personal data and photos were deleted; only the minimal record remains."
            )
        )
    } else if session.account.role.supervises() {
        format!(
            r#"<form method="post" action="{action}" class="erase">{csrf}
<label for="erase-confirm">{label}</label>
<input id="erase-confirm" name="confirm" autocomplete="off" spellcheck="false" required aria-describedby="erase-hint">
<p class="hint" id="erase-hint">{hint}</p>
<button type="submit" id="erase">{button}</button>
</form>"#,
            action = esc(&format!(
                "/console/registrations/{}/erase",
                url_part(&view.reference)
            )),
            csrf = csrf_field(session),
            label = t(
                lang,
                "Xóa dữ liệu theo yêu cầu của người dân: nhập mã hồ sơ để xác nhận",
                "Delete the data at the person's request: type the reference to confirm"
            ),
            hint = t(
                lang,
                "Xóa ngay dữ liệu cá nhân, ảnh và thư của hồ sơ; gửi thư xác nhận cho người đăng ký. Không thể hoàn tác.",
                "Deletes the registration's personal data, photos and e-mails at once and mails the applicant a confirmation. It cannot be undone."
            ),
            button = t(lang, "Xóa dữ liệu", "Delete the data"),
        )
    } else {
        format!(
            "<p>{}</p>",
            t(
                lang,
                "Yêu cầu xóa dữ liệu do trưởng bộ phận hoặc quản trị viên thực hiện.",
                "A request to delete the data is carried out by a supervisor or an admin."
            )
        )
    };
    format!(
        r#"<section class="requests" aria-labelledby="requests-heading">
<h2 id="requests-heading">{heading}</h2>
<p class="hint">{hint}</p>
<ul>{links}</ul>
{erase}
</section>"#,
        heading = t(
            lang,
            "Yêu cầu của người dân về dữ liệu",
            "The person's requests about their data"
        ),
        hint = t(
            lang,
            "Khi người dân yêu cầu trực tiếp (tại quầy hoặc bằng văn bản). Mỗi lần tải và mỗi lần xóa được ghi vào nhật ký.",
            "For requests made in person (at the counter or by letter). Each download and each deletion is written in the audit log."
        ),
    )
}

/// The answer to an erasure form whose typed reference does not match.
pub(super) fn not_confirmed() -> ApiProblem {
    ApiProblem::from(console_problem(
        "staff_erase_not_confirmed",
        422,
        "The reference typed does not match",
        "Mã hồ sơ nhập để xác nhận không khớp; dữ liệu chưa bị xóa",
        "The reference typed to confirm does not match; nothing was deleted",
    ))
}
