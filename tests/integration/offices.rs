//! The office list can change without a new app release: the app asks the reception service
//! (a real one on a loopback port) for `GET /v1/offices`, uses and keeps a new list, sends
//! its ETag next time (304), starts from the kept copy offline, refuses a list naming
//! communes it doesn't know, and the about panel says which list is in use.

use dioxus::prelude::*;
use std::rc::Rc;
use std::sync::Arc;
use vssid_app::components::AboutPanel;
use vssid_app::config::Reception;
use vssid_app::edges::backend::{Backend, HttpBackend};
use vssid_app::edges::catalog::{default_catalog, Catalog, OfficeData, OfficeOrigin};
use vssid_app::edges::drafts::MemoryDraftStore;
use vssid_app::edges::office_cache::{MemoryOfficeCache, OfficeCache};
use vssid_app::edges::photos::MemoryPhotoStore;
use vssid_app::services::{OfficeRefresh, Services};
use vssid_client::ApiClient;
use vssid_core::api::{Office, OfficeList};
use vssid_core::directory::{Directory, OfficeKind, OfficeState};
use vssid_core::Lang;
use vssid_reception::offices::StaticOffices;
use vssid_reception::{AppState, Config};

/// The built-in list with one more BHXH cơ sở (serving Phường Tân Định, 26737), as an
/// operator would publish a newer list.
fn newer_list() -> OfficeList {
    let mut list = OfficeList::from_directory(Directory::global());
    list.version = "2027-01-15.1".into();
    list.offices.push(Office {
        code: "79-thu-nghiem".into(),
        name: "BHXH Cơ sở Thử Nghiệm".into(),
        label: String::new(),
        address: "1 Đường Thử, Phường Tân Định".into(),
        phone: String::new(),
        province: "79".into(),
        code_confirmed: false,
        closed: false,
        valid_until: None,
        successors: Vec::new(),
        kind: Some(OfficeKind::Base),
        parent: Some("079".into()),
        communes: vec!["26737".into()],
        address_current: true,
        phone_current: true,
    });
    list
}

/// A service publishing `list`, and the app's services talking to it with `cache`.
struct Setup {
    runtime: tokio::runtime::Runtime,
    _running: vssid_reception::RunningService,
    _dir: tempfile::TempDir,
    base: String,
}

fn serve(list: OfficeList) -> Setup {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let dir = tempfile::tempdir().expect("temp dir");
    let mut config = Config::for_data_dir(dir.path().join("service"));
    config.limits.rate_per_second = 0.0;
    let state = AppState::builder(config)
        .offices(Arc::new(StaticOffices::new(list)))
        .build()
        .expect("service state");
    let running = runtime
        .block_on(vssid_reception::start(state))
        .expect("service");
    let base = running.base_url();
    Setup {
        runtime,
        _running: running,
        _dir: dir,
        base,
    }
}

fn services_for(base: &str, cache: Rc<dyn OfficeCache>) -> Services {
    let photos = Rc::new(MemoryPhotoStore::default());
    let backend: Rc<dyn Backend> = Rc::new(HttpBackend::new(
        ApiClient::new(base).expect("client"),
        photos.clone(),
    ));
    Services::new(
        default_catalog(),
        backend,
        Rc::new(MemoryDraftStore::default()),
        photos,
    )
    .with_office_cache(cache)
}

fn finds_test_office(catalog: &dyn Catalog) -> bool {
    catalog
        .search_offices("thu nghiem", 5)
        .iter()
        .any(|o| o.id == "79-thu-nghiem")
}

#[test]
fn a_newer_office_list_from_the_service_is_used_kept_and_checked_by_its_etag() {
    let setup = serve(newer_list());
    let cache = Rc::new(MemoryOfficeCache::default());
    let services = services_for(&setup.base, cache.clone());
    assert!(!finds_test_office(&*services.catalog), "built in first");
    assert_eq!(services.catalog.office_data().origin, OfficeOrigin::BuiltIn);

    let OfficeRefresh::Replaced(catalog) = setup.runtime.block_on(services.refresh_offices())
    else {
        panic!("a new list replaces the built-in one");
    };
    assert!(finds_test_office(&*catalog));
    let suggested = catalog.suggest_offices("79", "26737");
    assert!(
        suggested.iter().any(|o| o.id == "79-thu-nghiem"),
        "suggested for the communes it serves"
    );
    let office = catalog.office("79-thu-nghiem").expect("the new office");
    assert_eq!(
        office.label,
        "(079) BHXH TP. Hồ Chí Minh - BHXH Cơ sở Thử Nghiệm"
    );
    assert!(
        matches!(catalog.office_state("07901"), OfficeState::Closed(_)),
        "closed stays closed"
    );
    let data = catalog.office_data();
    assert_eq!(data.version, "2027-01-15.1");
    assert_eq!(data.date().as_deref(), Some("15/01/2027"));
    assert!(matches!(data.origin, OfficeOrigin::Served { .. }));

    let kept = cache.load().expect("kept on the device");
    assert_eq!(kept.base, setup.base);
    assert!(kept.etag.is_some(), "with its ETag");
    assert_eq!(kept.list.version, "2027-01-15.1");

    // Next start: the kept copy at once (no network needed), then a 304 for the same version.
    let again = services_for(&setup.base, cache.clone());
    assert!(finds_test_office(&*again.catalog), "the kept copy is used");
    assert!(matches!(
        setup.runtime.block_on(again.refresh_offices()),
        OfficeRefresh::Current
    ));
    // A copy from another service is not used.
    let elsewhere = services_for("http://127.0.0.1:9", cache.clone());
    assert!(!finds_test_office(&*elsewhere.catalog));
    assert!(matches!(
        setup.runtime.block_on(elsewhere.refresh_offices()),
        OfficeRefresh::Unreachable
    ));
}

#[test]
fn a_list_naming_an_unknown_commune_is_not_used_and_the_kept_one_stays() {
    let mut broken = newer_list();
    broken.offices.last_mut().unwrap().communes = vec!["99999".into()];
    let setup = serve(broken);
    let cache = Rc::new(MemoryOfficeCache::default());
    let services = services_for(&setup.base, cache.clone());
    match setup.runtime.block_on(services.refresh_offices()) {
        OfficeRefresh::Refused(reason) => assert!(reason.contains("99999"), "{reason}"),
        _ => panic!("an unusable list is refused"),
    }
    assert!(cache.load().is_none(), "nothing kept");
    assert_eq!(services.catalog.office_data().origin, OfficeOrigin::BuiltIn);
}

#[test]
fn the_about_panel_says_which_office_list_is_in_use() {
    #[derive(Props, Clone, PartialEq)]
    struct Shown {
        data: OfficeData,
        lang: Lang,
    }
    #[allow(non_snake_case)]
    fn Panel(shown: Shown) -> Element {
        rsx! {
            AboutPanel {
                lang: shown.lang,
                reception: Reception::Demo,
                onclose: |_| {},
                office_data: shown.data,
            }
        }
    }
    let render = |data: OfficeData, lang: Lang| {
        let mut dom = VirtualDom::new_with_props(Panel, Shown { data, lang });
        dom.rebuild_in_place();
        dioxus_ssr::render(&dom)
    };
    let built_in = OfficeData {
        version: "2026-11-30.1".into(),
        origin: OfficeOrigin::BuiltIn,
    };
    let html = render(built_in.clone(), Lang::Vi);
    assert!(
        html.contains(
            "Danh sách cơ quan BHXH: phiên bản 2026-11-30.1 (dữ liệu ngày 30/11/2026), có sẵn trong ứng dụng"
        ),
        "{html}"
    );
    let served = OfficeData {
        version: "2027-01-15.1".into(),
        // 2027-01-15 05:30 UTC is 12:30 in Vietnam.
        origin: OfficeOrigin::Served {
            fetched_at_ms: 1_799_991_000_000,
        },
    };
    let html = render(served, Lang::Vi);
    assert!(
        html.contains("phiên bản 2027-01-15.1 (dữ liệu ngày 15/01/2027), nhận từ máy chủ tiếp nhận lúc 15/01/2027 12:30"),
        "{html}"
    );
    let html = render(built_in, Lang::En);
    assert!(
        html.contains(
            "BHXH office list: version 2026-11-30.1 (data of 30/11/2026), built into the app"
        ),
        "{html}"
    );
}
