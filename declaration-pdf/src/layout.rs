//! The page of form 01/ĐK-GD as BHXH's web registration prints it: the national heading,
//! the title, "Kính gửi", the declared fields (English words small beneath each label when
//! the registrant chose English), the reference and date of receipt, the commitment, the
//! place and date line and the signature box. A4, one page.

use crate::text::{Face, Faces};
use crate::{DeclarationDocument, PdfError, DRAFT_MARK};
use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::surface::Surface;
use krilla::text::TextDirection;
use krilla::Document;
use vssid_core::Lang;

const PAGE_WIDTH: f32 = 595.28;
const PAGE_HEIGHT: f32 = 841.89;
const MARGIN: f32 = 56.0;
const VALUE_X: f32 = 232.0;
const BODY: f32 = 11.0;
const SMALL: f32 = 8.0;
const LINE: f32 = 15.0;

/// The commitment sentence of the form.
pub const COMMITMENT: &str = "Tôi cam kết chịu trách nhiệm trước pháp luật về tính chính xác, trung thực của nội dung đã kê khai và thực hiện đúng các quy định về giao dịch điện tử trong lĩnh vực bảo hiểm xã hội.";
const COMMITMENT_EN: &str = "I am responsible before the law for the accuracy and truthfulness of what I declared, and I will follow the rules on electronic transactions in social insurance.";

/// Where the pen is on the page.
struct Pen<'a, 'b> {
    surface: Surface<'b>,
    faces: &'a Faces,
    y: f32,
}

impl Pen<'_, '_> {
    fn color(&mut self, grey: u8) {
        self.surface.set_fill(Some(Fill {
            paint: rgb::Color::new(grey, grey, grey).into(),
            ..Fill::default()
        }));
    }

    fn text_at(&mut self, x: f32, y: f32, face: &Face, size: f32, text: &str) {
        self.surface.draw_text(
            Point::from_xy(x, y),
            face.font.clone(),
            size,
            text,
            false,
            TextDirection::LeftToRight,
        );
    }

    /// A line centred on the page, then the pen moves down.
    fn centred(&mut self, face: &Face, size: f32, text: &str) {
        let x = (PAGE_WIDTH - face.width(text, size)) / 2.0;
        let y = self.y;
        self.text_at(x, y, face, size, text);
        self.y += size * 1.45;
    }

    /// A paragraph from `x` to the right margin, wrapped; the pen moves below it.
    fn paragraph(&mut self, x: f32, face: &Face, size: f32, text: &str) {
        for line in face.wrap(text, size, PAGE_WIDTH - MARGIN - x) {
            let y = self.y;
            self.text_at(x, y, face, size, &line);
            self.y += size * 1.4;
        }
    }

    fn rule(&mut self, x0: f32, x1: f32, y: f32) {
        let mut path = PathBuilder::new();
        path.move_to(x0, y);
        path.line_to(x1, y);
        if let Some(path) = path.finish() {
            self.stroke(&path, 0.6);
        }
    }

    fn frame(&mut self, rect: Rect) {
        let mut path = PathBuilder::new();
        path.push_rect(rect);
        if let Some(path) = path.finish() {
            self.stroke(&path, 0.8);
        }
    }

    fn stroke(&mut self, path: &krilla::geom::Path, width: f32) {
        self.surface.set_fill(None);
        self.surface.set_stroke(Some(Stroke {
            width,
            ..Stroke::default()
        }));
        self.surface.draw_path(path);
        self.surface.set_stroke(None);
        self.color(0);
    }

    /// One declared field: the label (its English words beneath, small, in English), the
    /// value wrapped in the right column.
    fn field(&mut self, english: bool, label: &str, label_en: &str, value: &str) {
        let faces = self.faces;
        let top = self.y;
        self.text_at(MARGIN, top, &faces.regular, BODY, &format!("{label}:"));
        let mut label_bottom = top + LINE;
        if english {
            self.color(90);
            self.text_at(
                MARGIN + 12.0,
                top + SMALL + 3.0,
                &faces.regular,
                SMALL,
                label_en,
            );
            self.color(0);
            label_bottom = top + SMALL + 3.0 + LINE - 2.0;
        }
        let mut y = top;
        for line in faces.bold.wrap(value, BODY, PAGE_WIDTH - MARGIN - VALUE_X) {
            self.text_at(VALUE_X, y, &faces.bold, BODY, &line);
            y += LINE;
        }
        self.y = label_bottom.max(y) + 4.0;
    }
}

/// The date as the form writes it: `ngày 25 tháng 11 năm 2026` (Vietnam time), or the
/// blanks a draft leaves to fill in by hand.
fn date_words(received_at_ms: Option<i64>) -> String {
    let Some(ms) = received_at_ms else {
        return "ngày ..... tháng ..... năm ..........".to_string();
    };
    // `dd/mm/yyyy HH:mm`, the same clock as the receipt and the e-mail.
    let stamp = vssid_core::datetime::vietnam_time_from_unix_ms(ms);
    let (day, rest) = stamp.split_once('/').unwrap_or(("", ""));
    let (month, rest) = rest.split_once('/').unwrap_or(("", ""));
    let year = rest.get(..4).unwrap_or("");
    format!("ngày {day} tháng {month} năm {year}")
}

/// The tờ khai as PDF bytes.
pub fn render(doc: &DeclarationDocument) -> Result<Vec<u8>, PdfError> {
    let faces = Faces::load()?;
    let mut document = Document::new();
    let title = match &doc.submitted {
        Some(s) => format!("Tờ khai 01/ĐK-GD – {}", s.reference),
        None => format!("Tờ khai 01/ĐK-GD – {DRAFT_MARK}"),
    };
    document.set_metadata(
        Metadata::new()
            .title(title)
            .language("vi".into())
            .creator("vssid".into()),
    );
    let settings = PageSettings::from_wh(PAGE_WIDTH, PAGE_HEIGHT)
        .ok_or_else(|| PdfError::Write("page size".into()))?;
    let mut page = document.start_page_with(settings);
    draw(&mut page, &faces, doc);
    page.finish();
    document
        .finish()
        .map_err(|error| PdfError::Write(format!("{error:?}")))
}

/// Everything on the page.
fn draw(page: &mut krilla::page::Page<'_>, faces: &Faces, doc: &DeclarationDocument) {
    let english = doc.lang == Lang::En;
    let mut pen = Pen {
        surface: page.surface(),
        faces,
        y: 62.0,
    };

    // The form's number, top right; the draft's mark, top left.
    let number = "Mẫu 01/ĐK-GD";
    let width = faces.regular.width(number, 9.0);
    pen.text_at(
        PAGE_WIDTH - MARGIN - width,
        40.0,
        &faces.regular,
        9.0,
        number,
    );
    if doc.submitted.is_none() {
        let mark = format!("BẢN NHÁP ({DRAFT_MARK})");
        pen.surface.set_fill(Some(Fill {
            paint: rgb::Color::new(180, 0, 0).into(),
            ..Fill::default()
        }));
        pen.text_at(MARGIN, 40.0, &faces.bold, 10.0, &mark);
        pen.color(0);
    }

    pen.centred(&faces.bold, 11.5, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
    pen.centred(&faces.bold, 11.0, "Độc lập - Tự do - Hạnh phúc");
    let motto = faces.bold.width("Độc lập - Tự do - Hạnh phúc", 11.0);
    let y = pen.y - 11.0;
    pen.rule((PAGE_WIDTH - motto) / 2.0, (PAGE_WIDTH + motto) / 2.0, y);
    pen.y += 18.0;
    pen.centred(&faces.bold, 15.0, "TỜ KHAI");
    pen.centred(
        &faces.bold,
        11.5,
        "ĐĂNG KÝ SỬ DỤNG PHƯƠNG THỨC GIAO DỊCH ĐIỆN TỬ",
    );
    pen.centred(&faces.bold, 11.5, "TRONG LĨNH VỰC BẢO HIỂM XÃ HỘI");
    if english {
        pen.color(90);
        pen.centred(
            &faces.regular,
            SMALL + 1.0,
            "Declaration: registration for electronic transactions in social insurance",
        );
        pen.color(0);
    }
    pen.y += 14.0;

    let to = format!("Kính gửi: {}", doc.office);
    pen.paragraph(MARGIN + 60.0, &faces.bold, 12.0, &to);
    if english {
        pen.color(90);
        pen.text_at(MARGIN + 72.0, pen.y - 4.0, &faces.regular, SMALL, "To");
        pen.color(0);
        pen.y += 6.0;
    }
    pen.y += 12.0;

    for (label, label_en, value) in doc.fields() {
        pen.field(english, label, label_en, value);
    }

    pen.y += 6.0;
    let (reference, received) = match &doc.submitted {
        Some(s) => (
            s.reference.clone(),
            vssid_core::datetime::vietnam_time_from_unix_ms(s.received_at_ms),
        ),
        None => (
            format!("(không có — {DRAFT_MARK})"),
            format!("(không có — {DRAFT_MARK})"),
        ),
    };
    let box_top = pen.y - 12.0;
    pen.y += 4.0;
    pen.field(english, "Mã hồ sơ", "Reference", &reference);
    pen.field(
        english,
        "Ngày tiếp nhận",
        "Received (Vietnam time)",
        &received,
    );
    let box_bottom = pen.y - 4.0;
    if let Some(rect) = Rect::from_xywh(
        MARGIN - 6.0,
        box_top,
        PAGE_WIDTH - 2.0 * MARGIN + 12.0,
        box_bottom - box_top,
    ) {
        pen.frame(rect);
    }
    pen.y += 14.0;

    pen.paragraph(MARGIN, &faces.regular, BODY, COMMITMENT);
    if english {
        pen.color(90);
        pen.paragraph(MARGIN, &faces.regular, SMALL + 0.5, COMMITMENT_EN);
        pen.color(0);
    }
    pen.y += 16.0;

    // The place and date line, the signer's title and the signature box, on the right.
    let column = PAGE_WIDTH - MARGIN - 220.0;
    let centre =
        |face: &Face, size: f32, text: &str| column + (220.0 - face.width(text, size)) / 2.0;
    let place = if doc.place.trim().is_empty() {
        "..........".to_string()
    } else {
        doc.place.clone()
    };
    let when = format!(
        "{place}, {}",
        date_words(doc.submitted.as_ref().map(|s| s.received_at_ms))
    );
    for line in faces.regular.wrap(&when, 10.0, 220.0) {
        let y = pen.y;
        pen.text_at(
            centre(&faces.regular, 10.0, &line),
            y,
            &faces.regular,
            10.0,
            &line,
        );
        pen.y += 14.0;
    }
    let y = pen.y + 4.0;
    pen.text_at(
        centre(&faces.bold, BODY, "NGƯỜI KÊ KHAI"),
        y,
        &faces.bold,
        BODY,
        "NGƯỜI KÊ KHAI",
    );
    pen.y = y + 14.0;
    let hint = "(Ký, ghi rõ họ tên)";
    let y = pen.y;
    pen.text_at(
        centre(&faces.regular, 9.0, hint),
        y,
        &faces.regular,
        9.0,
        hint,
    );
    if english {
        pen.color(90);
        let hint_en = "Signature and full name";
        pen.text_at(
            centre(&faces.regular, SMALL, hint_en),
            y + 11.0,
            &faces.regular,
            SMALL,
            hint_en,
        );
        pen.color(0);
        pen.y += 11.0;
    }
    pen.y += 8.0;
    if let Some(rect) = Rect::from_xywh(column + 20.0, pen.y, 180.0, 80.0) {
        pen.frame(rect);
    }
    pen.y += 98.0;
    let name = &doc.full_name;
    let y = pen.y;
    pen.text_at(centre(&faces.bold, BODY, name), y, &faces.bold, BODY, name);

    pen.surface.finish();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_date_line_is_in_words_in_vietnam_time() {
        // 2026-11-25 17:31:08 UTC is the 26th in Vietnam.
        assert_eq!(
            date_words(Some(1_795_627_868_000)),
            "ngày 26 tháng 11 năm 2026"
        );
        assert!(date_words(None).starts_with("ngày ....."));
    }
}
