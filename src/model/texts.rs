//! The words of a document: one validated text file per language.
//!
//! `text/<lang>.yaml` maps the document's ids to text entries. Loading checks what the structure
//! needs of them: the file says the language its name says, no entry is longer than any entry of
//! a real document could be, the original has an entry for every key of the structure and none
//! the structure lacks. Whether a translation is complete or stale is `i18n::status`'s concern.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use super::Document;
use crate::diagnostics::{Code, Diagnostic, Location, Severity, did_you_mean};
use crate::source::raw::RawText;
use crate::source::{SourceFile, SourceMap};

/// The longest text one entry may hold: ten times the longest paragraph of any ITU document, and
/// short enough that no entry can stall the layout of a PDF.
pub const MAX_ENTRY_BYTES: usize = 64 * 1024;

/// One language's text file of a document.
#[derive(Debug)]
pub struct TextFile {
    pub lang: String,
    pub source: Arc<SourceFile>,
    pub entries: BTreeMap<String, String>,
    /// For a translation: the fingerprint of the original entry each was translated from.
    pub translated_from: BTreeMap<String, String>,
}

impl TextFile {
    /// Where entry `key` is written.
    pub fn locate(&self, key: &str) -> Option<Location> {
        self.source.locate_key(&entry_path(key))
    }

    /// Where `needle` is inside entry `key` (else the entry).
    pub fn locate_in(&self, key: &str, needle: &str) -> Option<Location> {
        self.source.locate_in(&entry_path(key), needle)
    }

    /// Reads and checks `path`, the text of `lang`.
    pub fn load(sources: &SourceMap, path: &Path, lang: &str) -> Result<TextFile, Vec<Diagnostic>> {
        let source = sources.read(path).map_err(|d| vec![d])?;
        TextFile::from_source(source, lang)
    }

    /// Checks text already read (a file about to be written reads back through this).
    pub fn from_source(source: Arc<SourceFile>, lang: &str) -> Result<TextFile, Vec<Diagnostic>> {
        let raw: RawText = source.parse().map_err(|d| vec![d])?;
        let mut problems = Vec::new();
        for (key, value) in &raw.entries {
            if value.len() > MAX_ENTRY_BYTES {
                problems.push(
                    Diagnostic::new(
                        Code::InvalidValue,
                        format!(
                            "entry `{key}` is {} KiB long; an entry may hold at most {} KiB",
                            value.len() / 1024,
                            MAX_ENTRY_BYTES / 1024
                        ),
                    )
                    .at_opt(source.locate_key(&entry_path(key)))
                    .with_hint("split the text into several paragraphs, each its own node of document.yaml"),
                );
            }
        }
        if raw.lang != lang {
            problems.push(
                Diagnostic::new(
                    Code::UnknownLanguage,
                    format!("`lang: {}` in the text file of `{lang}`", raw.lang),
                )
                .at_opt(source.locate_value("lang"))
                .with_hint(format!("the file name says `{lang}`: make them agree")),
            );
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(TextFile {
            lang: lang.to_string(),
            source,
            entries: raw.entries,
            translated_from: raw.translated_from,
        })
    }
}

/// The span path of an entry of a text file.
pub fn entry_path(key: &str) -> String {
    format!("entries/{key}")
}

/// The text files of `document` for `languages` (and always its original), with every problem.
pub fn load_texts(
    sources: &SourceMap,
    document: &Document,
    dir: &Path,
    languages: &[String],
) -> (BTreeMap<String, TextFile>, Vec<Diagnostic>) {
    let mut texts = BTreeMap::new();
    let mut problems = Vec::new();
    let mut wanted: Vec<&String> = languages.iter().collect();
    if !wanted.contains(&&document.original) {
        wanted.push(&document.original);
    }
    for lang in wanted {
        let path = dir.join("text").join(format!("{lang}.yaml"));
        if !path.is_file() {
            if *lang == document.original {
                problems.push(
                    Diagnostic::new(
                        Code::MissingTranslation,
                        format!("the original text file {} is missing", path.display()),
                    )
                    .at_opt(document.source.locate_value("original"))
                    .with_hint(format!(
                        "create text/{lang}.yaml next to document.yaml, with `lang: {lang}` and `entries:`"
                    )),
                );
            }
            continue;
        }
        match TextFile::load(sources, &path, lang) {
            Ok(text) => {
                texts.insert(lang.clone(), text);
            }
            Err(found) => problems.extend(found),
        }
    }
    (texts, problems)
}

/// The original must have every entry the structure needs; an entry the structure lacks is a
/// warning (it may be a node deleted from document.yaml).
pub fn check_original(
    document: &Document,
    original: &TextFile,
    keys: &[String],
) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for key in keys {
        if !original.entries.contains_key(key) {
            problems.push(
                Diagnostic::new(
                    Code::MissingTranslation,
                    format!(
                        "entry `{key}` is missing from the original text ({})",
                        document.original
                    ),
                )
                .at_opt(document.locate_entry(key))
                .with_hint(format!(
                    "add `{key}: \"…\"` under `entries:` in {}",
                    original.source.path.display()
                )),
            );
        }
    }
    for key in super::front_matter(document.kind) {
        if original
            .entries
            .get(*key)
            .is_some_and(|text| text.trim().is_empty())
        {
            problems.push(
                Diagnostic::new(
                    Code::MissingField,
                    format!(
                        "entry `{key}` is empty: a {} needs it",
                        document.kind.name()
                    ),
                )
                .at_opt(original.locate(key))
                .with_hint(format!(
                    "write the document's {key}, or choose another `kind:`"
                )),
            );
        }
    }
    for key in original.entries.keys() {
        if !keys.contains(key) {
            problems.push(
                Diagnostic::new(
                    Code::UnknownReference,
                    format!("entry `{key}` belongs to no node of document.yaml"),
                )
                .at_opt(original.locate(key))
                .with_severity(Severity::Warning)
                .with_hint_opt(did_you_mean(key, keys.iter().map(String::as_str))),
            );
        }
    }
    problems
}
