//! "Chọn ảnh": the button that lets the person choose a picture file, in one of two ways —
//! the page's own file input (the web and the desktop), or, on phones, a file input made by
//! script outside the Dioxus tree (`assets/file_picker.js`), because Dioxus 0.7.10 on Android
//! and iOS answers a file input inside its tree with no file (dioxus issues 3720, 5135, 3849).

use base64::Engine;
use dioxus::prelude::*;

/// The script run by `document::eval` for [`PickerKind::Script`].
const PICKER_SCRIPT: &str = include_str!("../../assets/file_picker.js");

/// How this build lets the person choose a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PickerKind {
    /// A file input inside the app's tree, read by Dioxus (the web, the desktop).
    Input,
    /// A button that opens a file input made by script outside the tree (Android, iOS; on the
    /// web with `?picker=script`, so a browser test goes through the phones' path).
    Script,
}

impl PickerKind {
    /// What this build uses.
    pub fn for_this_build() -> PickerKind {
        if cfg!(feature = "mobile") || crate::config::script_picker_requested() {
            PickerKind::Script
        } else {
            PickerKind::Input
        }
    }

    /// The kind given by the app's root (tests may give another), else this build's.
    pub fn in_use() -> PickerKind {
        try_use_context::<PickerKind>().unwrap_or_else(PickerKind::for_this_build)
    }
}

/// A message of the picker script.
#[derive(Debug, serde::Deserialize)]
#[serde(untagged)]
enum PickerMessage {
    Ready {
        #[allow(dead_code)]
        ready: bool,
    },
    Data {
        data: String,
    },
    Error {
        #[allow(dead_code)]
        error: String,
    },
}

/// The chooser: `children` is the button's text. A chosen file arrives in `on_bytes`; one
/// that cannot be read calls `on_unreadable`.
#[component]
pub fn PickFile(
    /// The id of the focusable element (the input, or the button on phones).
    id: String,
    /// The id of the visible label or button, when the page refers to it.
    label_id: Option<String>,
    /// Classes of the visible button (its look does not depend on the kind).
    class: String,
    disabled: bool,
    invalid: bool,
    describedby: Option<String>,
    on_bytes: EventHandler<Vec<u8>>,
    on_unreadable: EventHandler<()>,
    children: Element,
) -> Element {
    let kind = PickerKind::in_use();
    let aria_invalid = if invalid { "true" } else { "false" };
    // The visible button's look is the same for both kinds.
    let class = if disabled {
        format!("{class} disabled")
    } else {
        class
    };
    match kind {
        PickerKind::Input => rsx! {
            input {
                id: "{id}",
                r#type: "file",
                class: "visually-hidden file-input",
                accept: "image/*",
                disabled,
                aria_invalid,
                aria_describedby: describedby.clone(),
                onchange: move |event: FormEvent| async move {
                    let Some(file) = event.files().into_iter().next() else {
                        return;
                    };
                    match file.read_bytes().await {
                        // Handed over as read, not copied: a photo can be 25 MB.
                        Ok(bytes) => on_bytes.call(Vec::from(bytes)),
                        Err(_) => on_unreadable.call(()),
                    }
                },
            }
            label {
                id: label_id,
                r#for: "{id}",
                class,
                {children}
            }
        },
        PickerKind::Script => rsx! {
            ScriptPicker {
                id,
                label_id,
                class,
                disabled,
                aria_invalid,
                describedby,
                on_bytes,
                on_unreadable,
                children,
            }
        },
    }
}

/// The phones' chooser: a button, and the picker script that owns the real file input.
#[component]
fn ScriptPicker(
    id: String,
    label_id: Option<String>,
    /// The button's classes, `disabled` already added when it is.
    class: String,
    disabled: bool,
    aria_invalid: &'static str,
    describedby: Option<String>,
    on_bytes: EventHandler<Vec<u8>>,
    on_unreadable: EventHandler<()>,
    children: Element,
) -> Element {
    let mut ready = use_signal(|| false);
    let script_id = id.clone();
    use_future(move || {
        let script_id = script_id.clone();
        async move {
            let mut eval = document::eval(PICKER_SCRIPT);
            if eval.send(script_id).is_err() {
                return;
            }
            loop {
                match eval.recv::<PickerMessage>().await {
                    Ok(PickerMessage::Ready { .. }) => ready.set(true),
                    Ok(PickerMessage::Data { data }) => {
                        match base64::engine::general_purpose::STANDARD.decode(data.as_bytes()) {
                            Ok(bytes) => on_bytes.call(bytes),
                            Err(_) => on_unreadable.call(()),
                        }
                    }
                    Ok(PickerMessage::Error { .. }) => on_unreadable.call(()),
                    Err(_) => return,
                }
            }
        }
    });
    let off = disabled || !ready();
    rsx! {
        button {
            id: "{id}",
            r#type: "button",
            class,
            "data-pick-file": "{id}",
            "data-picker-ready": if ready() { "true" } else { "false" },
            disabled: off,
            aria_invalid,
            aria_describedby: describedby,
            span { id: label_id, {children} }
        }
    }
}
