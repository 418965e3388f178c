//! The outside programs of the e-mail and PDF tests, installed on first use by
//! `scripts/mail-test-tools.sh` (idempotent): a Python environment under the target folder
//! with aiosmtpd (a real SMTP server) and dkimpy, and Debian's pdftotext, pdftoppm, qpdf and
//! openssl.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// The workspace's folder.
pub fn workspace_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the workspace")
        .to_path_buf()
}

/// The Python environment (installed the first time), after the Debian tools.
pub fn mail_test_venv() -> &'static Path {
    static VENV: OnceLock<PathBuf> = OnceLock::new();
    VENV.get_or_init(|| {
        let target = std::env::var_os("CARGO_TARGET_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| workspace_dir().join("target"));
        let venv = target.join("mail-test-venv");
        let status = Command::new("bash")
            .arg(workspace_dir().join("scripts/mail-test-tools.sh"))
            .arg(&venv)
            .status()
            .expect("scripts/mail-test-tools.sh runs");
        assert!(status.success(), "scripts/mail-test-tools.sh failed");
        venv
    })
}

/// The text of a PDF as `pdftotext` reads it (UTF-8, reading order).
pub fn pdf_text(pdf: &Path) -> String {
    mail_test_venv();
    let output = Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    assert!(
        output.status.success(),
        "pdftotext failed on {}",
        pdf.display()
    );
    String::from_utf8(output.stdout).expect("UTF-8 text")
}

/// Whether `qpdf --check` finds the PDF sound (its report as the error otherwise).
pub fn qpdf_check(pdf: &Path) -> Result<(), String> {
    mail_test_venv();
    let output = Command::new("qpdf")
        .arg("--check")
        .arg(pdf)
        .output()
        .expect("qpdf runs");
    if output.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&output.stdout).into_owned())
    }
}

/// Words separated by any white space, joined by one space (a wrapped line reads as one).
pub fn squeeze(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
