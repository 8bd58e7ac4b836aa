//! Which translations are missing or out of date.
//!
//! Each translation file records, under `translated-from:`, a [`fingerprint`] of the original text
//! every entry was translated from. When the original changes its fingerprint changes, and the
//! entry is stale in exactly the languages that translated the old wording.

use std::collections::BTreeMap;

use serde::Serialize;
use sha2::{Digest, Sha256};

/// A short, stable hash of an original entry's text (first 16 hex digits of SHA-256).
pub fn fingerprint(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    digest
        .iter()
        .take(8)
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// The state of one entry in one translation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum EntryState {
    Translated,
    Missing,
    /// The original changed since the translation was made, or it was never stamped.
    Stale,
}

/// Counts for one language, as `agendoc i18n status` prints them.
#[derive(Debug, Clone, Default, Serialize)]
pub struct LanguageStatus {
    pub document: String,
    pub lang: String,
    pub total: usize,
    pub translated: usize,
    pub missing: Vec<String>,
    pub stale: Vec<String>,
}

/// The state of every needed entry of a translation.
pub fn entry_states(
    keys: &[String],
    original: &BTreeMap<String, String>,
    translation: &BTreeMap<String, String>,
    translated_from: &BTreeMap<String, String>,
) -> Vec<(String, EntryState)> {
    keys.iter()
        .map(|key| {
            let state = match (translation.get(key), original.get(key)) {
                (None, _) => EntryState::Missing,
                (Some(_), Some(source))
                    if translated_from.get(key) != Some(&fingerprint(source)) =>
                {
                    EntryState::Stale
                }
                _ => EntryState::Translated,
            };
            (key.clone(), state)
        })
        .collect()
}

/// Sums the states into a [`LanguageStatus`].
pub fn summarize(document: &str, lang: &str, states: &[(String, EntryState)]) -> LanguageStatus {
    let mut status = LanguageStatus {
        document: document.into(),
        lang: lang.into(),
        total: states.len(),
        ..Default::default()
    };
    for (key, state) in states {
        match state {
            EntryState::Translated => status.translated += 1,
            EntryState::Missing => status.missing.push(key.clone()),
            EntryState::Stale => status.stale.push(key.clone()),
        }
    }
    status
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_are_short_and_stable() {
        assert_eq!(fingerprint("Summary"), fingerprint("Summary"));
        assert_ne!(fingerprint("Summary"), fingerprint("Summary."));
        assert_eq!(fingerprint("").len(), 16);
    }

    #[test]
    fn stale_only_where_the_original_changed() {
        let keys = vec!["a".to_string(), "b".to_string(), "c".to_string()];
        let original = BTreeMap::from([
            ("a".into(), "one".into()),
            ("b".into(), "two, edited".into()),
            ("c".into(), "three".into()),
        ]);
        let translation = BTreeMap::from([("a".into(), "un".into()), ("b".into(), "deux".into())]);
        let from = BTreeMap::from([
            ("a".into(), fingerprint("one")),
            ("b".into(), fingerprint("two")),
        ]);
        let states = entry_states(&keys, &original, &translation, &from);
        assert_eq!(
            states.iter().map(|(_, s)| *s).collect::<Vec<_>>(),
            [
                EntryState::Translated,
                EntryState::Stale,
                EntryState::Missing
            ]
        );
    }
}
