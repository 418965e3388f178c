//! The lists of the office step: the chosen office when it has closed (with who took over),
//! the offices suggested for the address, then every other office matching the search.

use crate::edges::catalog::{matches_query, Catalog, OfficeInfo};

/// How many offices are listed at once.
pub const SHOWN: usize = 200;

/// What the office step lists, in order, each office once.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OfficeLists {
    /// A closed office still held by a restored draft: shown first, with who took over.
    pub chosen_closed: Vec<OfficeInfo>,
    /// The offices that likely serve the address, filtered by the search.
    pub suggested: Vec<OfficeInfo>,
    /// Every other office matching the search (the open ones when it is empty).
    pub others: Vec<OfficeInfo>,
}

impl OfficeLists {
    /// Nothing to show ("Không tìm thấy").
    pub fn is_empty(&self) -> bool {
        self.chosen_closed.is_empty() && self.suggested.is_empty() && self.others.is_empty()
    }
}

/// What the office step searches with.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OfficeQuery {
    pub province: String,
    pub commune: String,
    /// The office chosen so far.
    pub chosen: Option<String>,
    /// What is typed in the search box.
    pub search: String,
}

/// The office step's lists for `query`.
pub fn office_lists(catalog: &dyn Catalog, query: &OfficeQuery) -> OfficeLists {
    let suggested: Vec<OfficeInfo> = catalog
        .suggest_offices(&query.province, &query.commune)
        .into_iter()
        .filter(|o| matches_query(&o.label(), &query.search))
        .collect();
    let chosen_closed: Vec<OfficeInfo> = query
        .chosen
        .as_deref()
        .and_then(|code| catalog.office(code))
        .filter(|office| office.closed)
        .into_iter()
        .collect();
    let listed = |o: &OfficeInfo| {
        suggested.iter().any(|s| s.id == o.id) || chosen_closed.iter().any(|c| c.id == o.id)
    };
    let others = catalog
        .search_offices(&query.search, SHOWN)
        .into_iter()
        .filter(|o| !listed(o))
        .collect();
    OfficeLists {
        chosen_closed,
        suggested,
        others,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edges::catalog::DirectoryCatalog;

    fn ids(list: &[OfficeInfo]) -> Vec<&str> {
        list.iter().map(|o| o.id.as_str()).collect()
    }

    #[test]
    fn suggestions_come_first_and_no_office_is_listed_twice() {
        let catalog = DirectoryCatalog::global();
        let query = OfficeQuery {
            province: "79".into(),
            commune: "26737".into(),
            ..OfficeQuery::default()
        };
        let lists = office_lists(&catalog, &query);
        assert_eq!(ids(&lists.suggested), ["79-tan-dinh", "079"]);
        assert!(lists.chosen_closed.is_empty());
        assert!(!lists.others.is_empty());
        assert!(
            lists.others.iter().all(|o| !o.closed),
            "closed ones only when searched"
        );
        let mut all: Vec<&str> = ids(&lists.suggested);
        all.extend(ids(&lists.others));
        let count = all.len();
        all.sort();
        all.dedup();
        assert_eq!(all.len(), count, "each office once");

        // The search narrows both lists.
        let lists = office_lists(
            &catalog,
            &OfficeQuery {
                search: "tan dinh".into(),
                ..query.clone()
            },
        );
        assert_eq!(ids(&lists.suggested), ["79-tan-dinh"]);
        assert!(lists.others.iter().all(|o| o.id != "79-tan-dinh"));

        let lists = office_lists(
            &catalog,
            &OfficeQuery {
                search: "khong co co quan nao".into(),
                ..query
            },
        );
        assert!(lists.is_empty());
    }

    #[test]
    fn a_chosen_office_that_closed_is_shown_first_and_only_there() {
        let catalog = DirectoryCatalog::global();
        let query = OfficeQuery {
            province: "79".into(),
            commune: "26737".into(),
            chosen: Some("07901".into()),
            search: "07901".into(),
        };
        let lists = office_lists(&catalog, &query);
        assert_eq!(ids(&lists.chosen_closed), ["07901"]);
        assert!(lists.others.iter().all(|o| o.id != "07901"));
        assert_eq!(lists.chosen_closed[0].successors[0].0, "79-tan-dinh");
    }
}
