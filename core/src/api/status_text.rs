//! What each status means to the applicant and what to do next, in Vietnamese and English:
//! the app's "Hồ sơ của tôi" and `vssid status` say the same words.

use super::status::RegistrationStatus;
use crate::lang::Lang;

/// The words of a status for the applicant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatusText {
    /// Short, e.g. "Đã duyệt".
    pub title: &'static str,
    /// What it means.
    pub meaning: &'static str,
    /// What to do next.
    pub next: &'static str,
}

impl RegistrationStatus {
    /// The status in the applicant's words.
    pub fn text(self, lang: Lang) -> StatusText {
        let vi = lang == Lang::Vi;
        let pick = |v: &'static str, e: &'static str| if vi { v } else { e };
        use RegistrationStatus as S;
        let (title, meaning, next) = match self {
            S::Received => (
                pick("Chờ xác thực email", "Waiting for the e-mail code"),
                pick(
                    "Hồ sơ đã được nhận nhưng chưa xác thực bằng mã gửi qua email.",
                    "The registration was received but not yet confirmed with the code sent by e-mail.",
                ),
                pick(
                    "Nhập mã xác thực (OTP) trong thư; nếu mã hết hạn, hồ sơ sẽ bị hủy và bạn cần đăng ký lại.",
                    "Enter the code (OTP) from the e-mail; if it expires the registration is cancelled and you register again.",
                ),
            ),
            S::Confirmed => (
                pick("Đang chờ xử lý", "Waiting for the office"),
                pick(
                    "Hồ sơ đã xác thực và đang chờ cơ quan BHXH tiếp nhận xem xét.",
                    "The registration is confirmed and waits for the BHXH office to review it.",
                ),
                pick(
                    "Bạn không cần làm gì thêm. Kết quả sẽ được gửi qua email.",
                    "Nothing to do now. The result is sent to you by e-mail.",
                ),
            ),
            S::InReview => (
                pick("Đang xem xét", "Being reviewed"),
                pick(
                    "Cán bộ cơ quan BHXH đang xem xét hồ sơ của bạn.",
                    "A person at the BHXH office is reviewing your registration.",
                ),
                pick(
                    "Bạn không cần làm gì thêm. Kết quả sẽ được gửi qua email.",
                    "Nothing to do now. The result is sent to you by e-mail.",
                ),
            ),
            S::Approved => (
                pick("Đã duyệt", "Approved"),
                pick(
                    "Cơ quan BHXH đã cấp tài khoản VssID cho bạn. Tên đăng nhập là mã số BHXH của bạn.",
                    "The BHXH office issued your VssID account. The user name is your BHXH code.",
                ),
                pick(
                    "Mật khẩu được gửi qua email hoặc tin nhắn SMS. Mở ứng dụng VssID, đăng nhập bằng mã số BHXH và mật khẩu đó, rồi đổi mật khẩu.",
                    "The password comes by e-mail or text message. Open the VssID app, sign in with your BHXH code and that password, then change the password.",
                ),
            ),
            S::Rejected => (
                pick("Bị từ chối", "Refused"),
                pick(
                    "Cơ quan BHXH không chấp nhận hồ sơ này; lý do ghi bên dưới và trong email.",
                    "The BHXH office did not accept this registration; the reason is below and in the e-mail.",
                ),
                pick(
                    "Nếu lý do có thể khắc phục, bạn có thể đăng ký lại với thông tin đúng, hoặc liên hệ cơ quan BHXH hay tổng đài 1900 9068.",
                    "If the reason can be fixed you may register again with the right details, or contact the office or the hotline 1900 9068.",
                ),
            ),
            S::ChangesRequested => (
                pick("Cần bổ sung", "Changes requested"),
                pick(
                    "Cơ quan BHXH đề nghị bạn sửa một số mục của hồ sơ.",
                    "The BHXH office asks you to correct some parts of the registration.",
                ),
                pick(
                    "Chọn \"Sửa và gửi lại\": chỉ những mục được yêu cầu mở để sửa.",
                    "Choose \"Correct and send again\": only the parts asked for open for changes.",
                ),
            ),
            S::Resubmitted => (
                pick("Đã gửi bổ sung", "Corrections sent"),
                pick(
                    "Bạn đã gửi phần bổ sung; hồ sơ đã trở lại hàng chờ của cơ quan BHXH.",
                    "Your corrections were sent; the registration is back in the office's queue.",
                ),
                pick(
                    "Bạn không cần làm gì thêm. Kết quả sẽ được gửi qua email.",
                    "Nothing to do now. The result is sent to you by e-mail.",
                ),
            ),
            S::Withdrawn => (
                pick("Đã rút hồ sơ", "Withdrawn"),
                pick(
                    "Bạn đã rút lại đồng ý; dữ liệu cá nhân của hồ sơ đã bị xóa.",
                    "You withdrew your consent; the registration's personal data was deleted.",
                ),
                pick(
                    "Nếu vẫn cần tài khoản, hãy đăng ký lại.",
                    "If you still need an account, register again.",
                ),
            ),
            S::Expired => (
                pick("Đã hết hạn", "Expired"),
                pick(
                    "Hồ sơ không được xác thực bằng mã email kịp thời nên đã bị hủy.",
                    "The registration was not confirmed with the e-mail code in time and was cancelled.",
                ),
                pick("Vui lòng đăng ký lại.", "Please register again."),
            ),
        };
        StatusText {
            title,
            meaning,
            next,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_status_has_its_own_words_in_both_languages() {
        let mut titles = std::collections::HashSet::new();
        for status in RegistrationStatus::ALL {
            let vi = status.text(Lang::Vi);
            let en = status.text(Lang::En);
            assert!(titles.insert(vi.title), "{status:?}");
            assert_ne!(vi.title, en.title);
            assert_ne!(vi.meaning, en.meaning);
            assert_ne!(vi.next, en.next);
        }
        assert_eq!(
            RegistrationStatus::Approved.text(Lang::Vi).title,
            "Đã duyệt"
        );
    }
}
