//! The applicant hears back, end to end: they register in the app; a reviewer asks for a new
//! portrait in the console; the applicant opens "Hồ sơ của tôi" (kept in the page's
//! localStorage across reloads), sees why, retakes the portrait with the fake camera and
//! sends it back; the console shows what changed; the reviewer approves; the app says
//! "Đã duyệt" and the notice e-mail is in the outbox. axe-core checks each new screen;
//! the console's page with the changes is photographed as `console-changes.png`.

use super::console::{add_staff, applicant_registers, sign_in, REVIEWER};
use super::*;
use vssid_reception::staff::Role;

/// Opens the app afresh (a reload: the list comes from localStorage) and the registration
/// from "Hồ sơ của tôi"; waits for the status the service answers.
async fn open_my_registration(
    c: &Client,
    site: &Site,
    reference: &str,
    status: &str,
) -> Result<(), E2eError> {
    c.goto(&site.app_url("")).await?;
    screen(c, "start-heading").await?;
    element(c, "#my-registrations-heading").await?;
    click(c, &format!("#open-{reference}")).await?;
    screen(c, "tracking-heading").await?;
    wait_until_within(
        c,
        &format!("the status {status} heard from the service"),
        &format!(
            "(() => {{ const s = document.getElementById('tracking-status'); return s && s.dataset.status === '{status}' && document.getElementById('tracking-refresh') && !document.getElementById('tracking-refresh').disabled; }})()"
        ),
        Duration::from_secs(20),
    )
    .await?;
    Ok(())
}

/// Emulates a screen of `width`×`height` (DevTools protocol).
async fn metrics(c: &Client, width: u32, height: u32, mobile: bool) -> Result<(), E2eError> {
    devtools(
        c,
        "Emulation.setDeviceMetricsOverride",
        serde_json::json!({
            "width": width,
            "height": height,
            "deviceScaleFactor": 1,
            "mobile": mobile,
        }),
    )
    .await
    .map(|_| ())
}

/// The console's page of the registration, signed in as the reviewer.
async fn console_page(c: &Client, site: &Site, reference: &str) -> Result<(), E2eError> {
    c.goto(&format!(
        "{}/console/registrations/{reference}?lang=vi",
        site.base_url
    ))
    .await?;
    if c.find(Locator::Css("#sign-in")).await.is_ok() {
        sign_in(c, REVIEWER).await?;
        c.goto(&format!(
            "{}/console/registrations/{reference}",
            site.base_url
        ))
        .await?;
    }
    element(c, "#photos-heading").await.map(|_| ())
}

#[test]
#[ignore = "needs Chromium and the web build: make e2e"]
fn the_applicant_fixes_the_portrait_the_office_asked_for_and_hears_it_was_approved(
) -> Result<(), StepFailed> {
    let (_video_dir, options) = filming_the_card("follow-up")?;
    with_site("follow-up", options, |run, site| {
        Box::pin(async move {
            let c = &run.client;
            let reference = applicant_registers(run, site).await?;
            run.step("the office has a reviewer", async {
                add_staff(site, REVIEWER, "Trần Văn Bình", Role::Reviewer)
            })
            .await?;
            run.step(
                "the reviewer asks for a new portrait in the console",
                async {
                    console_page(c, site, &reference).await?;
                    c.find(Locator::Css("#changes-reason"))
                        .await?
                        .select_by_value("portrait_unsuitable")
                        .await?;
                    click(c, "#changes-portrait").await?;
                    type_into(
                        c,
                        "#changes-note",
                        "Ảnh bị lóa, vui lòng chụp lại không đeo kính",
                    )
                    .await?;
                    click(c, "#changes-submit").await?;
                    wait_until(
                        c,
                        "the request for changes recorded",
                        "document.querySelector('.summary .status-changes_requested') !== null",
                    )
                    .await
                    .map(|_| ())
                },
            )
            .await?;
            run.step(
                "the applicant opens \"Hồ sơ của tôi\" and sees why",
                async {
                    open_my_registration(c, site, &reference, "changes_requested").await?;
                    let why = element(c, "#tracking-decision").await?.text().await?;
                    if !why.contains("Ảnh cá nhân (chân dung)") {
                        return Err(check_failed(format!("the decision reads {why:?}")));
                    }
                    if why.contains("Ảnh bị lóa") {
                        return Err(check_failed(
                            "the office's note came with the status, which needs only the id",
                        ));
                    }
                    run.shot("status-changes").await?;
                    axe::check(c).await.map(|_| ())
                },
            )
            .await?;
            run.step(
                "the corrections screen opens only the portrait, with the office's note",
                async {
                    click(c, "#fix-start").await?;
                    screen(c, "fix-heading").await?;
                    let note = element(c, "#fix-decision").await?.text().await?;
                    if !note.contains("Ảnh bị lóa, vui lòng chụp lại không đeo kính") {
                        return Err(check_failed(format!("the note reads {note:?}")));
                    }
                    let open = c
                        .execute(
                            "return Array.from(document.querySelectorAll('.fixing input[type=text]')).filter(i => !i.disabled).length",
                            vec![],
                        )
                        .await?;
                    if open.as_u64() != Some(0) {
                        return Err(check_failed(format!("{open} fields open, expected none")));
                    }
                    if c.find(Locator::Css("#camera-id_front")).await.is_ok() {
                        return Err(check_failed("the ID card's photos are open too"));
                    }
                    axe::check(c).await.map(|_| ())
                },
            )
            .await?;
            run.step("retake the portrait with the camera and send it back", async {
                click(c, "#camera-portrait").await?;
                wait_until(
                    c,
                    "the shutter to be enabled",
                    "(() => { const b = document.getElementById('camera-shoot'); const v = document.getElementById('camera-video'); return b && !b.disabled && v && v.videoWidth > 0; })()",
                )
                .await?;
                click(c, "#camera-shoot").await?;
                wait_until_within(
                    c,
                    "the new portrait processed",
                    "document.getElementById('camera-dialog') === null && document.getElementById('fix-portrait-preview') !== null",
                    Duration::from_secs(90),
                )
                .await?;
                run.shot("fixing").await?;
                axe::check(c).await?;
                click(c, "#fix-send").await?;
                screen(c, "tracking-heading").await?;
                wait_until_within(
                    c,
                    "the status resubmitted",
                    "document.getElementById('tracking-status').dataset.status === 'resubmitted'",
                    Duration::from_secs(20),
                )
                .await?;
                let stored = site.registrations()?;
                let status = stored.first().map(|r| r.status.clone()).unwrap_or_default();
                if status != "resubmitted" {
                    return Err(check_failed(format!("stored status {status:?}")));
                }
                Ok(())
            })
            .await?;
            run.step(
                "the console shows the replaced portrait; the reviewer approves",
                async {
                    console_page(c, site, &reference).await?;
                    let changes = element(c, "#resubmissions").await?.text().await?;
                    if !changes.contains("Ảnh đã thay") || !changes.contains("Ảnh cá nhân") {
                        return Err(check_failed(format!("the changes read {changes:?}")));
                    }
                    // The office's screen size for its picture, then the phone's again.
                    metrics(c, 1366, 900, false).await?;
                    c.execute(
                        "document.getElementById('resubmissions').scrollIntoView({block: 'center'})",
                        vec![],
                    )
                    .await?;
                    tokio::time::sleep(Duration::from_millis(300)).await;
                    std::fs::write(run.dir.join("console-changes.png"), c.screenshot().await?)?;
                    axe::check(c).await?;
                    metrics(c, 390, 844, true).await?;
                    c.goto(&format!(
                        "{}/console/registrations/{reference}?lang=en",
                        site.base_url
                    ))
                    .await?;
                    let english = element(c, "#resubmissions").await?.text().await?;
                    if !english.contains("What the applicant changed") {
                        return Err(check_failed(format!("in English: {english:?}")));
                    }
                    axe::check(c).await?;
                    console_page(c, site, &reference).await?;
                    type_into(c, "#approve-account", ANH.bhxh_code).await?;
                    click(c, "#approve-submit").await?;
                    wait_until(
                        c,
                        "the approval recorded",
                        "document.querySelector('.summary .status-approved') !== null",
                    )
                    .await
                    .map(|_| ())
                },
            )
            .await?;
            run.step("the applicant sees \"Đã duyệt\"", async {
                open_my_registration(c, site, &reference, "approved").await?;
                let title = element(c, "#tracking-status").await?.text().await?;
                if title.trim() != "Đã duyệt" {
                    return Err(check_failed(format!("the status reads {title:?}")));
                }
                run.shot("status-approved").await?;
                axe::check(c).await.map(|_| ())
            })
            .await?;
            run.step(
                "the approval's notice is in the outbox, in Vietnamese",
                async {
                    let outbox = site.state.config().outbox_path();
                    let mut notices = Vec::new();
                    for entry in std::fs::read_dir(&outbox)? {
                        let path = entry?.path();
                        let name = path
                            .file_name()
                            .unwrap_or_default()
                            .to_string_lossy()
                            .to_string();
                        if name.starts_with(&format!("{reference}-decided")) {
                            let raw = std::fs::read_to_string(&path)?;
                            notices.push(vssid_testkit::mail::body(&raw).unwrap_or_default());
                        }
                    }
                    if notices.len() != 2 {
                        return Err(check_failed(format!(
                            "{} decision notices, expected 2 (changes, approval)",
                            notices.len()
                        )));
                    }
                    let approved = notices
                        .iter()
                        .find(|body| body.contains("đã được duyệt"))
                        .ok_or_else(|| check_failed(format!("no approval notice: {notices:?}")))?;
                    if !approved.contains(ANH.bhxh_code) || !approved.contains("VssID") {
                        return Err(check_failed(format!(
                            "the approval notice reads {approved}"
                        )));
                    }
                    Ok(())
                },
            )
            .await
        })
    })
}
