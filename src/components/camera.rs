//! The in-app camera: a dialog with the live picture of the webview's camera
//! (`getUserMedia`, by the script `assets/camera.js`, driven from Rust through
//! `document::eval`), a guide drawn over it (an oval for the face, an ID-1 card outline for
//! the card), and capture, switch and cancel buttons. A capture comes back to Rust as JPEG
//! bytes; a camera that cannot be used comes back as a typed [`CameraRefusal`] so the screen
//! can offer the file picker instead.

use crate::i18n::Text;
use base64::Engine;
use dioxus::prelude::*;
use serde::Deserialize;
use std::cell::Cell;
use std::rc::Rc;
use vssid_core::Lang;

/// Which camera to open first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Facing {
    /// The front camera (the portrait).
    User,
    /// The rear camera (the ID card).
    Environment,
}

impl Facing {
    /// The `facingMode` value of `getUserMedia`.
    pub fn as_js(self) -> &'static str {
        match self {
            Facing::User => "user",
            Facing::Environment => "environment",
        }
    }
}

/// The guide drawn over the live picture.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GuideShape {
    /// An upright oval for the face (3 : 4).
    Oval,
    /// An ID-1 card outline, 85.6 × 54 mm (CCCD, CMND and most cards).
    Card,
}

impl GuideShape {
    /// A stable name, used in the markup (`data-shape`).
    pub fn as_str(self) -> &'static str {
        match self {
            GuideShape::Oval => "oval",
            GuideShape::Card => "card",
        }
    }

    /// Width and height of the shape, as the CSS `aspect-ratio` writes them.
    pub fn aspect_ratio(self) -> &'static str {
        match self {
            GuideShape::Oval => "3 / 4",
            GuideShape::Card => "85.6 / 54",
        }
    }

    fn ratio(self) -> f64 {
        match self {
            GuideShape::Oval => 3.0 / 4.0,
            GuideShape::Card => 85.6 / 54.0,
        }
    }

    /// Where the guide sits in a frame of `width` × `height`: centred, as large as fits in
    /// 84 % of the width and 78 % of the height, with the shape's own aspect ratio.
    pub fn fit(self, width: u32, height: u32) -> GuideRect {
        let (frame_w, frame_h) = (f64::from(width.max(1)), f64::from(height.max(1)));
        let ratio = self.ratio();
        let mut w = frame_w * 0.84;
        let mut h = w / ratio;
        if h > frame_h * 0.78 {
            h = frame_h * 0.78;
            w = h * ratio;
        }
        GuideRect {
            x: (frame_w - w) / 2.0,
            y: (frame_h - h) / 2.0,
            width: w,
            height: h,
        }
    }
}

/// A rectangle in frame pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GuideRect {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

/// Why the camera cannot be used here; the file picker is offered instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CameraRefusal {
    /// No `navigator.mediaDevices.getUserMedia` in this webview or browser.
    Unsupported,
    /// The page is not a secure context (plain `http://`), so browsers hide the camera.
    InsecureContext,
    /// The person or a policy refused the permission (`NotAllowedError`, `SecurityError`).
    Denied,
    /// No camera at all (`NotFoundError`, `OverconstrainedError`).
    NotFound,
    /// The camera exists but could not start, usually held by another app
    /// (`NotReadableError`, `AbortError`).
    Busy,
    /// Anything else.
    Failed,
}

impl CameraRefusal {
    pub const ALL: [CameraRefusal; 6] = [
        CameraRefusal::Unsupported,
        CameraRefusal::InsecureContext,
        CameraRefusal::Denied,
        CameraRefusal::NotFound,
        CameraRefusal::Busy,
        CameraRefusal::Failed,
    ];

    /// The refusal for the `name` of a JavaScript error thrown by `getUserMedia` (or one of
    /// the names the camera script uses itself: `InsecureContext`, `NoMediaDevices`).
    pub fn from_js_error(name: &str) -> Self {
        match name {
            "InsecureContext" => CameraRefusal::InsecureContext,
            "NoMediaDevices" | "TypeError" | "NotSupportedError" => CameraRefusal::Unsupported,
            // `PermissionDeniedError` and the two below are the names of older Chrome versions.
            "NotAllowedError" | "SecurityError" | "PermissionDeniedError" => CameraRefusal::Denied,
            "NotFoundError" | "OverconstrainedError" | "DevicesNotFoundError" => {
                CameraRefusal::NotFound
            }
            "NotReadableError" | "TrackStartError" | "AbortError" => CameraRefusal::Busy,
            _ => CameraRefusal::Failed,
        }
    }

    /// The refusal as told on this platform: inside the app's own webview (desktop,
    /// mobile) "not a secure page" means nothing to the person, the camera is simply not
    /// available there.
    pub fn on_this_platform(self) -> Self {
        match self {
            CameraRefusal::InsecureContext if cfg!(not(target_arch = "wasm32")) => {
                CameraRefusal::Unsupported
            }
            other => other,
        }
    }

    /// A stable code, for the markup and logs.
    pub fn code(self) -> &'static str {
        match self {
            CameraRefusal::Unsupported => "unsupported",
            CameraRefusal::InsecureContext => "insecure_context",
            CameraRefusal::Denied => "denied",
            CameraRefusal::NotFound => "not_found",
            CameraRefusal::Busy => "busy",
            CameraRefusal::Failed => "failed",
        }
    }

    /// What the person is told.
    pub fn text(self) -> Text {
        match self {
            CameraRefusal::Unsupported => Text::CameraUnsupported,
            CameraRefusal::InsecureContext => Text::CameraInsecure,
            CameraRefusal::Denied => Text::CameraDenied,
            CameraRefusal::NotFound => Text::CameraNotFound,
            CameraRefusal::Busy => Text::CameraBusy,
            CameraRefusal::Failed => Text::CameraFailed,
        }
    }
}

/// A camera that is showing its picture.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LiveCamera {
    /// How many cameras the device has (the switch button needs two).
    pub devices: u32,
    /// The frame size of the stream.
    pub width: u32,
    pub height: u32,
    /// The picture is of the front camera: shown mirrored, like a mirror.
    pub mirrored: bool,
}

/// Where the camera dialog stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CameraPhase {
    /// Waiting for the permission and the first frame.
    Starting,
    /// The live picture is shown.
    Live(LiveCamera),
    /// A frame is being encoded.
    Capturing(LiveCamera),
}

impl CameraPhase {
    /// The frame size; 4 : 3 until the stream says.
    fn frame(self) -> (u32, u32) {
        match self {
            CameraPhase::Live(c) | CameraPhase::Capturing(c) if c.width > 0 && c.height > 0 => {
                (c.width, c.height)
            }
            _ => (1280, 960),
        }
    }
}

/// A message of the camera script.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
enum ScriptMessage {
    Ready {
        devices: u32,
        width: u32,
        height: u32,
        facing: Option<String>,
    },
    Refused {
        name: String,
    },
    Photo {
        data: String,
    },
    CaptureFailed {
        name: String,
    },
}

/// The script run in the webview. It waits for `{facing}`, opens the camera into
/// `#camera-video` and answers `ready` or `refused`; then it obeys `"shoot"` (answers
/// `photo` with base64 JPEG bytes, tracks stopped), `"switch"` (answers `ready` or
/// `refused`) and anything else (stops and ends). A watchdog stops the tracks if the video
/// element leaves the page without a word. ASCII only: desktop quotes it into a JS string.
/// Built into the binary (`include_str!`), so every platform's webview gets it without a
/// bundler or an asset server.
const CAMERA_SCRIPT: &str = include_str!("../../assets/camera.js");

/// The camera dialog: opens the camera when drawn, stops it when closed or removed.
///
/// Exactly one of the handlers ends it: `on_photo` with the JPEG bytes, `on_refused` when
/// the camera cannot be used, `on_cancel` when the person gives up.
#[component]
pub fn CameraDialog(
    lang: Lang,
    /// The dialog's heading, e.g. "Chụp ảnh: Ảnh cá nhân".
    title: String,
    shape: GuideShape,
    facing: Facing,
    on_photo: EventHandler<Vec<u8>>,
    on_refused: EventHandler<CameraRefusal>,
    on_cancel: EventHandler<()>,
) -> Element {
    let mut phase = use_signal(|| CameraPhase::Starting);
    let mut problem = use_signal(|| None::<Text>);
    // The running script; kept outside the signals so the drop handler can still reach it.
    let script = use_hook(|| Rc::new(Cell::new(None::<document::Eval>)));

    let running = script.clone();
    use_effect(move || {
        let running = running.clone();
        spawn(async move {
            let mut eval = document::eval(CAMERA_SCRIPT);
            if eval
                .send(serde_json::json!({ "facing": facing.as_js() }))
                .is_err()
            {
                on_refused.call(CameraRefusal::Unsupported);
                return;
            }
            running.set(Some(eval));
            crate::focus::focus("camera-dialog");
            crate::focus::keep_focus_inside("camera-dialog");
            loop {
                match eval.recv::<ScriptMessage>().await {
                    Ok(ScriptMessage::Ready {
                        devices,
                        width,
                        height,
                        facing: live_facing,
                    }) => {
                        problem.set(None);
                        phase.set(CameraPhase::Live(LiveCamera {
                            devices,
                            width,
                            height,
                            mirrored: live_facing.as_deref() == Some(Facing::User.as_js()),
                        }));
                    }
                    Ok(ScriptMessage::Refused { name }) => {
                        stop(&running);
                        on_refused.call(CameraRefusal::from_js_error(&name).on_this_platform());
                        return;
                    }
                    Ok(ScriptMessage::Photo { data }) => {
                        stop(&running);
                        match base64::engine::general_purpose::STANDARD.decode(data.as_bytes()) {
                            Ok(bytes) if !bytes.is_empty() => on_photo.call(bytes),
                            _ => on_refused.call(CameraRefusal::Failed),
                        }
                        return;
                    }
                    Ok(ScriptMessage::CaptureFailed { .. }) => {
                        let current = *phase.peek();
                        if let CameraPhase::Capturing(camera) = current {
                            phase.set(CameraPhase::Live(camera));
                        }
                        problem.set(Some(Text::CameraCaptureFailed));
                    }
                    Err(_) => {
                        // No webview to run the script (or it went away).
                        stop(&running);
                        on_refused.call(CameraRefusal::Unsupported);
                        return;
                    }
                }
            }
        });
    });

    let dropped = script.clone();
    use_drop(move || stop(&dropped));

    let shooting = script.clone();
    let on_shoot = move |_| {
        let current = *phase.peek();
        if let CameraPhase::Live(camera) = current {
            phase.set(CameraPhase::Capturing(camera));
            problem.set(None);
            command(&shooting, "shoot");
        }
    };
    let switching = script.clone();
    let on_switch = move |_| {
        phase.set(CameraPhase::Starting);
        command(&switching, "switch");
    };

    rsx! {
        CameraView {
            lang,
            title,
            shape,
            phase: phase(),
            problem: problem(),
            on_shoot,
            on_switch,
            on_cancel: move |_| on_cancel.call(()),
        }
    }
}

/// Sends a command to the running script.
fn command(script: &Cell<Option<document::Eval>>, word: &str) {
    if let Some(eval) = script.get() {
        let _ = eval.send(word);
    }
}

/// Tells the script to stop the camera and end, once.
fn stop(script: &Cell<Option<document::Eval>>) {
    if let Some(eval) = script.take() {
        let _ = eval.send("stop");
    }
}

/// The dialog's markup for a given phase (no script: the screens' tests draw it as is).
#[component]
pub fn CameraView(
    lang: Lang,
    title: String,
    shape: GuideShape,
    phase: CameraPhase,
    problem: Option<Text>,
    on_shoot: EventHandler<()>,
    on_switch: EventHandler<()>,
    on_cancel: EventHandler<()>,
) -> Element {
    let (width, height) = phase.frame();
    let guide = shape.fit(width, height);
    let (live, devices, mirrored) = match phase {
        CameraPhase::Live(c) => (true, c.devices, c.mirrored),
        CameraPhase::Capturing(c) => (false, c.devices, c.mirrored),
        CameraPhase::Starting => (false, 0, false),
    };
    let instruction = match shape {
        GuideShape::Oval => Text::CameraGuidePortrait,
        GuideShape::Card => Text::CameraGuideCard,
    };
    let status = match phase {
        CameraPhase::Starting => Some(Text::CameraStarting),
        CameraPhase::Capturing(_) => Some(Text::CameraCapturing),
        CameraPhase::Live(_) => None,
    };
    // The guide as a hole in a dimmed veil: the outer rectangle, then the shape.
    let GuideRect {
        x,
        y,
        width: gw,
        height: gh,
    } = guide;
    let (rx, ry) = (gw / 2.0, gh / 2.0);
    let (cx, cy) = (x + rx, y + ry);
    let hole = match shape {
        GuideShape::Oval => format!(
            "M{x:.1},{cy:.1} a{rx:.1},{ry:.1} 0 1,0 {gw:.1},0 a{rx:.1},{ry:.1} 0 1,0 {:.1},0 Z",
            -gw
        ),
        GuideShape::Card => format!("M{x:.1},{y:.1} h{gw:.1} v{gh:.1} h{:.1} Z", -gw),
    };
    let veil = format!("M0,0 H{width} V{height} H0 Z {hole}");
    let corner = gw.min(gh) * 0.06;
    rsx! {
        div { class: "camera-backdrop",
            div {
                id: "camera-dialog",
                class: "camera-dialog",
                role: "dialog",
                aria_modal: "true",
                aria_labelledby: "camera-title",
                aria_describedby: "camera-instruction",
                tabindex: "-1",
                onkeydown: move |e: KeyboardEvent| {
                    if e.key() == Key::Escape {
                        e.prevent_default();
                        on_cancel.call(());
                    }
                },
                h2 { id: "camera-title", class: "camera-title", "{title}" }
                div {
                    class: "camera-stage",
                    style: "aspect-ratio: {width} / {height}; width: min(100%, calc(62vh * {width} / {height}));",
                    aria_busy: if live { "false" } else { "true" },
                    video {
                        id: "camera-video",
                        class: if mirrored { "camera-video mirrored" } else { "camera-video" },
                        autoplay: true,
                        playsinline: true,
                        muted: true,
                        aria_label: "{Text::CameraVideoLabel.get(lang)}",
                    }
                    svg {
                        class: "camera-guide {shape.as_str()}",
                        "data-shape": shape.as_str(),
                        "data-aspect": shape.aspect_ratio(),
                        view_box: "0 0 {width} {height}",
                        "aria-hidden": "true",
                        path { class: "camera-veil", d: "{veil}", "fill-rule": "evenodd" }
                        {match shape {
                            GuideShape::Oval => rsx! {
                                ellipse {
                                    class: "camera-outline",
                                    cx: "{cx:.1}",
                                    cy: "{cy:.1}",
                                    rx: "{rx:.1}",
                                    ry: "{ry:.1}",
                                }
                            },
                            GuideShape::Card => rsx! {
                                rect {
                                    class: "camera-outline",
                                    x: "{x:.1}",
                                    y: "{y:.1}",
                                    width: "{gw:.1}",
                                    height: "{gh:.1}",
                                    rx: "{corner:.1}",
                                }
                            },
                        }}
                    }
                    if let Some(status) = status {
                        div { class: "camera-status", role: "status",
                            div { class: "spinner", aria_hidden: "true" }
                            span { "{status.get(lang)}" }
                        }
                    }
                }
                p { id: "camera-instruction", class: "camera-instruction", "{instruction.get(lang)}" }
                if let Some(problem) = problem {
                    p { class: "error", role: "alert", "{problem.get(lang)}" }
                }
                div { class: "camera-actions",
                    button {
                        id: "camera-cancel",
                        r#type: "button",
                        class: "button secondary",
                        onclick: move |_| on_cancel.call(()),
                        "{Text::CameraCancel.get(lang)}"
                    }
                    if devices >= 2 {
                        button {
                            id: "camera-switch",
                            r#type: "button",
                            class: "button secondary",
                            disabled: !live,
                            onclick: move |_| on_switch.call(()),
                            "{Text::CameraSwitch.get(lang)}"
                        }
                    }
                    button {
                        id: "camera-shoot",
                        r#type: "button",
                        class: "button primary camera-shoot",
                        disabled: !live,
                        aria_label: "{Text::CameraShootLabel.get(lang)}",
                        onclick: move |_| on_shoot.call(()),
                        "{Text::CameraShoot.get(lang)}"
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn js_error_names_map_to_refusals() {
        let cases = [
            ("NotAllowedError", CameraRefusal::Denied),
            ("SecurityError", CameraRefusal::Denied),
            ("PermissionDeniedError", CameraRefusal::Denied),
            ("NotFoundError", CameraRefusal::NotFound),
            ("OverconstrainedError", CameraRefusal::NotFound),
            ("DevicesNotFoundError", CameraRefusal::NotFound),
            ("NotReadableError", CameraRefusal::Busy),
            ("TrackStartError", CameraRefusal::Busy),
            ("AbortError", CameraRefusal::Busy),
            ("InsecureContext", CameraRefusal::InsecureContext),
            ("NoMediaDevices", CameraRefusal::Unsupported),
            ("TypeError", CameraRefusal::Unsupported),
            ("NoVideoElement", CameraRefusal::Failed),
            ("", CameraRefusal::Failed),
        ];
        for (name, refusal) in cases {
            assert_eq!(CameraRefusal::from_js_error(name), refusal, "{name}");
        }
        // In the app's own webview an insecure page means no camera there, nothing more.
        assert_eq!(
            CameraRefusal::InsecureContext.on_this_platform(),
            CameraRefusal::Unsupported
        );
        assert_eq!(
            CameraRefusal::Denied.on_this_platform(),
            CameraRefusal::Denied
        );
        // Every refusal has its own code and message.
        let codes: std::collections::BTreeSet<_> =
            CameraRefusal::ALL.iter().map(|r| r.code()).collect();
        assert_eq!(codes.len(), CameraRefusal::ALL.len());
        let texts: std::collections::HashSet<_> =
            CameraRefusal::ALL.iter().map(|r| r.text()).collect();
        assert_eq!(texts.len(), CameraRefusal::ALL.len());
    }

    #[test]
    fn the_guide_keeps_its_shape_inside_any_frame() {
        for (w, h) in [(1920, 1080), (1080, 1920), (640, 480), (1, 1)] {
            for shape in [GuideShape::Oval, GuideShape::Card] {
                let g = shape.fit(w, h);
                let ratio = g.width / g.height;
                assert!((ratio - shape.ratio()).abs() < 1e-9, "{shape:?} {w}x{h}");
                assert!(g.width <= f64::from(w) * 0.84 + 1e-9);
                assert!(g.height <= f64::from(h) * 0.78 + 1e-9);
                assert!((g.x * 2.0 + g.width - f64::from(w)).abs() < 1e-9, "centred");
                assert!(g.x >= 0.0 && g.y >= 0.0);
            }
        }
        let card = GuideShape::Card.fit(1920, 1080);
        assert!((card.width / card.height - 85.6 / 54.0).abs() < 1e-9);
    }

    #[test]
    fn script_messages_parse() {
        let ready: ScriptMessage = serde_json::from_str(
            r#"{"kind":"ready","devices":2,"width":1280,"height":720,"facing":"user"}"#,
        )
        .unwrap();
        assert_eq!(
            ready,
            ScriptMessage::Ready {
                devices: 2,
                width: 1280,
                height: 720,
                facing: Some("user".into())
            }
        );
        let refused: ScriptMessage =
            serde_json::from_str(r#"{"kind":"refused","name":"NotAllowedError"}"#).unwrap();
        assert_eq!(
            refused,
            ScriptMessage::Refused {
                name: "NotAllowedError".into()
            }
        );
        assert!(CAMERA_SCRIPT.is_ascii());
    }
}
