//! Search keys and matching: case-, diacritics- and đ-insensitive, by whole-word prefix,
//! ranked exact > prefix > word prefix > contains. Keys are folded once, at load.

use crate::text::fold;
use serde::Serialize;

/// How well an entry matched a query; lower is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchRank {
    /// The query is the name (with or without its type word) or the code.
    Exact,
    /// The name (with or without its type word) or the code starts with the query.
    Prefix,
    /// The query starts at a word of the name: "thu duc" in "Phường Thủ Đức".
    WordPrefix,
    /// The query is inside the name.
    Contains,
    /// The query names the province the entry is in (offices only).
    Province,
}

/// Folds `text` and keeps only letters and digits, one space between words:
/// "Văn Miếu - Quốc Tử Giám" → "van mieu quoc tu giam".
pub fn search_key(text: &str) -> String {
    let folded = fold(text);
    let mut key = String::with_capacity(folded.len());
    for word in folded.split(|c: char| !c.is_alphanumeric()) {
        if word.is_empty() {
            continue;
        }
        if !key.is_empty() {
            key.push(' ');
        }
        key.push_str(word);
    }
    key
}

/// The precomputed keys of one searchable entry.
#[derive(Debug, Clone)]
pub(crate) struct SearchKey {
    /// The whole name, as `search_key` makes it.
    pub full: String,
    /// Byte offset in `full` where the name without its type word starts.
    pub short_start: usize,
    /// Codes the entry answers to (digits), e.g. "79" or "079".
    pub codes: Vec<&'static str>,
}

impl SearchKey {
    /// `full` is a search key (see [`search_key`]); its first `prefix_words` words are the
    /// type word(s) ("phuong", "thanh pho"), left out of the short name.
    pub fn from_key(full: String, prefix_words: &str, codes: Vec<&'static str>) -> Self {
        let short_start = if !prefix_words.is_empty()
            && full.len() > prefix_words.len()
            && full.starts_with(prefix_words)
            && full.as_bytes()[prefix_words.len()] == b' '
        {
            prefix_words.len() + 1
        } else {
            0
        };
        Self {
            full,
            short_start,
            codes,
        }
    }

    fn short(&self) -> &str {
        &self.full[self.short_start..]
    }

    /// How this entry matches `query` (already a search key), if at all.
    pub fn rank(&self, query: &str) -> Option<MatchRank> {
        if query.is_empty() {
            return None;
        }
        if self.codes.contains(&query) {
            return Some(MatchRank::Exact);
        }
        let by_code = self
            .codes
            .iter()
            .any(|c| c.starts_with(query))
            .then_some(MatchRank::Prefix);
        // Every name match needs the query inside the name: one fast scan rules most out.
        if !self.full.contains(query) {
            return by_code;
        }
        let short = self.short();
        if self.full == query || short == query {
            return Some(MatchRank::Exact);
        }
        if by_code.is_some() || self.full.starts_with(query) || short.starts_with(query) {
            return Some(MatchRank::Prefix);
        }
        if starts_a_word(&self.full, query) {
            return Some(MatchRank::WordPrefix);
        }
        Some(MatchRank::Contains)
    }
}

/// Whether `query` occurs in `key` at the start of a word.
pub(crate) fn starts_a_word(key: &str, query: &str) -> bool {
    key.match_indices(query)
        .any(|(at, _)| at == 0 || key.as_bytes()[at - 1] == b' ')
}

/// Keeps the `limit` best of `hits` (by `order`), sorted best first.
pub(crate) fn best<T>(
    mut hits: Vec<T>,
    limit: usize,
    order: impl Fn(&T, &T) -> std::cmp::Ordering,
) -> Vec<T> {
    if limit == 0 {
        return Vec::new();
    }
    if hits.len() > limit {
        hits.select_nth_unstable_by(limit - 1, &order);
        hits.truncate(limit);
    }
    hits.sort_by(order);
    hits
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_drop_case_marks_and_punctuation() {
        assert_eq!(
            search_key("Văn Miếu - Quốc Tử Giám"),
            "van mieu quoc tu giam"
        );
        assert_eq!(search_key("  BHXH TP. Hồ Chí Minh "), "bhxh tp ho chi minh");
    }

    #[test]
    fn short_name_skips_only_whole_type_words() {
        let key = SearchKey::from_key("phuong 1".into(), "phuong", vec![]);
        assert_eq!(key.short(), "1");
        let key = SearchKey::from_key("phuongxa".into(), "phuong", vec![]);
        assert_eq!(key.short(), "phuongxa");
        let key = SearchKey::from_key("phuong".into(), "phuong", vec![]);
        assert_eq!(key.short(), "phuong");
    }

    #[test]
    fn ranks_follow_exact_prefix_word_contains() {
        let key = SearchKey::from_key(search_key("Phường Thủ Đức"), "phuong", vec!["26794"]);
        assert_eq!(key.rank("thu duc"), Some(MatchRank::Exact));
        assert_eq!(key.rank("phuong thu duc"), Some(MatchRank::Exact));
        assert_eq!(key.rank("26794"), Some(MatchRank::Exact));
        assert_eq!(key.rank("thu d"), Some(MatchRank::Prefix));
        assert_eq!(key.rank("267"), Some(MatchRank::Prefix));
        assert_eq!(key.rank("duc"), Some(MatchRank::WordPrefix));
        assert_eq!(key.rank("uc"), Some(MatchRank::Contains));
        assert_eq!(key.rank("thu dau"), None);
        assert_eq!(key.rank(""), None);
    }

    #[test]
    fn best_keeps_the_smallest_in_order() {
        assert_eq!(best(vec![5, 1, 4, 2, 3], 3, |a, b| a.cmp(b)), vec![1, 2, 3]);
        assert_eq!(best(vec![2, 1], 5, |a, b| a.cmp(b)), vec![1, 2]);
        assert!(best(vec![1], 0, |a: &i32, b| a.cmp(b)).is_empty());
    }
}
