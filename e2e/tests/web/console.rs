//! The office console in the browser, after an applicant registered through the app: a
//! reviewer signs in, finds the registration with the keyboard only (`/` to search, `J` to
//! the first row, Enter to open), views the three photos (zoom with `1`), and asks for a new
//! portrait; a supervisor opens the export page. axe-core checks every console page, in
//! both languages; each is photographed as `target/e2e/console/console-*.png`
//! (scripts/screenshots.sh copies them to docs/screenshots/).

use super::*;
use vssid_reception::staff::accounts::{self, AccountRequest};
use vssid_reception::staff::Role;

pub(super) const REVIEWER: &str = "can.bo@bhxh-hcm.example.vn";
const SUPERVISOR: &str = "giam.sat@bhxh-hcm.example.vn";
const STAFF_PASSWORD: &str = "mật khẩu đủ dài 2026";

/// An account of office 079.
pub(super) fn add_staff(site: &Site, email: &str, name: &str, role: Role) -> Result<(), E2eError> {
    accounts::add(
        &site.state,
        &AccountRequest {
            email: email.into(),
            name: name.into(),
            role,
            offices: vec!["079".into()],
            password: STAFF_PASSWORD.into(),
        },
    )
    .map(|_| ())
    .map_err(|e| check_failed(format!("staff account {email}: {e}")))
}

/// The applicant's registration, through the app, to its receipt; its reference.
pub(super) async fn applicant_registers(run: &Run, site: &Site) -> Result<String, StepFailed> {
    let c = &run.client;
    let photos = run.step("prepare the photos", async { photos() }).await?;
    run.step(
        "the applicant opens the app and fills the declaration",
        async {
            c.goto(&site.app_url("")).await?;
            screen(c, "start-heading").await?;
            click(c, "#begin").await?;
            consent(c).await?;
            fill_declaration(c, &ANH).await?;
            click(c, "#action-next").await?;
            screen(c, "photos-heading").await?;
            choose_photos(c, &photos).await
        },
    )
    .await?;
    office_to_receipt(run, site, &ANH).await?;
    run.step("the service holds one registration", async {
        let stored = site.registrations()?;
        match stored.as_slice() {
            [one] => Ok(one.reference.clone()),
            _ => Err(check_failed(format!("{} registrations", stored.len()))),
        }
    })
    .await
}

/// Saves the viewport as `console-<name>.png` and checks the page with axe-core.
async fn photograph_and_check(run: &Run, name: &str) -> Result<(), E2eError> {
    // Let the photos and the style settle.
    tokio::time::sleep(Duration::from_millis(300)).await;
    std::fs::write(
        run.dir.join(format!("console-{name}.png")),
        run.client.screenshot().await?,
    )?;
    axe::check(&run.client).await.map(|_| ())
}

pub(super) async fn sign_in(c: &Client, email: &str) -> Result<(), E2eError> {
    element(c, "#email").await?;
    type_into(c, "#email", email).await?;
    type_into(c, "#password", STAFF_PASSWORD).await?;
    click(c, "#sign-in").await?;
    wait_until(
        c,
        "the queue after signing in (the session cookie kept on http://127.0.0.1)",
        "document.getElementById('counts-heading') !== null",
    )
    .await
    .map(|_| ())
}

#[test]
#[ignore = "needs Chromium and the web build: make e2e"]
fn a_reviewer_finds_the_new_registration_views_its_photos_and_asks_for_a_new_portrait(
) -> Result<(), StepFailed> {
    let options = BrowserOptions {
        width: 1366,
        height: 900,
        ..BrowserOptions::default()
    };
    with_site("console", options, |run, site| {
        Box::pin(async move {
            let c = &run.client;
            let reference = applicant_registers(run, site).await?;
            run.step("the office has a reviewer and a supervisor", async {
                add_staff(site, REVIEWER, "Trần Văn Bình", Role::Reviewer)?;
                add_staff(site, SUPERVISOR, "Lê Thị Hoa", Role::Supervisor)
            })
            .await?;
            let console = format!("{}/console/", site.base_url);
            run.step(
                "without a session the console opens its sign-in page",
                async {
                    c.goto(&console).await?;
                    element(c, "#email").await?;
                    let url = c.current_url().await?;
                    if !url.path().ends_with("/console/sign-in") {
                        return Err(check_failed(format!("at {url}, expected the sign-in page")));
                    }
                    photograph_and_check(run, "sign-in").await
                },
            )
            .await?;
            run.step("a wrong password is told on the form", async {
                type_into(c, "#email", REVIEWER).await?;
                type_into(c, "#password", "không phải mật khẩu").await?;
                click(c, "#sign-in").await?;
                let error = element(c, "#sign-in-error").await?.text().await?;
                if !error.contains("Email, mật khẩu hoặc mã xác thực không đúng") {
                    return Err(check_failed(format!("the error reads {error:?}")));
                }
                axe::check(c).await.map(|_| ())
            })
            .await?;
            run.step("the reviewer signs in and sees the queue", async {
                sign_in(c, REVIEWER).await?;
                let text = element(c, "#queue").await?.text().await?;
                if !text.contains(&reference) || !text.contains(ANH.full_name) {
                    return Err(check_failed(format!("the queue lacks {reference}: {text}")));
                }
                photograph_and_check(run, "queue").await
            })
            .await?;
            run.step(
                "with the keyboard only: / searches, J goes to the first row, Enter opens it",
                async {
                    press(c, "/").await?;
                    if focused_id(c).await? != "q" {
                        return Err(check_failed("/ did not focus the search field"));
                    }
                    press(c, "nguyen thi anh").await?;
                    press(c, &Key::Enter.to_string()).await?;
                    wait_until(
                        c,
                        "the search's result",
                        "location.pathname === '/console/search' && location.search === '' && document.querySelectorAll('#queue a.open').length === 1",
                    )
                    .await?;
                    press(c, "j").await?;
                    let focused = c
                        .execute("return document.activeElement.textContent", vec![])
                        .await?;
                    if focused.as_str() != Some(reference.as_str()) {
                        return Err(check_failed(format!(
                            "J focused {focused}, not the row of {reference}"
                        )));
                    }
                    press(c, &Key::Enter.to_string()).await?;
                    element(c, "#photos-heading").await.map(|_| ())
                },
            )
            .await?;
            run.step("the three photos are shown at full resolution", async {
                wait_until(
                    c,
                    "the three photos to load",
                    "Array.from(document.querySelectorAll('.photo img')).filter(i => i.complete && i.naturalWidth > 0).length === 3",
                )
                .await?;
                let text = element(c, "main").await?.text().await?;
                for shown in [ANH.person_id, ANH.full_name, "Tân Định"] {
                    if !text.contains(shown) {
                        return Err(check_failed(format!("the page lacks {shown:?}")));
                    }
                }
                photograph_and_check(run, "registration").await
            })
            .await?;
            run.step("key 1 zooms the portrait to its own pixels, Escape fits it again", async {
                press(c, "1").await?;
                wait_until(
                    c,
                    "the portrait at its natural width",
                    "(() => { const f = document.getElementById('photo-portrait'); const i = f.querySelector('img');
                        return f.classList.contains('zoomed') && i.getBoundingClientRect().width === i.naturalWidth
                            && f.querySelector('button.zoom').getAttribute('aria-pressed') === 'true'; })()",
                )
                .await?;
                photograph_and_check(run, "photo-zoom").await?;
                press(c, &Key::Escape.to_string()).await?;
                wait_until(
                    c,
                    "the portrait fitted again",
                    "!document.getElementById('photo-portrait').classList.contains('zoomed')",
                )
                .await
                .map(|_| ())
            })
            .await?;
            run.step(
                "C opens the request for changes; ask for a new portrait",
                async {
                    press(c, "c").await?;
                    if focused_id(c).await? != "changes-reason" {
                        return Err(check_failed("C did not focus the reason of the request"));
                    }
                    c.find(Locator::Css("#changes-reason"))
                        .await?
                        .select_by_value("portrait_unsuitable")
                        .await?;
                    click(c, "#changes-portrait").await?;
                    type_into(
                        c,
                        "#changes-note",
                        "Vui lòng chụp lại ảnh chân dung không đeo kính",
                    )
                    .await?;
                    photograph_and_check(run, "decision").await?;
                    click(c, "#changes-submit").await?;
                    wait_until(
                        c,
                        "the page again with the new status",
                        "document.querySelector('.summary .status-changes_requested') !== null",
                    )
                    .await?;
                    let stored = site.registrations()?;
                    let status = stored.first().map(|r| r.status.clone()).unwrap_or_default();
                    if status != "changes_requested" {
                        return Err(check_failed(format!("stored status {status:?}")));
                    }
                    let history = element(c, ".history").await?.text().await?;
                    if !history.contains("Trần Văn Bình") || !history.contains("Ảnh cá nhân")
                    {
                        return Err(check_failed(format!("the history reads {history:?}")));
                    }
                    c.execute(
                        "document.getElementById('history-heading').scrollIntoView({block: 'center'})",
                        vec![],
                    )
                    .await?;
                    photograph_and_check(run, "decided").await
                },
            )
            .await?;
            run.step("the pages pass axe-core in English too", async {
                for path in [
                    "/console/?lang=en",
                    &format!("/console/registrations/{reference}"),
                ] {
                    c.goto(&format!("{}{path}", site.base_url)).await?;
                    wait_until(
                        c,
                        "the page in English",
                        "document.documentElement.lang === 'en'",
                    )
                    .await?;
                    axe::check(c).await?;
                }
                c.goto(&format!(
                    "{}/console/registrations/DK-20261125-ZZZZZZ",
                    site.base_url
                ))
                .await?;
                element(c, "p.error").await?;
                axe::check(c).await?;
                c.goto(&format!("{console}?lang=vi")).await?;
                element(c, "#queue").await.map(|_| ())
            })
            .await?;
            run.step(
                "the reviewer signs out; a supervisor opens the export page",
                async {
                    click(c, ".sign-out button").await?;
                    element(c, "#email").await?;
                    sign_in(c, SUPERVISOR).await?;
                    c.goto(&format!("{}/console/export", site.base_url)).await?;
                    element(c, "#export-from").await?;
                    photograph_and_check(run, "export").await
                },
            )
            .await?;
            run.step("every action is in the audit log once", async {
                let lines = site
                    .state
                    .staff()
                    .audit(&vssid_reception::store::staff::AuditFilter {
                        limit: 1000,
                        ..Default::default()
                    })
                    .map_err(|e| check_failed(e.to_string()))?;
                let count = |action: &str| lines.iter().filter(|l| l.action == action).count();
                let expected = [
                    ("login", 2),
                    ("login_failed", 1),
                    ("logout", 1),
                    ("decide", 1),
                ];
                for (action, n) in expected {
                    if count(action) != n {
                        return Err(check_failed(format!(
                            "{} {action} lines, expected {n}",
                            count(action)
                        )));
                    }
                }
                if count("view_photo") < 3 {
                    return Err(check_failed("the photos' views are not audited"));
                }
                Ok(())
            })
            .await
        })
    })
}
