//! `vssid check` as a user runs it: the built binary, its output and exit codes.

use std::process::{Command, Output};

fn vssid(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_vssid"))
        .args(args)
        .output()
        .expect("the vssid binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).expect("UTF-8 output")
}

#[test]
fn an_international_mobile_number_is_printed_in_e164() {
    let output = vssid(&["check", "phone", "+84 91 234 5678"]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(text(&output.stdout), "+84912345678\n");
    assert_eq!(text(&output.stderr), "");
}

#[test]
fn an_old_eleven_digit_number_is_refused_with_its_new_form() {
    let output = vssid(&["check", "phone", "01681234567"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(text(&output.stdout), "");
    let message = text(&output.stderr);
    assert!(message.contains("0381234567"), "{message}");
    assert!(
        message.contains("chữ số"),
        "Vietnamese by default: {message}"
    );
}

#[test]
fn lang_en_gives_english_messages() {
    let output = vssid(&["check", "--lang", "en", "phone", "02838123456"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(text(&output.stderr).contains("not a mobile number"));
}

#[test]
fn json_output_is_one_object() {
    let output = vssid(&["check", "email", "Nguyen.A@GMAIL.com", "--json"]);
    assert_eq!(output.status.code(), Some(0));
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        value,
        serde_json::json!({"ok": true, "value": "Nguyen.A@gmail.com"})
    );

    let output = vssid(&["check", "--json", "--lang=en", "id", "003303011829"]);
    assert_eq!(output.status.code(), Some(1));
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(value["ok"], false);
    assert_eq!(value["code"], "person_id_unknown_province");
    assert!(value["error"].as_str().unwrap().contains("003"));
    assert!(value.get("value").is_none());
}

#[test]
fn every_kind_is_understood() {
    for (args, expected) in [
        (["check", "bhxh", "0123456789"], "0123456789\n"),
        (["check", "id", "034303011829"], "034303011829\n"),
        (["check", "name", "  H’Hen   Niê "], "H'Hen Niê\n"),
        (["check", "phone", "(091) 234.5678"], "+84912345678\n"),
        (
            ["check", "email", "sv@st.hcmus.edu.vn"],
            "sv@st.hcmus.edu.vn\n",
        ),
    ] {
        let output = vssid(&args);
        assert_eq!(output.status.code(), Some(0), "{args:?}");
        assert_eq!(text(&output.stdout), expected);
    }
}

#[test]
fn an_unknown_field_kind_is_a_usage_error() {
    let output = vssid(&["check", "postcode", "700000"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(text(&output.stdout), "");
    let message = text(&output.stderr);
    assert!(
        message.contains("[possible values: bhxh, id, name, phone, email]"),
        "{message}"
    );
}
