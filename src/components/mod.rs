//! Widgets shared by the screens: the header with the language switch, the step indicator,
//! notices, the line saying where registrations go, a labelled field with its error, a
//! searchable picker, the bottom action bar, the discard button and the office card.

pub mod about;
mod action_bar;
pub mod camera;
mod discard;
mod field;
pub mod file_pick;
pub mod guardian;
mod header;
mod notices;
mod office_card;
mod picker;
pub mod qr_offer;
mod reception_banner;
pub mod rights_panel;
pub mod step_indicator;

pub use about::{AboutOpen, AboutPanel};
pub use action_bar::ActionBar;
pub use discard::DiscardDraft;
pub use field::{error_id, field_error, FieldLabel, TextField};
pub use file_pick::{PickFile, PickerKind};
pub use header::Header;
pub use notices::Notices;
pub use office_card::OfficeCard;
pub use picker::{PickerOption, SearchPicker};
pub use reception_banner::ReceptionBanner;
pub use step_indicator::StepIndicator;
