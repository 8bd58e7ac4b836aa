//! Which translations are missing or out of date.
//!
//! Each translation file records, under `translated-from:`, a [`fingerprint`] of the original text
//! every entry was translated from. When the original changes its fingerprint changes, and the
//! entry is stale in exactly the languages that translated the old wording. An entry with no
//! fingerprint at all was never reviewed against any original (typed in by hand, or imported as
//! `fuzzy`): it is unreviewed, not stale, since nothing says the original changed. [`Translation`] holds
//! the state of every entry of one document in one language; `i18n status`, the build's warnings
//! and the exchange with CAT tools all read it.

use std::collections::BTreeMap;

use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::diagnostics::{Code, Diagnostic, Severity};
use crate::model::LoadedDocument;

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
    /// The original changed since the translation was made.
    Stale,
    /// No fingerprint recorded: the translation was never accepted against any original.
    Unreviewed,
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
    pub unreviewed: Vec<String>,
}

/// One translation of one document, with the state of each of its entries in document order.
pub struct Translation<'a> {
    pub doc: &'a LoadedDocument,
    pub lang: &'a str,
    pub states: Vec<(String, EntryState)>,
}

impl<'a> Translation<'a> {
    /// The states of `lang` for `doc` (which must not be its original).
    pub fn of(doc: &'a LoadedDocument, lang: &'a str) -> Translation<'a> {
        let empty = BTreeMap::new();
        let original = doc.original().map_or(&empty, |t| &t.entries);
        let text = doc.texts.get(lang);
        let states = entry_states(
            &doc.keys,
            original,
            text.map_or(&empty, |t| &t.entries),
            text.map_or(&empty, |t| &t.translated_from),
        );
        Translation { doc, lang, states }
    }

    /// Every translation of `documents` a run builds, originals excluded.
    pub fn all(documents: &'a [LoadedDocument]) -> Vec<Translation<'a>> {
        documents
            .iter()
            .flat_map(|doc| {
                doc.languages
                    .iter()
                    .filter(|lang| **lang != doc.document.original)
                    .map(move |lang| Translation::of(doc, lang))
            })
            .collect()
    }

    /// The counts `agendoc i18n status` prints.
    pub fn summary(&self) -> LanguageStatus {
        summarize(&self.doc.document.name, self.lang, &self.states)
    }

    /// Missing, stale and unreviewed entries as warnings, or errors with `strict`.
    pub fn diagnostics(&self, strict: bool) -> Vec<Diagnostic> {
        let severity = if strict {
            Severity::Error
        } else {
            Severity::Warning
        };
        let lang = self.lang;
        let (Some(original), text) = (self.doc.original(), self.doc.texts.get(lang)) else {
            return Vec::new();
        };
        let file = self
            .doc
            .document
            .source
            .path
            .parent()
            .map(|dir| dir.join("text").join(format!("{lang}.yaml")));
        let document = &self.doc.document;
        if text.is_none() {
            // One problem, not one per entry: the whole translation is still to be made.
            let declared = document.languages.iter().position(|l| l == lang);
            let location = declared
                .and_then(|i| document.source.locate_value(&format!("languages/{i}")))
                .or_else(|| document.source.locate_value("original"));
            let shown = file
                .as_ref()
                .map_or(String::new(), |f| f.display().to_string());
            return vec![
                Diagnostic::new(
                    Code::MissingTranslation,
                    format!(
                        "`{}` has no `{lang}` text yet ({shown} is missing): all {} entries show the original, marked",
                        document.name,
                        self.states.len()
                    ),
                )
                .at_opt(location)
                .with_hint(format!(
                    "create it with `agendoc i18n export --lang {lang} --format po` and a CAT tool, or leave `{lang}` out of `languages:`"
                ))
                .with_severity(severity),
            ];
        }
        let mut out = Vec::new();
        for (key, state) in &self.states {
            let diagnostic = match state {
                EntryState::Translated => continue,
                EntryState::Missing => Diagnostic::new(
                    Code::MissingTranslation,
                    format!(
                        "`{lang}` has no translation of `{key}`; the original is shown, marked"
                    ),
                )
                .at_opt(original.locate(key))
                .with_hint(format!(
                    "add `{key}:` to {}",
                    file.as_ref()
                        .map_or(String::new(), |f| f.display().to_string())
                )),
                EntryState::Stale => Diagnostic::new(
                    Code::StaleTranslation,
                    format!("`{lang}` translation of `{key}` is stale: the original changed since"),
                )
                .at_opt(text.and_then(|t| t.locate(key)))
                .with_hint(format!(
                    "review it, then run `agendoc i18n accept --lang {lang} {key}`"
                )),
                EntryState::Unreviewed => Diagnostic::new(
                    Code::UnreviewedTranslation,
                    format!(
                        "`{lang}` translation of `{key}` is unreviewed: no fingerprint recorded \
                         under `translated-from:`"
                    ),
                )
                .at_opt(text.and_then(|t| t.locate(key)))
                .with_hint(format!(
                    "review it, then run `agendoc i18n accept --lang {lang} {key}`"
                )),
            };
            out.push(diagnostic.with_severity(severity));
        }
        out
    }
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
            let state = match (
                translation.get(key),
                original.get(key),
                translated_from.get(key),
            ) {
                (None, _, _) => EntryState::Missing,
                (Some(_), Some(_), None) => EntryState::Unreviewed,
                (Some(_), Some(source), Some(print)) if *print != fingerprint(source) => {
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
            EntryState::Unreviewed => status.unreviewed.push(key.clone()),
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
    fn stale_only_where_the_original_changed_unreviewed_where_never_accepted() {
        let keys = ["a", "b", "c", "d"].map(String::from).to_vec();
        let original = BTreeMap::from([
            ("a".into(), "one".into()),
            ("b".into(), "two, edited".into()),
            ("c".into(), "three".into()),
            ("d".into(), "four".into()),
        ]);
        let translation = BTreeMap::from([
            ("a".into(), "un".into()),
            ("b".into(), "deux".into()),
            ("d".into(), "quatre".into()),
        ]);
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
                EntryState::Missing,
                EntryState::Unreviewed
            ]
        );
    }
}
