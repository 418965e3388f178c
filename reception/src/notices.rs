//! The notice an applicant gets at every decision of the office, in their language: approved
//! (the VssID user name, how the password arrives, how to sign in), rejected (the reason in
//! plain words and what they can do), changes requested (which fields or photos, why, and that
//! the app takes them there). Nothing of the declaration is in it beyond the user name issued
//! (the BHXH code the person declared and confirmed). Composed as a [`MailMessage`] and written
//! to the outbox like every other e-mail.

use crate::mail::{operator_footer, MailMessage};
use crate::store::RegistrationRecord;
use crate::AppState;
use vssid_core::api::{Decision, DecisionReason, ValidDecision};
use vssid_core::Lang;

/// What a notice says besides the decision.
#[derive(Debug, Clone)]
pub struct NoticeMail<'a> {
    pub from: &'a str,
    pub to: &'a str,
    pub lang: Lang,
    pub reference: &'a str,
    /// How the office is named (`[079] BHXH …`, or its code).
    pub office: &'a str,
    pub operator: &'a crate::config::Operator,
    /// When the decision was recorded (makes the message id unique).
    pub decided_at_ms: i64,
}

/// What the applicant can do after a refusal, by reason.
fn after_refusal(reason: DecisionReason, lang: Lang) -> &'static str {
    let (vi, en) = match reason {
        DecisionReason::Duplicate => (
            "Có thể bạn đã có tài khoản VssID: hãy thử đăng nhập bằng mã số BHXH, hoặc chọn \"Quên mật khẩu\" trong ứng dụng VssID. Không cần đăng ký lại.",
            "You may already have a VssID account: try signing in with your BHXH code, or choose \"Quên mật khẩu\" (forgot password) in the VssID app. There is no need to register again.",
        ),
        DecisionReason::IdentityMismatch => (
            "Hãy kiểm tra họ tên, ngày sinh và số CCCD đúng như trên thẻ CCCD. Nếu thông tin trong Cơ sở dữ liệu quốc gia về dân cư chưa đúng, hãy điều chỉnh tại cơ quan công an, sau đó đăng ký lại.",
            "Check that your name, date of birth and ID number are exactly as on your CCCD. If the national population database holds wrong details, have them corrected by the police, then register again.",
        ),
        DecisionReason::NotServedHere => (
            "Hãy đăng ký lại và chọn cơ quan BHXH phụ trách nơi bạn đang sinh sống.",
            "Register again and choose the BHXH office that serves the place where you live.",
        ),
        _ => (
            "Bạn có thể đăng ký lại với thông tin đúng, hoặc liên hệ cơ quan BHXH để biết thêm.",
            "You may register again with the right details, or contact the BHXH office to learn more.",
        ),
    };
    match lang {
        Lang::Vi => vi,
        Lang::En => en,
    }
}

/// The notice of `decision`, in `mail.lang`.
pub fn decision_message(decision: &ValidDecision, mail: &NoticeMail<'_>) -> MailMessage {
    let lang = mail.lang;
    let vi = lang == Lang::Vi;
    let pick = |v: &'static str, e: &'static str| if vi { v } else { e };
    let mut body = format!(
        "{}: {}\n{}: {}\n\n",
        pick("Mã hồ sơ", "Reference"),
        mail.reference,
        pick("Cơ quan BHXH tiếp nhận", "Receiving BHXH office"),
        mail.office
    );
    let reason = decision.reason.label(lang);
    let note = |body: &mut String| {
        if !decision.note.is_empty() {
            body.push_str(&format!(
                "{}: {}\n",
                pick("Ghi chú của cơ quan BHXH", "The office's note"),
                decision.note
            ));
        }
    };
    let subject = match decision.decision {
        Decision::Approve => {
            let user = decision.account_name.as_deref().unwrap_or_default();
            body.push_str(pick(
                "Hồ sơ đăng ký của bạn đã được duyệt: cơ quan BHXH đã cấp tài khoản giao dịch điện tử VssID.\n\n",
                "Your registration was approved: the BHXH office issued your VssID e-transaction account.\n\n",
            ));
            body.push_str(&format!(
                "{}: {user}\n",
                pick(
                    "Tên đăng nhập (mã số BHXH của bạn)",
                    "User name (your BHXH code)"
                )
            ));
            body.push_str(pick(
                "Mật khẩu: cơ quan BHXH gửi mật khẩu tạm thời riêng, qua email hoặc tin nhắn SMS tới số điện thoại đã đăng ký. Thư này không chứa mật khẩu; không ai được hỏi mật khẩu của bạn.\n\n",
                "Password: the BHXH office sends a temporary password separately, by e-mail or text message to the phone number you registered. This message holds no password; nobody may ask you for it.\n\n",
            ));
            body.push_str(pick(
                "Cách đăng nhập:\n1. Cài ứng dụng VssID – BHXH số của Bảo hiểm xã hội Việt Nam từ App Store hoặc Google Play.\n2. Nhập mã số BHXH và mật khẩu tạm thời, rồi đổi mật khẩu ngay.\n3. Nếu mật khẩu tạm thời không dùng được, chọn \"Quên mật khẩu\" để nhận mã qua email.\nSau khi có tài khoản, bạn cũng có thể đăng nhập bằng tài khoản định danh điện tử VNeID mức 2. Nhập sai mật khẩu nhiều lần, tài khoản sẽ bị khóa tạm thời.\n",
                "How to sign in:\n1. Install the VssID – BHXH số app of Vietnam Social Security from the App Store or Google Play.\n2. Enter your BHXH code and the temporary password, then change the password at once.\n3. If the temporary password does not work, choose \"Quên mật khẩu\" (forgot password) to get a code by e-mail.\nOnce you have the account you can also sign in with a level-2 VNeID account. After several wrong passwords the account is locked for a while.\n",
            ));
            match lang {
                Lang::Vi => format!(
                    "Hồ sơ đã được duyệt – tài khoản VssID – mã hồ sơ {}",
                    mail.reference
                ),
                Lang::En => format!(
                    "Approved: your VssID account – reference {}",
                    mail.reference
                ),
            }
        }
        Decision::Reject => {
            body.push_str(pick(
                "Cơ quan BHXH không chấp nhận hồ sơ đăng ký này.\n\n",
                "The BHXH office did not accept this registration.\n\n",
            ));
            body.push_str(&format!("{}: {reason}\n", pick("Lý do", "Reason")));
            note(&mut body);
            body.push_str(&format!(
                "\n{}\n{}\n",
                pick("Bạn có thể làm gì:", "What you can do:"),
                after_refusal(decision.reason, lang)
            ));
            match lang {
                Lang::Vi => format!("Hồ sơ không được chấp nhận – mã hồ sơ {}", mail.reference),
                Lang::En => format!("Registration not accepted – reference {}", mail.reference),
            }
        }
        Decision::RequestChanges => {
            body.push_str(pick(
                "Cơ quan BHXH đề nghị bạn bổ sung hồ sơ. Cần sửa:\n",
                "The BHXH office asks you to correct your registration. To correct:\n",
            ));
            for field in &decision.fields {
                body.push_str(&format!("- {}\n", field.label(lang)));
            }
            body.push_str(&format!("\n{}: {reason}\n", pick("Lý do", "Why")));
            note(&mut body);
            body.push_str(pick(
                "\nMở ứng dụng đăng ký, vào \"Hồ sơ của tôi\", chọn hồ sơ này rồi chọn \"Sửa và gửi lại\": ứng dụng đưa bạn thẳng tới những mục trên, các mục khác giữ nguyên. Hồ sơ sẽ trở lại hàng chờ của cơ quan BHXH sau khi bạn gửi lại.\n",
                "\nOpen the registration app, go to \"Hồ sơ của tôi\" (My registrations), choose this registration and then \"Correct and send again\": the app takes you straight to the parts above, the rest stays as it is. The registration goes back to the office's queue once you send it.\n",
            ));
            match lang {
                Lang::Vi => format!("Cần bổ sung hồ sơ – mã hồ sơ {}", mail.reference),
                Lang::En => format!("Changes requested – reference {}", mail.reference),
            }
        }
    };
    body.push_str(pick(
        "\nHỗ trợ: tổng đài BHXH 1900 9068.\n",
        "\nHelp: the BHXH hotline 1900 9068.\n",
    ));
    body.push_str(&operator_footer(mail.operator, lang));
    MailMessage {
        from: mail.from.to_string(),
        to: mail.to.to_string(),
        subject,
        body,
        lang,
        date_ms: mail.decided_at_ms,
        message_id: format!(
            "{}.decided{}@vssid.invalid",
            mail.reference, mail.decided_at_ms
        ),
        reply_to: None,
        attachments: Vec::new(),
    }
}

/// Writes the notice of a decision just recorded to the outbox. A failure is logged: the
/// decision stands (the applicant also sees it in the app).
pub fn send_decision_notice(
    state: &AppState,
    record: &RegistrationRecord,
    decision: &ValidDecision,
    decided_at_ms: i64,
) {
    if record.email.is_empty() {
        return;
    }
    let sender = state.config().mail_sender();
    let office = state
        .offices()
        .find(&record.office)
        .map_or_else(|| record.office.clone(), |o| o.label());
    let mail = NoticeMail {
        from: &sender,
        to: &record.email,
        lang: record.lang,
        reference: &record.reference,
        office: &office,
        operator: &state.config().operator,
        decided_at_ms,
    };
    let message = decision_message(decision, &mail);
    // `<reference>-<word>` like the other e-mails, so a withdrawal or the sweep removes it.
    let stem = format!("{}-decided{decided_at_ms}", record.reference);
    match state.outbox().deliver(&stem, &message) {
        Ok(_) => {
            tracing::info!(reference = %record.reference, decision = decision.decision.as_str(), "decision notice written")
        }
        Err(error) => {
            tracing::error!(reference = %record.reference, %error, "cannot write the decision notice to the outbox")
        }
    }
}
