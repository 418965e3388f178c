//! E-mail: the confirmation code (reference and code only), then, once the code was
//! accepted, the declaration summary with the tờ khai as a PDF attachment; each composed as
//! an RFC 5322 message (UTF-8 text, base64 body, RFC 2047 encoded headers; multipart/mixed
//! when it has an attachment) and written durably to an outbox directory, from which the
//! delivery worker (`delivery.rs`, with `VSSID_SMTP_URL`) or a mail relay sends it.

use crate::clock::CivilTime;
use crate::config::Operator;
use crate::photos::{sync_dir, write_durably};
use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use std::fs;
use std::path::{Path, PathBuf};
use vssid_core::api::{Office, RegistrationRequest};
use vssid_core::fields::UnitDirectory;
use vssid_core::Lang;

/// A plain-text message to one recipient.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailMessage {
    pub from: String,
    pub to: String,
    pub subject: String,
    pub body: String,
    pub lang: Lang,
    pub date_ms: i64,
    /// Unique within the service, e.g. the reference and a counter.
    pub message_id: String,
    /// Where replies go (`Reply-To`), when not to the sender.
    pub reply_to: Option<String>,
    /// Files sent with the text (the tờ khai's PDF).
    pub attachments: Vec<Attachment>,
}

/// A file sent with a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    /// An ASCII file name, e.g. `to-khai-DK-20261125-7KQ3MX.pdf`.
    pub file_name: String,
    pub content_type: String,
    pub bytes: Vec<u8>,
}

/// The boundary between the parts of a multipart message: `_` never occurs in base64, so no
/// part's text can contain it.
const BOUNDARY: &str = "=_vssid_part_boundary";

/// `bytes` as base64 in lines of 76 characters, each ended by CRLF.
fn base64_lines(bytes: &[u8], out: &mut String) {
    let encoded = BASE64.encode(bytes);
    for line in encoded.as_bytes().chunks(76) {
        out.push_str(std::str::from_utf8(line).unwrap_or_default());
        out.push_str("\r\n");
    }
}

/// Encodes a header value as RFC 2047 encoded words (UTF-8, base64) when it is not plain
/// ASCII; each word stays within 75 characters and words are folded onto new lines.
pub fn encode_header_value(value: &str) -> String {
    let printable = value.bytes().all(|b| (0x20..0x7F).contains(&b)) && !value.contains("=?");
    if printable {
        return value.to_string();
    }
    // 39 bytes of text become 52 base64 characters; with "=?UTF-8?B?" and "?=" that is 64,
    // which leaves room for the header name on the first line.
    let mut words = Vec::new();
    let mut chunk = String::new();
    for c in value.chars() {
        if chunk.len() + c.len_utf8() > 39 {
            words.push(std::mem::take(&mut chunk));
        }
        chunk.push(c);
    }
    if !chunk.is_empty() {
        words.push(chunk);
    }
    words
        .iter()
        .map(|w| format!("=?UTF-8?B?{}?=", BASE64.encode(w.as_bytes())))
        .collect::<Vec<_>>()
        .join("\r\n ")
}

/// Encodes a mailbox `Name <addr>`: the display name as encoded words, the address as is.
fn encode_mailbox(mailbox: &str) -> String {
    match mailbox.rsplit_once('<') {
        Some((name, address)) if !name.trim().is_empty() => {
            format!("{} <{}", encode_header_value(name.trim()), address)
        }
        _ => mailbox.to_string(),
    }
}

impl MailMessage {
    /// The message as RFC 5322 bytes with CRLF line ends.
    pub fn render(&self) -> Vec<u8> {
        let date = CivilTime::from_unix_ms(self.date_ms).rfc5322();
        let mut out = String::new();
        let mut header = |name: &str, value: &str| {
            out.push_str(name);
            out.push_str(": ");
            out.push_str(value);
            out.push_str("\r\n");
        };
        header("From", &encode_mailbox(&self.from));
        header("To", &self.to);
        header("Subject", &encode_header_value(&self.subject));
        header("Date", &date);
        if let Some(reply_to) = &self.reply_to {
            header("Reply-To", &encode_mailbox(reply_to));
        }
        header("Message-ID", &format!("<{}>", self.message_id));
        header("MIME-Version", "1.0");
        let body = self.body.replace("\r\n", "\n").replace('\n', "\r\n");
        if self.attachments.is_empty() {
            header("Content-Type", "text/plain; charset=utf-8");
            header("Content-Transfer-Encoding", "base64");
            header("Content-Language", self.lang.tag());
            out.push_str("\r\n");
            base64_lines(body.as_bytes(), &mut out);
            return out.into_bytes();
        }
        header(
            "Content-Type",
            &format!("multipart/mixed; boundary=\"{BOUNDARY}\""),
        );
        header("Content-Language", self.lang.tag());
        out.push_str("\r\n");
        out.push_str(&format!("--{BOUNDARY}\r\n"));
        out.push_str("Content-Type: text/plain; charset=utf-8\r\n");
        out.push_str("Content-Transfer-Encoding: base64\r\n\r\n");
        base64_lines(body.as_bytes(), &mut out);
        for attachment in &self.attachments {
            out.push_str(&format!("--{BOUNDARY}\r\n"));
            out.push_str(&format!(
                "Content-Type: {}; name=\"{}\"\r\n",
                attachment.content_type, attachment.file_name
            ));
            out.push_str(&format!(
                "Content-Disposition: attachment; filename=\"{}\"\r\n",
                attachment.file_name
            ));
            out.push_str("Content-Transfer-Encoding: base64\r\n\r\n");
            base64_lines(&attachment.bytes, &mut out);
        }
        out.push_str(&format!("--{BOUNDARY}--\r\n"));
        out.into_bytes()
    }
}

/// Where the messages a mail server refused for good are kept (`outbox/failed/`), so that a
/// refusal of every message (a wrong password, a sender the relay does not accept) loses
/// none: `vssid-reception outbox --retry-failed` puts them back. Erasure and retention
/// delete them like the others.
pub const FAILED_DIR: &str = "failed";

/// The outbox directory: one `.eml` file per message.
#[derive(Debug, Clone)]
pub struct Outbox {
    dir: PathBuf,
    tmp: PathBuf,
    reply_to: Option<String>,
    written: std::sync::Arc<tokio::sync::Notify>,
}

impl Outbox {
    /// Opens (and creates, `0700`) the outbox; deletes the temporary files a stop in the
    /// middle of a write left behind.
    pub fn open(dir: &Path) -> std::io::Result<Outbox> {
        let tmp = dir.join(".tmp");
        crate::files::create_private_dir(&tmp)?;
        let left = crate::files::clean_temporary(&tmp)?;
        if left > 0 {
            tracing::info!(count = left, "unfinished e-mail files deleted at start");
        }
        crate::files::create_private_dir(&dir.join(crate::delivery_log::LOG_DIR))?;
        crate::files::create_private_dir(&dir.join(FAILED_DIR))?;
        Ok(Outbox {
            dir: dir.to_path_buf(),
            tmp,
            reply_to: None,
            written: Default::default(),
        })
    }

    /// Every message gets `Reply-To: reply_to` unless it names its own (empty: none). Control
    /// characters are dropped, so that the setting cannot add a header line.
    pub fn with_reply_to(mut self, reply_to: &str) -> Outbox {
        let kept: String = reply_to.chars().filter(|c| !c.is_control()).collect();
        self.reply_to = Some(kept.trim().to_string()).filter(|r| !r.is_empty());
        self
    }

    /// The directory of the `.eml` files.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The directory of the messages refused for good ([`FAILED_DIR`]).
    pub fn failed_dir(&self) -> PathBuf {
        self.dir.join(FAILED_DIR)
    }

    /// Puts every refused message back in the outbox, its delivery record deleted, so the
    /// worker tries it again from the start; returns how many.
    pub fn retry_failed(&self) -> std::io::Result<usize> {
        let log = crate::delivery_log::DeliveryLog::of(&self.dir);
        let mut moved = 0;
        for entry in fs::read_dir(self.failed_dir())? {
            let entry = entry?;
            let name = entry.file_name().to_string_lossy().into_owned();
            let Some(stem) = name.strip_suffix(".eml") else {
                continue;
            };
            log.remove(stem)?;
            fs::rename(entry.path(), self.dir.join(&name))?;
            moved += 1;
        }
        sync_dir(&self.dir)?;
        self.written.notify_one();
        Ok(moved)
    }

    /// Woken each time a message is written (the delivery worker waits on it).
    pub fn written(&self) -> &tokio::sync::Notify {
        &self.written
    }

    /// Deletes the e-mails of these references (`<reference>-*.eml`) still in the outbox;
    /// returns how many.
    pub fn remove_for(
        &self,
        references: &std::collections::HashSet<String>,
    ) -> std::io::Result<usize> {
        if references.is_empty() {
            return Ok(0);
        }
        crate::delivery_log::DeliveryLog::of(&self.dir).remove_for(references)?;
        let mut removed = 0;
        let failed = self.failed_dir();
        let entries = fs::read_dir(&self.dir)?.chain(fs::read_dir(&failed)?);
        for entry in entries {
            let entry = entry?;
            let name = entry.file_name().to_string_lossy().into_owned();
            let Some(stem) = name.strip_suffix(".eml") else {
                continue;
            };
            let Some((reference, _)) = stem.rsplit_once('-') else {
                continue;
            };
            if references.contains(reference) {
                match fs::remove_file(entry.path()) {
                    Ok(()) => removed += 1,
                    Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
                    Err(error) => return Err(error),
                }
            }
        }
        Ok(removed)
    }

    /// Writes the message durably as `<dir>/<file_stem>.eml`; returns its path.
    pub fn deliver(&self, file_stem: &str, message: &MailMessage) -> std::io::Result<PathBuf> {
        let path = self.dir.join(format!("{file_stem}.eml"));
        let mut message = message.clone();
        if message.reply_to.is_none() {
            message.reply_to = self.reply_to.clone();
        }
        write_durably(&self.tmp, &path, &message.render())?;
        sync_dir(&self.dir)?;
        self.written.notify_one();
        Ok(path)
    }

    /// Removes every message whose file name starts with `prefix` (a registration's
    /// reference and `-`), and any half-written copy; returns how many were removed.
    pub fn remove_matching(&self, prefix: &str) -> std::io::Result<usize> {
        let mut removed = 0;
        let log = self.dir.join(crate::delivery_log::LOG_DIR);
        let failed = self.failed_dir();
        for dir in [&self.dir, &self.tmp, &log, &failed] {
            for entry in fs::read_dir(dir)? {
                let entry = entry?;
                let name = entry.file_name();
                if name.to_string_lossy().starts_with(prefix) && entry.file_type()?.is_file() {
                    fs::remove_file(entry.path())?;
                    removed += 1;
                }
            }
        }
        sync_dir(&self.dir)?;
        Ok(removed)
    }
}

/// The e-mail with a confirmation code: the first one and every resend. It carries only the
/// reference and the code (and who runs the service): the address is not verified yet, so
/// nothing of the declaration goes to it.
#[derive(Debug, Clone)]
pub struct CodeMail<'a> {
    pub from: &'a str,
    pub to: &'a str,
    pub lang: Lang,
    pub reference: &'a str,
    pub otp: &'a str,
    pub otp_ttl_minutes: u64,
    /// A counter that makes each message's id unique (0 for the first, then each resend).
    pub sequence: u32,
    pub operator: &'a Operator,
}

/// The confirmation-code e-mail, in the registrant's language.
pub fn code_message(mail: &CodeMail<'_>, now_ms: i64) -> MailMessage {
    let mut body = match mail.lang {
        Lang::Vi => format!(
            "Mã hồ sơ: {}\n\nMã xác thực (OTP) của bạn là: {}\nMã có hiệu lực trong {} phút. Vui lòng nhập mã này trong ứng dụng để hoàn tất việc gửi hồ sơ.\nBản tóm tắt tờ khai sẽ được gửi tới địa chỉ này sau khi mã được xác nhận.\n\nNếu bạn không thực hiện đăng ký này, vui lòng bỏ qua thư.\n",
            mail.reference, mail.otp, mail.otp_ttl_minutes
        ),
        Lang::En => format!(
            "Reference: {}\n\nYour confirmation code is: {}\nIt is valid for {} minutes. Enter it in the app to complete your registration.\nA summary of your declaration is sent to this address once the code is confirmed.\n\nIf you did not make this registration, please ignore this message.\n",
            mail.reference, mail.otp, mail.otp_ttl_minutes
        ),
    };
    body.push_str(&operator_footer(mail.operator, mail.lang));
    let subject = match mail.lang {
        Lang::Vi => format!("Mã xác thực (OTP) đăng ký – mã hồ sơ {}", mail.reference),
        Lang::En => format!("Your registration code – reference {}", mail.reference),
    };
    MailMessage {
        from: mail.from.to_string(),
        to: mail.to.to_string(),
        subject,
        body,
        lang: mail.lang,
        date_ms: now_ms,
        message_id: format!("{}.{}@vssid.invalid", mail.reference, mail.sequence),
        reply_to: None,
        attachments: Vec::new(),
    }
}

/// Who runs the service, at the end of every e-mail.
pub fn operator_footer(operator: &Operator, lang: Lang) -> String {
    let mut footer = String::from("\n--\n");
    footer.push_str(&match lang {
        Lang::Vi => format!(
            "Dịch vụ tiếp nhận này do {} vận hành.\n",
            operator.name.trim()
        ),
        Lang::En => format!(
            "This reception service is operated by {}.\n",
            operator.name.trim()
        ),
    });
    if !operator.contact_email.trim().is_empty() {
        let label = if lang == Lang::Vi {
            "Liên hệ"
        } else {
            "Contact"
        };
        footer.push_str(&format!("{label}: {}\n", operator.contact_email.trim()));
    }
    if !operator.address.trim().is_empty() {
        let label = if lang == Lang::Vi {
            "Địa chỉ"
        } else {
            "Address"
        };
        footer.push_str(&format!("{label}: {}\n", operator.address.trim()));
    }
    footer
}

/// What the declaration e-mail (sent once the code was accepted) says besides the
/// declaration itself.
#[derive(Debug, Clone)]
pub struct DeclarationMail<'a> {
    pub from: &'a str,
    pub reference: &'a str,
    pub received_at_ms: i64,
    pub office: Option<&'a Office>,
    pub operator: &'a Operator,
}

/// The declaration summary, in the registrant's language, sent to the address the code
/// proved. `request` holds the stored (normalized) values.
pub fn declaration_message(
    request: &RegistrationRequest,
    units: &dyn UnitDirectory,
    mail: &DeclarationMail<'_>,
    now_ms: i64,
) -> MailMessage {
    let form = &request.form;
    let lang = request.lang;
    let pick = |vi: &'static str, en: &'static str| if lang == Lang::Vi { vi } else { en };
    let commune = units
        .commune_name(&form.commune)
        .unwrap_or_else(|| form.commune.clone());
    let province = units
        .province_name(&form.province)
        .unwrap_or_else(|| form.province.clone());
    let address = format!("{}, {}, {}", form.street, commune, province);
    let office = match mail.office {
        Some(o) => format!("[{}] {}", o.code, o.name),
        None => request.office.clone(),
    };
    let received = vssid_core::datetime::vietnam_time_from_unix_ms(mail.received_at_ms);
    let rows = [
        (pick("Mã hồ sơ", "Reference"), mail.reference.to_string()),
        (
            pick("Ngày tiếp nhận (giờ Việt Nam)", "Received (Vietnam time)"),
            received,
        ),
        (
            pick("Mã số BHXH", "Social insurance code"),
            form.bhxh_code.clone(),
        ),
        (pick("Họ và tên", "Full name"), form.full_name.clone()),
        (
            pick("Số CCCD/Hộ chiếu/CMND", "ID card / passport number"),
            form.person_id.clone(),
        ),
        (pick("Địa chỉ liên hệ", "Contact address"), address),
        (pick("Số điện thoại", "Phone number"), form.phone.clone()),
        (pick("Email", "E-mail"), request.email.clone()),
        (
            pick("Cơ quan BHXH tiếp nhận", "Receiving BHXH office"),
            office,
        ),
    ];
    let mut body = String::new();
    body.push_str(pick(
        "TỜ KHAI ĐĂNG KÝ SỬ DỤNG PHƯƠNG THỨC GIAO DỊCH ĐIỆN TỬ TRONG LĨNH VỰC BẢO HIỂM XÃ HỘI\n(Mẫu 01/ĐK-GD)\n\n",
        "DECLARATION: REGISTRATION FOR ELECTRONIC TRANSACTIONS WITH VIETNAM SOCIAL SECURITY\n(Form 01/ĐK-GD)\n\n",
    ));
    for (label, value) in rows {
        body.push_str(&format!("{label}: {value}\n"));
    }
    body.push('\n');
    body.push_str(pick(
        "Mã xác thực (OTP) đã được chấp nhận; hồ sơ đang chờ cơ quan tiếp nhận xử lý.\n",
        "Your code was accepted; the registration now waits for the receiving office.\n",
    ));
    body.push_str(&operator_footer(mail.operator, lang));
    let subject = match lang {
        Lang::Vi => format!(
            "Tờ khai đăng ký giao dịch điện tử BHXH – mã hồ sơ {}",
            mail.reference
        ),
        Lang::En => format!(
            "Your social insurance e-transaction registration – reference {}",
            mail.reference
        ),
    };
    MailMessage {
        from: mail.from.to_string(),
        to: request.email.clone(),
        subject,
        body,
        lang,
        date_ms: now_ms,
        message_id: format!("{}.confirmed@vssid.invalid", mail.reference),
        reply_to: None,
        attachments: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use vssid_core::declaration::fixtures::TinyUnits;
    use vssid_core::declaration::DeclarationForm;

    fn request(lang: Lang) -> RegistrationRequest {
        RegistrationRequest {
            form: DeclarationForm {
                bhxh_code: "7912345678".into(),
                full_name: "Nguyễn Thị Ánh Tuyết".into(),
                person_id: "079201001234".into(),
                province: "79".into(),
                commune: "26740".into(),
                street: "12 Lê Lợi".into(),
                phone: "+84912345678".into(),
            },
            office: "079".into(),
            email: "tuyet@example.vn".into(),
            lang,
            consent: None,
        }
    }

    fn operator() -> Operator {
        Operator {
            name: "Hội Tin học Ví dụ".into(),
            contact_email: "lienhe@example.vn".into(),
            address: "1 Phố Huế, Hà Nội".into(),
        }
    }

    fn decode_body(raw: &str) -> String {
        let (_, body) = raw.split_once("\r\n\r\n").unwrap();
        let joined: String = body.split("\r\n").collect();
        String::from_utf8(BASE64.decode(joined).unwrap()).unwrap()
    }

    fn decode_subject(raw: &str) -> String {
        let start = raw.find("Subject: ").unwrap() + "Subject: ".len();
        let end = raw[start..].find("\r\nDate:").unwrap() + start;
        raw[start..end]
            .split("\r\n ")
            .map(|word| {
                let b64 = word.trim_start_matches("=?UTF-8?B?").trim_end_matches("?=");
                String::from_utf8(BASE64.decode(b64).unwrap()).unwrap()
            })
            .collect()
    }

    #[test]
    fn the_code_mail_carries_only_the_reference_the_code_and_the_operator() {
        let operator = operator();
        let mail = CodeMail {
            from: "Hội Tin học Ví dụ <no-reply@vssid.invalid>",
            to: "tuyet@example.vn",
            lang: Lang::Vi,
            reference: "DK-20261125-ABCDEF",
            otp: "042917",
            otp_ttl_minutes: 10,
            sequence: 0,
            operator: &operator,
        };
        let message = code_message(&mail, 1_795_627_868_000);
        let raw = String::from_utf8(message.render()).unwrap();
        assert!(raw.is_ascii(), "headers and body must be 7-bit on the wire");
        assert!(raw.contains("Content-Type: text/plain; charset=utf-8\r\n"));
        assert!(raw.contains("Date: Wed, 25 Nov 2026 17:31:08 +0000\r\n"));
        assert!(raw.contains("To: tuyet@example.vn\r\n"));
        for line in raw.split("\r\n") {
            assert!(line.len() <= 78, "line too long: {line}");
        }
        assert_eq!(decode_subject(&raw), message.subject);
        let body = decode_body(&raw);
        assert!(body.contains("Mã hồ sơ: DK-20261125-ABCDEF"));
        assert!(body.contains("Mã xác thực (OTP) của bạn là: 042917"));
        assert!(body.contains("Dịch vụ tiếp nhận này do Hội Tin học Ví dụ vận hành."));
        assert!(body.contains("Liên hệ: lienhe@example.vn"));
        assert!(body.contains("Địa chỉ: 1 Phố Huế, Hà Nội"));
        assert!(!body.contains("1900 9068"), "no official help line");
        let english = code_message(
            &CodeMail {
                lang: Lang::En,
                sequence: 2,
                ..mail
            },
            0,
        );
        assert!(english.body.contains("Your confirmation code is: 042917"));
        assert!(english.body.contains("operated by Hội Tin học Ví dụ"));
        assert_eq!(english.message_id, "DK-20261125-ABCDEF.2@vssid.invalid");
    }

    #[test]
    fn the_declaration_mail_summarises_the_stored_values() {
        let operator = operator();
        let mail = DeclarationMail {
            from: "no-reply@vssid.invalid",
            reference: "DK-1",
            received_at_ms: 0,
            office: None,
            operator: &operator,
        };
        let message = declaration_message(&request(Lang::Vi), &TinyUnits, &mail, 0);
        assert!(message.body.contains("Họ và tên: Nguyễn Thị Ánh Tuyết"));
        assert!(message
            .body
            .contains("Phường Sài Gòn, Thành phố Hồ Chí Minh"));
        assert!(!message.body.contains("Mã xác thực (OTP) của bạn là"));
        assert!(message.body.contains("vận hành"));
        let english = declaration_message(&request(Lang::En), &TinyUnits, &mail, 0);
        assert!(english.body.contains("Full name: Nguyễn Thị Ánh Tuyết"));
        let raw = String::from_utf8(english.render()).unwrap();
        assert!(raw.contains("Content-Language: en\r\n"));
        assert!(raw.contains("From: no-reply@vssid.invalid\r\n"));
    }

    #[test]
    fn outbox_writes_whole_files() {
        let dir = tempfile::tempdir().unwrap();
        let outbox = Outbox::open(dir.path()).unwrap();
        let message = MailMessage {
            from: "a@b".into(),
            to: "c@d".into(),
            subject: "Xin chào".into(),
            body: "Chào bạn".into(),
            lang: Lang::Vi,
            date_ms: 0,
            message_id: "m@x".into(),
            reply_to: None,
            attachments: Vec::new(),
        };
        let path = outbox.deliver("m1", &message).unwrap();
        assert_eq!(fs::read(path).unwrap(), message.render());
        assert_eq!(encode_header_value("plain"), "plain");
        assert!(encode_header_value("Xin chào").starts_with("=?UTF-8?B?"));
    }
}
