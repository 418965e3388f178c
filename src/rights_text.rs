//! The strings of the consent screen, the guardian's consent and the rights on the receipt,
//! in Vietnamese and English (the rest of the interface is in `i18n`).

use vssid_core::Lang;

/// A string of the consent and rights screens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RightsText {
    ConsentHeading,
    ConsentIntro,
    ConsentSummaryHeading,
    ConsentFullText,
    ConsentFromService,
    ConsentBuiltIn,
    ConsentLegend,
    ConsentGeneral,
    ConsentIdImages,
    ConsentForYoungChild,
    ConsentAccept,
    ConsentDecline,
    DeclinedHeading,
    DeclinedBody,
    DeclinedOfficialApp,
    DeclinedWebsite,
    DeclinedHotline,
    StepConsent,
    DateOfBirth,
    DateOfBirthHint,
    GuardianHeading,
    GuardianIntroChild,
    GuardianIntroYoungChild,
    GuardianName,
    GuardianRelation,
    GuardianChoose,
    GuardianConsent,
    RightsHeading,
    RightsIntro,
    DownloadData,
    DownloadingData,
    DataReady,
    SaveData,
    Withdraw,
    WithdrawConfirmHeading,
    WithdrawConfirmBody,
    WithdrawYes,
    WithdrawNo,
    Withdrawing,
    WithdrawnHeading,
    WithdrawnBody,
    RightsOtherChannels,
    DemoConsentNote,
}

impl RightsText {
    /// The string in `lang`.
    pub fn get(self, lang: Lang) -> &'static str {
        let (vi, en) = self.both();
        match lang {
            Lang::Vi => vi,
            Lang::En => en,
        }
    }

    /// The Vietnamese and English strings.
    pub fn both(self) -> (&'static str, &'static str) {
        use RightsText::*;
        match self {
            ConsentHeading => ("Dữ liệu cá nhân của bạn", "Your personal data"),
            ConsentIntro => (
                "Trước khi bạn nhập thông tin, hãy đọc cách dữ liệu của bạn được xử lý và cho biết bạn có đồng ý không. Không đánh dấu nghĩa là không đồng ý.",
                "Before you type anything, read how your data is processed and say whether you consent. Leaving a box unticked means no.",
            ),
            ConsentSummaryHeading => ("Tóm tắt", "In short"),
            ConsentFullText => (
                "Đọc toàn văn thông báo xử lý dữ liệu cá nhân",
                "Read the full personal data notice",
            ),
            ConsentFromService => (
                "Thông báo của đơn vị vận hành dịch vụ tiếp nhận",
                "The notice of the reception service's operator",
            ),
            ConsentBuiltIn => (
                "Bản thông báo có sẵn trong ứng dụng (chưa tải được bản của dịch vụ tiếp nhận)",
                "The app's built-in copy (the reception service's copy could not be loaded)",
            ),
            ConsentLegend => ("Sự đồng ý của bạn", "Your consent"),
            ConsentGeneral => (
                "Tôi đồng ý cho xử lý dữ liệu cá nhân cơ bản của tôi (mã BHXH, họ tên, số giấy tờ, địa chỉ, số điện thoại, email, ảnh chân dung) để đăng ký tài khoản VssID với cơ quan BHXH tôi chọn.",
                "I consent to the processing of my basic personal data (BHXH code, name, ID number, address, phone, e-mail, portrait) to register a VssID account with the BHXH office I choose.",
            ),
            ConsentIdImages => (
                "Tôi đồng ý riêng cho xử lý ảnh giấy tờ tùy thân (CCCD/CMND/hộ chiếu), là dữ liệu cá nhân nhạy cảm, cho cùng mục đích.",
                "Separately, I consent to the processing of the photos of my ID document (ID card/passport), which are sensitive personal data, for the same purpose.",
            ),
            ConsentForYoungChild => (
                "Đăng ký cho trẻ dưới 7 tuổi: cha, mẹ hoặc người giám hộ đánh dấu thay cho trẻ.",
                "Registering a child under 7: the parent or guardian ticks the boxes for the child.",
            ),
            ConsentAccept => ("Đồng ý và tiếp tục", "Consent and continue"),
            ConsentDecline => ("Không đồng ý", "I do not consent"),
            DeclinedHeading => ("Bạn chưa đồng ý", "You did not consent"),
            DeclinedBody => (
                "Không có sự đồng ý thì không thể đăng ký qua ứng dụng này, và không có dữ liệu nào được thu thập. Bạn vẫn có thể đăng ký bằng các kênh chính thức của BHXH Việt Nam:",
                "Without consent the registration cannot be made in this app, and no data is collected. You can still register through the official channels of Vietnam Social Security:",
            ),
            DeclinedOfficialApp => (
                "Ứng dụng VssID chính thức (Google Play)",
                "The official VssID app (Google Play)",
            ),
            DeclinedWebsite => (
                "Cổng thông tin BHXH Việt Nam",
                "The Vietnam Social Security portal",
            ),
            DeclinedHotline => ("Tổng đài BHXH 1900 9068", "BHXH hotline 1900 9068"),
            StepConsent => ("Đồng ý", "Consent"),
            DateOfBirth => ("Ngày sinh", "Date of birth"),
            DateOfBirthHint => (
                "Ví dụ 05/09/2011. Chỉ hỏi khi số giấy tờ không cho biết bạn có dưới 16 tuổi hay không.",
                "For example 05/09/2011. Asked only when the ID number does not tell whether you are under 16.",
            ),
            GuardianHeading => (
                "Sự đồng ý của cha, mẹ hoặc người giám hộ",
                "Consent of a parent or guardian",
            ),
            GuardianIntroChild => (
                "Người đăng ký dưới 16 tuổi: cần thêm sự đồng ý của cha, mẹ hoặc người giám hộ.",
                "The person registering is under 16: a parent or guardian must consent too.",
            ),
            GuardianIntroYoungChild => (
                "Người đăng ký dưới 7 tuổi: cha, mẹ hoặc người giám hộ đồng ý và đăng ký thay cho trẻ.",
                "The person registering is under 7: a parent or guardian consents and registers for the child.",
            ),
            GuardianName => (
                "Họ và tên cha, mẹ hoặc người giám hộ",
                "Name of the parent or guardian",
            ),
            GuardianRelation => ("Quan hệ với người đăng ký", "Relation to the person"),
            GuardianChoose => ("Chọn quan hệ", "Choose the relation"),
            GuardianConsent => (
                "Tôi là cha, mẹ hoặc người giám hộ của người đăng ký; tôi đã đọc thông báo xử lý dữ liệu cá nhân và đồng ý cho xử lý dữ liệu của người đó, kể cả ảnh giấy tờ tùy thân.",
                "I am the person's parent or guardian; I have read the personal data notice and consent to the processing of their data, the ID photos included.",
            ),
            RightsHeading => ("Dữ liệu của bạn", "Your data"),
            RightsIntro => (
                "Bạn có thể nhận bản sao dữ liệu dịch vụ tiếp nhận đang lưu, hoặc rút lại sự đồng ý: hồ sơ và ảnh bị xóa ngay và hồ sơ không được xử lý tiếp.",
                "You can get a copy of the data the reception service holds, or withdraw your consent: the registration and the photos are deleted at once and it is not processed further.",
            ),
            DownloadData => ("Tải dữ liệu của tôi", "Download my data"),
            DownloadingData => ("Đang tải dữ liệu…", "Fetching the data…"),
            DataReady => (
                "Bản sao dữ liệu đã sẵn sàng.",
                "The copy of your data is ready.",
            ),
            SaveData => ("Lưu tệp JSON", "Save the JSON file"),
            Withdraw => ("Rút lại đồng ý và xóa hồ sơ", "Withdraw consent and delete"),
            WithdrawConfirmHeading => ("Xóa hồ sơ này?", "Delete this registration?"),
            WithdrawConfirmBody => (
                "Toàn bộ dữ liệu cá nhân và ảnh của hồ sơ sẽ bị xóa khỏi dịch vụ tiếp nhận và cơ quan BHXH sẽ không xử lý hồ sơ. Việc này không hoàn tác được; muốn đăng ký lại, bạn phải làm lại từ đầu.",
                "All the registration's personal data and photos will be deleted from the reception service and the BHXH office will not handle it. This cannot be undone; to register again you start over.",
            ),
            WithdrawYes => ("Xóa hồ sơ", "Delete the registration"),
            WithdrawNo => ("Không xóa", "Keep it"),
            Withdrawing => ("Đang xóa hồ sơ…", "Deleting the registration…"),
            WithdrawnHeading => ("Đã xóa hồ sơ", "Registration deleted"),
            WithdrawnBody => (
                "Dữ liệu cá nhân và ảnh đã bị xóa; chỉ còn mã hồ sơ và các mốc thời gian. Một email xác nhận đã được gửi.",
                "The personal data and photos were deleted; only the reference and the dates remain. A confirmation e-mail was sent.",
            ),
            RightsOtherChannels => (
                "Yêu cầu khác (chỉnh sửa, hạn chế, phản đối) hoặc khi không còn ứng dụng: gửi email cho đơn vị vận hành, kèm mã hồ sơ (xem thông báo xử lý dữ liệu cá nhân).",
                "Other requests (correction, restriction, objection), or without the app: e-mail the operator with the reference (see the personal data notice).",
            ),
            DemoConsentNote => (
                "Bản minh họa: các ô chưa được đánh dấu.",
                "Demo: the boxes are not ticked.",
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_string_differs_between_the_languages() {
        use RightsText::*;
        for text in [
            ConsentHeading,
            ConsentGeneral,
            ConsentIdImages,
            ConsentAccept,
            ConsentDecline,
            GuardianConsent,
            Withdraw,
            DownloadData,
        ] {
            let (vi, en) = text.both();
            assert_ne!(vi, en, "{text:?}");
            assert!(!vi.is_empty() && !en.is_empty());
        }
    }
}
