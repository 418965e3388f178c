//! The privacy notice (thông báo xử lý dữ liệu cá nhân) in Vietnamese and English: one text
//! template, so the app's built-in copy and the one the reception service publishes
//! (`GET /v1/privacy`) say the same words; the service fills in its operator and retention.
//!
//! The text is light Markdown: `## ` headings, `- ` list items, blank lines between
//! paragraphs ([`Block`] reads it back for drawing).

use crate::consent::NOTICE_VERSION;
use crate::lang::Lang;
use serde::{Deserialize, Serialize};

/// Who controls the data: the operator of the reception service.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Operator {
    pub name: String,
    pub email: String,
    pub address: String,
}

impl Operator {
    /// Whether the operator said who they are (a name and a contact address).
    pub fn is_named(&self) -> bool {
        !self.name.trim().is_empty() && !self.email.trim().is_empty()
    }
}

/// How long the service keeps a registration, in days after it was received (`None`: until
/// the operator deletes it, which the notice says plainly).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Retention {
    /// A registration whose e-mail code was never entered.
    pub unconfirmed_days: Option<u32>,
    /// A confirmed registration (handed to the office).
    pub confirmed_days: Option<u32>,
}

/// The notice as published: `GET /v1/privacy`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrivacyNotice {
    /// [`NOTICE_VERSION`]: a registration's consent names it.
    pub version: String,
    /// The full text in Vietnamese.
    pub vi: String,
    /// The full text in English.
    pub en: String,
    pub operator: Operator,
    pub retention: Retention,
}

impl PrivacyNotice {
    /// The notice for `operator` with `retention`.
    pub fn new(operator: &Operator, retention: Retention) -> PrivacyNotice {
        PrivacyNotice {
            version: NOTICE_VERSION.to_string(),
            vi: full_text(Lang::Vi, operator, retention),
            en: full_text(Lang::En, operator, retention),
            operator: operator.clone(),
            retention,
        }
    }

    pub fn text(&self, lang: Lang) -> &str {
        match lang {
            Lang::Vi => &self.vi,
            Lang::En => &self.en,
        }
    }
}

/// The points shown before the checkboxes (the full text is one tap away).
pub fn summary(lang: Lang) -> [&'static str; 5] {
    match lang {
        Lang::Vi => [
            "Dữ liệu được thu thập: mã BHXH, họ tên, số CCCD/CMND/hộ chiếu, địa chỉ liên hệ, số điện thoại, email, ảnh chân dung và ảnh hai mặt giấy tờ tùy thân.",
            "Ảnh giấy tờ tùy thân là dữ liệu cá nhân nhạy cảm: bạn đồng ý riêng cho các ảnh này.",
            "Mục đích duy nhất: đăng ký tài khoản VssID với cơ quan BHXH bạn chọn; hồ sơ chỉ được gửi cho cơ quan đó.",
            "Bạn có thể rút lại sự đồng ý và yêu cầu xóa hồ sơ bất cứ lúc nào, xem và nhận bản sao dữ liệu, yêu cầu chỉnh sửa, hạn chế xử lý hoặc phản đối.",
            "Người dưới 16 tuổi cần thêm sự đồng ý của cha, mẹ hoặc người giám hộ.",
        ],
        Lang::En => [
            "Data collected: BHXH code, full name, ID card/passport number, contact address, phone number, e-mail, a portrait and photos of both sides of the ID document.",
            "Photos of an ID document are sensitive personal data: you consent to them separately.",
            "One purpose only: registering a VssID account with the BHXH office you choose; the registration goes to that office alone.",
            "You can withdraw your consent and have the registration deleted at any time, see and get a copy of the data, ask for corrections, restrict or object to processing.",
            "A person under 16 also needs the consent of a parent or guardian.",
        ],
    }
}

fn days(lang: Lang, days: Option<u32>) -> String {
    match (lang, days) {
        (Lang::Vi, Some(n)) => format!("{n} ngày kể từ khi nhận"),
        (Lang::En, Some(n)) => format!("{n} days after it was received"),
        (Lang::Vi, None) => "cho đến khi đơn vị vận hành xóa (chưa đặt thời hạn tự động)".into(),
        (Lang::En, None) => "until the operator deletes it (no automatic time limit is set)".into(),
    }
}

/// The full text in `lang`.
pub fn full_text(lang: Lang, operator: &Operator, retention: Retention) -> String {
    let or_unknown = |value: &str, vi: &str, en: &str| -> String {
        if value.trim().is_empty() {
            match lang {
                Lang::Vi => vi.to_string(),
                Lang::En => en.to_string(),
            }
        } else {
            value.trim().to_string()
        }
    };
    let name = or_unknown(
        &operator.name,
        "đơn vị vận hành dịch vụ tiếp nhận mà ứng dụng gửi hồ sơ đến (xem mục \"Giới thiệu\")",
        "the operator of the reception service the app sends to (see \"About\")",
    );
    let email = or_unknown(&operator.email, "chưa công bố", "not published");
    let address = or_unknown(&operator.address, "chưa công bố", "not published");
    let unconfirmed = days(lang, retention.unconfirmed_days);
    let confirmed = days(lang, retention.confirmed_days);
    match lang {
        Lang::Vi => format!(
            "## Thông báo xử lý dữ liệu cá nhân (phiên bản {NOTICE_VERSION})

Thông báo này được đưa ra theo Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15 và Nghị định 356/2025/NĐ-CP. Ứng dụng này không phải ứng dụng VssID chính thức và không do BHXH Việt Nam phát hành.

## Bên kiểm soát dữ liệu

- Tên: {name}
- Email liên hệ: {email}
- Địa chỉ: {address}

## Dữ liệu được xử lý

Dữ liệu cá nhân cơ bản:

- Mã BHXH (hoặc số định danh cá nhân), họ và tên, số CCCD/CMND/hộ chiếu
- Địa chỉ liên hệ (tỉnh/thành phố, phường/xã, số nhà, đường), số điện thoại, địa chỉ email
- Ảnh chân dung
- Chỉ khi cần: ngày sinh; họ tên và quan hệ của cha, mẹ hoặc người giám hộ (người dưới 16 tuổi)
- Thời điểm và phiên bản thông báo bạn đã đồng ý

Dữ liệu cá nhân nhạy cảm:

- Ảnh mặt trước và mặt sau của CCCD/CMND/hộ chiếu

Ảnh được xử lý trên thiết bị trước khi gửi: thông tin kèm ảnh (vị trí, loại máy) bị loại bỏ.

## Mục đích

Duy nhất để đăng ký tài khoản VssID với cơ quan BHXH bạn chọn: gửi tờ khai, ảnh và email xác nhận cho cơ quan đó. Dữ liệu không được dùng cho quảng cáo, không bán, không dùng cho mục đích khác.

## Bên nhận dữ liệu

Cơ quan BHXH tiếp nhận bạn chọn. Không có bên nhận nào khác, trừ khi pháp luật bắt buộc.

## Thời gian lưu trữ

- Hồ sơ chưa xác nhận bằng mã email: {unconfirmed}
- Hồ sơ đã xác nhận: {confirmed}
- Bản nháp trên thiết bị bị xóa khi hồ sơ đã gửi xong hoặc khi bạn chọn \"Xóa bản nháp\"; ảnh trên thiết bị bị xóa ngay khi đã gửi.

Sau khi xóa, chỉ giữ một bản ghi tối thiểu (mã hồ sơ, cơ quan, các mốc thời gian, trạng thái \"đã rút lại\") để chứng minh việc xóa.

## Quyền của bạn và cách thực hiện

- Đồng ý hoặc không đồng ý: không đồng ý thì không đăng ký được qua ứng dụng này; bạn vẫn đăng ký được qua ứng dụng VssID chính thức hoặc tại cơ quan BHXH.
- Rút lại sự đồng ý và xóa hồ sơ: nút \"Rút lại đồng ý và xóa hồ sơ\" trên màn hình biên nhận, hoặc gửi email đến {email} kèm mã hồ sơ. Dữ liệu và ảnh bị xóa ngay; bạn nhận email xác nhận.
- Xem và nhận bản sao dữ liệu: nút \"Tải dữ liệu của tôi\" trên màn hình biên nhận, hoặc qua email.
- Chỉnh sửa, hạn chế xử lý, phản đối xử lý: gửi email đến {email}.
- Yêu cầu được trả lời trong thời hạn pháp luật quy định.

## Trẻ em

Người dưới 16 tuổi cần sự đồng ý của cha, mẹ hoặc người giám hộ; từ đủ 7 tuổi cần cả sự đồng ý của chính người đó. Người dưới 7 tuổi: cha, mẹ hoặc người giám hộ đồng ý và thực hiện đăng ký thay.

## Khiếu nại

Liên hệ trước tiên với bên kiểm soát dữ liệu ({email}). Bạn có quyền khiếu nại, tố cáo, khởi kiện theo pháp luật; cơ quan chuyên trách bảo vệ dữ liệu cá nhân là Bộ Công an (Cục An ninh mạng và phòng, chống tội phạm sử dụng công nghệ cao), cổng thông tin https://baovedlcn.gov.vn. Hỗ trợ về tài khoản VssID: tổng đài BHXH 1900 9068.
"
        ),
        Lang::En => format!(
            "## Personal data notice (version {NOTICE_VERSION})

This notice is given under Vietnam's Personal Data Protection Law No. 91/2025/QH15 and Decree 356/2025/NĐ-CP. This app is not the official VssID app and is not published by Vietnam Social Security.

## Data controller

- Name: {name}
- Contact e-mail: {email}
- Address: {address}

## Data processed

Basic personal data:

- BHXH code (or personal identification number), full name, ID card/passport number
- Contact address (province, commune, house number and street), phone number, e-mail address
- A portrait photo
- Only when needed: date of birth; the name and relation of a parent or guardian (a person under 16)
- When you consented, and to which version of this notice

Sensitive personal data:

- Photos of the front and back of the ID card/passport

Photos are processed on the device before sending: data attached to a photo (location, camera model) is removed.

## Purpose

Only registering a VssID account with the BHXH office you choose: sending the declaration, the photos and the confirmation e-mail to that office. The data is not used for advertising, not sold and not used for anything else.

## Recipients

The receiving BHXH office you choose. No one else, unless the law requires it.

## Retention

- A registration not confirmed with the e-mail code: {unconfirmed}
- A confirmed registration: {confirmed}
- The draft on the device is deleted when the registration is sent or when you choose \"Discard draft\"; photos on the device are deleted as soon as they are sent.

After deletion only a minimal record is kept (the reference, the office, the dates, the state \"withdrawn\") to show that the data was deleted.

## Your rights and how to use them

- Consent or refuse: without consent the registration cannot be made in this app; you can still register in the official VssID app or at a BHXH office.
- Withdraw your consent and delete the registration: the \"Withdraw consent and delete\" button on the receipt screen, or an e-mail to {email} with the reference. The data and photos are deleted at once; an e-mail confirms it.
- See and get a copy of your data: the \"Download my data\" button on the receipt screen, or by e-mail.
- Correct, restrict or object to processing: an e-mail to {email}.
- Requests are answered within the time the law sets.

## Children

A person under 16 needs the consent of a parent or guardian; from 7 years old the person's own consent too. Under 7, a parent or guardian consents and registers for the child.

## Complaints

First contact the data controller ({email}). You have the right to complain, denounce and sue under the law; the authority in charge of personal data protection is the Ministry of Public Security (Department of Cybersecurity and High-Tech Crime Prevention), portal https://baovedlcn.gov.vn. Help with a VssID account: the BHXH hotline 1900 9068.
"
        ),
    }
}

/// A piece of the notice's text, for drawing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    Heading(String),
    Paragraph(String),
    List(Vec<String>),
}

/// Reads the notice's light Markdown into blocks.
pub fn blocks(text: &str) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::new();
    for chunk in text.split("\n\n") {
        let chunk = chunk.trim();
        if chunk.is_empty() {
            continue;
        }
        if let Some(heading) = chunk.strip_prefix("## ") {
            out.push(Block::Heading(heading.trim().to_string()));
        } else if chunk.starts_with("- ") {
            let items = chunk
                .lines()
                .filter_map(|line| line.trim().strip_prefix("- "))
                .map(|item| item.trim().to_string())
                .collect();
            out.push(Block::List(items));
        } else {
            out.push(Block::Paragraph(chunk.replace('\n', " ")));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_notice_names_the_operator_the_data_the_office_and_the_rights() {
        let operator = Operator {
            name: "Công ty TNHH Ví Dụ".into(),
            email: "privacy@example.vn".into(),
            address: "1 Lê Lợi, TP. Hồ Chí Minh".into(),
        };
        let notice = PrivacyNotice::new(
            &operator,
            Retention {
                unconfirmed_days: Some(7),
                confirmed_days: Some(90),
            },
        );
        assert_eq!(notice.version, NOTICE_VERSION);
        for text in [&notice.vi, &notice.en] {
            assert!(text.contains("Công ty TNHH Ví Dụ"));
            assert!(text.contains("privacy@example.vn"));
            assert!(text.contains("1 Lê Lợi"));
            assert!(text.contains("91/2025/QH15"));
            assert!(text.contains("356/2025/NĐ-CP"));
            assert!(text.contains("baovedlcn.gov.vn"));
        }
        assert!(notice.vi.contains("7 ngày") && notice.vi.contains("90 ngày"));
        assert!(notice.en.contains("7 days") && notice.en.contains("90 days"));
        assert!(notice.vi.contains("Dữ liệu cá nhân nhạy cảm"));
        assert!(notice.en.contains("Sensitive personal data"));
        // Every heading of one language has its counterpart in the other.
        let headings = |text: &str| {
            blocks(text)
                .into_iter()
                .filter(|b| matches!(b, Block::Heading(_)))
                .count()
        };
        assert_eq!(headings(&notice.vi), headings(&notice.en));
        assert!(headings(&notice.vi) >= 8);
    }

    #[test]
    fn an_unnamed_operator_and_no_retention_are_said_plainly() {
        let notice = PrivacyNotice::new(&Operator::default(), Retention::default());
        assert!(notice.en.contains("not published"));
        assert!(notice.en.contains("no automatic time limit"));
        assert!(notice.vi.contains("chưa công bố"));
        assert!(!Operator::default().is_named());
    }

    #[test]
    fn blocks_read_headings_lists_and_paragraphs() {
        let b = blocks("## A\n\nOne\ntwo\n\n- x\n- y\n");
        assert_eq!(
            b,
            vec![
                Block::Heading("A".into()),
                Block::Paragraph("One two".into()),
                Block::List(vec!["x".into(), "y".into()]),
            ]
        );
    }
}
