//! Tests of the embedded directory: counts, lookups, conversion, search and suggestions.

use super::*;
use crate::declaration::DeclarationForm;
use crate::fields::FieldId;
use std::collections::HashSet;

fn dir() -> &'static Directory {
    Directory::global()
}

#[test]
fn embedded_data_loads() {
    assert!(Directory::load().is_ok());
}

#[test]
fn counts_of_the_2025_scheme() {
    let d = dir();
    assert_eq!(d.provinces().len(), 34);
    assert_eq!(d.communes().len(), 3321);
    let count = |kind: &str| d.communes().iter().filter(|c| c.kind == kind).count();
    assert_eq!(count("Xã"), 2621);
    assert_eq!(count("Phường"), 687);
    assert_eq!(count("Đặc khu"), 13);
    assert_eq!(d.communes_of("79").unwrap().len(), 168);
    let total: usize = d
        .provinces()
        .iter()
        .map(|p| d.communes_of(p.code).unwrap().len())
        .sum();
    assert_eq!(total, 3321);
}

/// The package has 63 provinces and 696 districts, like the NSO list of 2025-01-04, but
/// 10,035 communes instead of 10,056: its legacy table is an earlier snapshot (some
/// communes merged during 2024–2025 are counted once). Five island districts (Bạch Long Vĩ,
/// Cồn Cỏ, Hoàng Sa, Lý Sơn, Côn Đảo) have no communes; they became đặc khu.
#[test]
fn counts_of_the_legacy_scheme() {
    let d = dir();
    assert_eq!(d.legacy().unwrap().provinces().len(), 63);
    assert_eq!(d.legacy().unwrap().districts().len(), 696);
    assert_eq!(d.legacy().unwrap().communes().len(), 10035);
    let with_communes: HashSet<&str> = d
        .legacy()
        .unwrap()
        .communes()
        .iter()
        .map(|c| c.district)
        .collect();
    let islands: Vec<&LegacyDistrict> = d
        .legacy()
        .unwrap()
        .districts()
        .iter()
        .filter(|x| !with_communes.contains(x.code))
        .collect();
    assert_eq!(islands.len(), 5);
    for island in islands {
        let successor = island
            .successor
            .expect("an island district has a successor");
        assert_eq!(d.commune(successor).unwrap().kind, "Đặc khu");
    }
}

#[test]
fn every_legacy_commune_converts_to_an_existing_2025_commune() {
    let d = dir();
    let mut covered = HashSet::new();
    for legacy in d.legacy().unwrap().communes() {
        let conversion = d.convert_legacy_commune(legacy.code).unwrap();
        assert_eq!(conversion.split, !conversion.other_parts.is_empty());
        covered.insert(conversion.commune.code);
        covered.extend(conversion.other_parts.iter().map(|c| c.code));
    }
    // The five island districts without communes went into five đặc khu.
    covered.extend(
        d.legacy()
            .unwrap()
            .districts()
            .iter()
            .filter_map(|x| x.successor),
    );
    assert_eq!(covered.len(), 3321, "every 2025 commune has a predecessor");
}

#[test]
fn province_codes_are_scheme_specific() {
    let d = dir();
    let old_15 = d
        .legacy()
        .unwrap()
        .provinces()
        .iter()
        .find(|p| p.code == "15")
        .unwrap();
    assert_eq!(old_15.name, "Tỉnh Yên Bái");
    let new_15 = d.province("15").unwrap();
    assert_eq!(new_15.name, "Tỉnh Lào Cai");
    // Same digits, different codes: the scheme is part of the code.
    assert_eq!(old_15.unit_code().code, new_15.unit_code().code);
    assert_ne!(old_15.unit_code(), new_15.unit_code());
    assert_eq!(new_15.unit_code().scheme, Scheme::Y2025);
    assert_eq!(old_15.unit_code().to_string(), "15 (legacy province)");
    let error = d.province("02").unwrap_err();
    assert_eq!(
        error,
        DirectoryError::UnknownProvince(UnitCode::new(Scheme::Y2025, Level::Province, "02"))
    );
    assert_eq!(error.code(), "unknown_province");
}

#[test]
fn old_hcmc_district_1_wards_convert_to_their_2025_wards() {
    let d = dir();
    // Phường Bến Nghé (Quận 1) went wholly into Phường Sài Gòn.
    let ben_nghe = d.convert_legacy_commune("26740").unwrap();
    assert_eq!(ben_nghe.legacy_commune.name, "Phường Bến Nghé");
    assert_eq!(ben_nghe.legacy_district.name, "Quận 1");
    assert_eq!(ben_nghe.legacy_province.name, "Thành phố Hồ Chí Minh");
    assert_eq!(ben_nghe.commune.name, "Phường Sài Gòn");
    assert_eq!(ben_nghe.commune.code, "26740");
    assert_eq!(ben_nghe.province.code, "79");
    assert!(!ben_nghe.split);
    // The old Phường Tân Định (26734) is the new Phường Tân Định (26737).
    let tan_dinh = d.convert_legacy_commune("26734").unwrap();
    assert_eq!(tan_dinh.legacy_commune.name, "Phường Tân Định");
    assert_eq!(tan_dinh.commune.name, "Phường Tân Định");
    assert_eq!(tan_dinh.commune.code, "26737");
}

#[test]
fn old_communes_in_merged_provinces_land_in_the_new_province() {
    let d = dir();
    // Hà Nội, Quận Ba Đình, Phường Phúc Xá → Phường Hồng Hà (00097).
    let phuc_xa = d.convert_legacy_commune("00001").unwrap();
    assert_eq!(phuc_xa.legacy_commune.name, "Phường Phúc Xá");
    assert_eq!(phuc_xa.commune.name, "Phường Hồng Hà");
    // A commune of old Yên Bái (legacy 15) lands in the new Lào Cai (2025 15).
    let yen_bai = d
        .legacy()
        .unwrap()
        .communes()
        .iter()
        .find(|c| {
            d.legacy()
                .unwrap()
                .districts()
                .iter()
                .any(|x| x.code == c.district && x.province == "15")
        })
        .unwrap();
    assert_eq!(
        d.convert_legacy_commune(yen_bai.code)
            .unwrap()
            .province
            .name,
        "Tỉnh Lào Cai"
    );
    // A split commune names its main part first and the others after.
    let split = d
        .legacy()
        .unwrap()
        .communes()
        .iter()
        .find(|c| c.successor_codes().count() > 2)
        .unwrap();
    let conversion = d.convert_legacy_commune(split.code).unwrap();
    assert!(conversion.split);
    assert_eq!(
        conversion.other_parts.len() + 1,
        split.successor_codes().count()
    );
}

#[test]
fn unknown_legacy_code_is_an_error() {
    let error = dir().convert_legacy_commune("99999").unwrap_err();
    assert_eq!(error.code(), "unknown_legacy_commune");
    assert!(error.message(Lang::Vi).contains("99999"));
    assert!(dir().convert_legacy_commune("abc").is_err());
}

fn unit_names(query: &str, limit: usize) -> Vec<&'static str> {
    dir()
        .search_units(query, limit)
        .into_iter()
        .map(|hit| match hit.unit {
            UnitRef::Province(p) => p.name,
            UnitRef::Commune(c) => c.name,
        })
        .collect()
}

#[test]
fn unit_search_ignores_case_diacritics_and_d_stroke() {
    assert_eq!(unit_names("ho chi", 1), ["Thành phố Hồ Chí Minh"]);
    assert_eq!(unit_names("HỒ CHÍ MINH", 1), ["Thành phố Hồ Chí Minh"]);
    assert_eq!(unit_names("dak lak", 1), ["Tỉnh Đắk Lắk"]);
    let thu_duc = unit_names("thu duc", 10);
    assert_eq!(thu_duc[0], "Phường Thủ Đức");
    assert!(!thu_duc.iter().any(|n| n.contains("Thủ Dầu Một")));
    let thu_d = unit_names("thu d", 50);
    assert!(thu_d.contains(&"Phường Thủ Đức"));
    assert!(thu_d.contains(&"Phường Thủ Dầu Một"));
}

#[test]
fn unit_search_ranks_exact_then_prefix_then_word_then_contains() {
    let hits = dir().search_units("tan dinh", 20);
    assert!(hits.len() >= 2);
    assert!(hits.windows(2).all(|w| w[0].rank <= w[1].rank));
    assert_eq!(hits[0].rank, MatchRank::Exact);
    let provinces: HashSet<&str> = hits
        .iter()
        .filter(|h| h.rank == MatchRank::Exact)
        .map(|h| h.province.code)
        .collect();
    assert!(provinces.contains("79") && provinces.contains("56"));
    // By code.
    let by_code = dir().search_units("26737", 5);
    assert_eq!(by_code.len(), 1);
    assert_eq!(by_code[0].rank, MatchRank::Exact);
    assert_eq!(
        dir().search_units("79", 1)[0].unit,
        UnitRef::Province(dir().province("79").unwrap())
    );
    // The limit holds and nonsense finds nothing.
    assert_eq!(dir().search_units("xa", 7).len(), 7);
    assert!(dir().search_units("qqqq", 10).is_empty());
    assert!(dir().search_units("  ", 10).is_empty());
}

fn office_ids(query: &str, limit: usize) -> Vec<String> {
    dir()
        .search_offices(query, limit)
        .into_iter()
        .map(|hit| hit.office.id.clone())
        .collect()
}

#[test]
fn office_search_by_name_and_code() {
    let hcm = office_ids("ho chi minh", 100);
    assert_eq!(hcm[0], "079");
    // Every HCMC office is found through the province name, after the named one.
    assert_eq!(hcm.len(), 1 + 36 + 14);
    assert_eq!(office_ids("079", 1), ["079"]);
    assert_eq!(office_ids("[07901]", 1), ["07901"]);
    // 079 itself, then the 14 former district offices [07901]…[07917] and BHXH cơ sở Bình
    // Thạnh, which kept the code 07906 of the district office it replaced.
    let prefixed = office_ids("079", 100);
    assert_eq!(prefixed.len(), 16);
    assert_eq!(office_ids("07906", 1), ["07906"]);
    let binh_thanh = dir().office("07906").unwrap();
    assert!(!binh_thanh.closed && binh_thanh.kind == OfficeKind::Base);
    assert_eq!(
        dir().label(binh_thanh),
        "(079) BHXH TP. Hồ Chí Minh - BHXH Cơ sở Bình Thạnh"
    );
    assert_eq!(prefixed[0], "079");
    assert_eq!(office_ids("0790", 100).len(), 8);
    assert_eq!(office_ids("tan dinh", 1), ["79-tan-dinh"]);
    assert_eq!(office_ids("Đống Đa", 1), ["01-dong-da"]);
    assert_eq!(office_ids("79-tan-dinh", 1), ["79-tan-dinh"]);
    assert!(office_ids("zzzz", 5).is_empty());
}

#[test]
fn office_lookup_by_code_or_id() {
    let d = dir();
    let hcm = d.office("079").unwrap();
    assert_eq!(hcm.name, "BHXH TP. Hồ Chí Minh");
    assert_eq!(hcm.phone.as_deref(), Some("(028) 39.979.039"));
    assert_eq!(hcm.label(), "[079] BHXH TP. Hồ Chí Minh");
    assert_eq!(d.office("[07917]").unwrap().name, "BHXH Quận 8");
    assert_eq!(d.office("07917").unwrap().successors, ["79-chanh-hung"]);
    let tan_dinh = d.office("79-tan-dinh").unwrap();
    assert_eq!(tan_dinh.code, None);
    assert_eq!(tan_dinh.kind, OfficeKind::Base);
    assert_eq!(d.office("nope").unwrap_err().code(), "unknown_office");
}

#[test]
fn every_province_has_one_office_with_the_0_prefixed_code() {
    let d = dir();
    for province in d.provinces() {
        let offices: Vec<&Office> = d
            .offices()
            .iter()
            .filter(|o| o.kind == OfficeKind::Province && o.province == province.code)
            .collect();
        assert_eq!(offices.len(), 1, "{}", province.name);
        assert_eq!(
            offices[0].code.as_deref(),
            Some(&*format!("0{}", province.code))
        );
    }
}

#[test]
fn every_served_commune_exists_in_the_office_province() {
    let d = dir();
    let mut served = 0;
    for office in d.offices() {
        for code in &office.communes {
            let commune = d.commune(code).unwrap();
            assert_eq!(commune.province, office.province, "{} {code}", office.id);
            served += 1;
        }
    }
    // 36 HCMC offices serve 167 of its 168 communes ("Phường Tây Sơn" in the source is
    // not a 2025 commune); 23 Hà Nội offices serve 121 of 126 (the list has no office
    // for the five Hà Đông wards).
    assert_eq!(served, 167 + 121);
    let base = |p: &str| {
        d.offices()
            .iter()
            .filter(|o| o.kind == OfficeKind::Base && o.province == p)
            .count()
    };
    assert_eq!(base("79"), 36);
    assert_eq!(base("01"), 23);
}

#[test]
fn office_references_point_to_offices_and_sources() {
    let d = dir();
    let ids: HashSet<&str> = d.offices().iter().map(|o| o.id.as_str()).collect();
    assert_eq!(ids.len(), d.offices().len(), "ids are unique");
    for office in d.offices() {
        for reference in office.parent.iter().chain(&office.successors) {
            assert!(
                ids.contains(reference.as_str()),
                "{}: {reference}",
                office.id
            );
        }
        assert!(!office.sources.is_empty(), "{}", office.id);
        // A closed office names its last day and who took over; an open one has no successor.
        assert_eq!(office.closed, office.valid_until.is_some(), "{}", office.id);
        assert_eq!(
            office.closed,
            !office.successors.is_empty(),
            "{}",
            office.id
        );
        for successor in &office.successors {
            assert!(!d.office(successor).unwrap().closed, "{}", office.id);
        }
        // A code is confirmed only by a source that gives it, never by the pattern alone.
        if office.code_confirmed {
            assert!(office.code.is_some(), "{}", office.id);
            assert!(
                !office.sources.iter().any(|s| s == "code-pattern"),
                "{}",
                office.id
            );
        }
        // Every address and phone says where it comes from.
        for (value, from) in [
            (&office.address, &office.address_from),
            (&office.phone, &office.phone_from),
        ] {
            assert_eq!(value.is_some(), from.is_some(), "{}", office.id);
            if let Some(from) = from {
                assert!(
                    d.office_data().sources.contains_key(&from.source),
                    "{}",
                    office.id
                );
            }
        }
        for source in &office.sources {
            assert!(d.office_data().sources.contains_key(source), "{source}");
        }
    }
    assert!(!d.offices_version().is_empty());
}

#[test]
fn suggestions_put_the_serving_office_first_then_the_province_office() {
    let d = dir();
    // Phường Tân Định (HCMC) is served by BHXH cơ sở Tân Định, formerly BHXH Quận 1.
    let suggestions = d.suggest_offices("79", Some("26737")).unwrap();
    let ids: Vec<&str> = suggestions.iter().map(|s| s.office.id.as_str()).collect();
    assert_eq!(ids, ["79-tan-dinh", "079"]);
    assert_eq!(suggestions[0].reason, SuggestionReason::ServesCommune);
    assert_eq!(suggestions[1].reason, SuggestionReason::ProvinceOffice);
    // A province without BHXH cơ sở data: its provincial office.
    let lao_cai = d.suggest_offices("15", None).unwrap();
    assert_eq!(lao_cai.len(), 1);
    assert_eq!(lao_cai[0].office.code.as_deref(), Some("015"));
    // Errors: unknown codes, commune outside the province.
    assert_eq!(
        d.suggest_offices("79", Some("00004")).unwrap_err().code(),
        "commune_not_in_province"
    );
    assert_eq!(
        d.suggest_offices("00", None).unwrap_err().code(),
        "unknown_province"
    );
    assert_eq!(
        d.suggest_offices("79", Some("99999")).unwrap_err().code(),
        "unknown_commune"
    );
}

#[test]
fn declaration_validation_uses_the_directory() {
    let d = dir();
    let mut form = DeclarationForm {
        province: "79".into(),
        commune: "26737".into(),
        ..Default::default()
    };
    assert!(form.check_field(FieldId::Commune, d).is_none());
    form.commune = "00004".into();
    assert_eq!(
        form.check_field(FieldId::Commune, d).unwrap().code,
        "commune_not_in_province"
    );
    form.commune = "99999".into();
    assert_eq!(
        form.check_field(FieldId::Commune, d).unwrap().code,
        "unknown_commune"
    );
    form.province = "02".into();
    assert_eq!(
        form.check_field(FieldId::Province, d).unwrap().code,
        "unknown_province"
    );
    assert_eq!(d.commune_name("26740").as_deref(), Some("Phường Sài Gòn"));
    assert_eq!(d.commune_province("26740").as_deref(), Some("79"));
    assert_eq!(d.province_name("01").as_deref(), Some("Thành phố Hà Nội"));
}

#[test]
fn communes_of_a_province_are_in_alphabetical_order() {
    let communes = dir().communes_of("01").unwrap();
    assert_eq!(communes.len(), 126);
    let keys: Vec<String> = communes.iter().map(|c| search_key(c.name)).collect();
    assert!(keys.windows(2).all(|w| w[0] <= w[1]));
    assert_eq!(
        dir().communes_of("99").unwrap_err().code(),
        "unknown_province"
    );
}

#[test]
fn a_closed_office_is_never_suggested_for_any_commune() {
    let d = dir();
    let closed = d.offices().iter().filter(|o| o.closed).count();
    assert_eq!(
        closed, 14,
        "14 former HCMC district offices (07906 lives on)"
    );
    for province in d.provinces() {
        for commune in d.communes_of(province.code).unwrap() {
            for suggestion in d
                .suggest_offices(province.code, Some(commune.code))
                .unwrap()
            {
                assert!(
                    !suggestion.office.closed,
                    "{} for {}",
                    suggestion.office.id, commune.code
                );
            }
        }
    }
}

#[test]
fn a_closed_office_is_found_by_its_old_code_and_name_but_refused_with_its_successor() {
    let d = dir();
    for query in ["07901", "quan 1"] {
        let hits = d.search_offices(query, 5);
        let quan_1 = hits.iter().find(|h| h.office.id == "07901").expect(query);
        assert!(quan_1.office.closed);
        assert_eq!(quan_1.office.successors, ["79-tan-dinh"]);
    }
    let refusal = d.choosable_office("07901").unwrap_err();
    assert_eq!(refusal.code(), "office_closed");
    assert_eq!(
        refusal.message(Lang::Vi),
        "[07901] BHXH Quận 1 đã giải thể từ 01/7/2025; nay là (079) BHXH TP. Hồ Chí Minh - \
         BHXH Cơ sở Tân Định. Vui lòng chọn cơ quan BHXH đang hoạt động."
    );
    assert!(refusal
        .message(Lang::En)
        .starts_with("[07901] BHXH Quận 1 was dissolved on 01/7/2025"));
    assert_eq!(
        d.choosable_office("nope").unwrap_err().code(),
        "unknown_office"
    );
    assert_eq!(d.choosable_office("79-tan-dinh").unwrap().id, "79-tan-dinh");
    assert_eq!(d.choosable_office("079").unwrap().id, "079");
}

#[test]
fn labels_put_the_provincial_office_first_and_leave_out_unconfirmed_codes() {
    let d = dir();
    let dong_da = d.office("01-dong-da").unwrap();
    assert_eq!(
        d.label(dong_da),
        "(001) BHXH TP. Hà Nội - BHXH Cơ sở Đống Đa"
    );
    assert_eq!(
        d.label(d.office("079").unwrap()),
        "[079] BHXH TP. Hồ Chí Minh"
    );
    // 015 only follows the pattern "0" + province code: the name alone.
    let lao_cai = d.office("015").unwrap();
    assert!(!lao_cai.code_confirmed);
    assert_eq!(d.label(lao_cai), lao_cai.name);
}
