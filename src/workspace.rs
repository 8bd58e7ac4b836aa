//! A run's inputs, loaded once: the locales and the selected documents with their texts.
//!
//! [`Workspace::load`] runs the source and model stages for every document and language a
//! command asks for, through one [`SourceMap`], and collects every diagnostic. It only gathers:
//! validating a document is `model`'s job, its texts `model::texts`', a locale `i18n`'s.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::diagnostics::{Code, Diagnostic, did_you_mean};
use crate::i18n::{Locale, check_glossaries};
use crate::model::texts::{check_original, load_texts};
use crate::model::{Document, LoadedDocument};
use crate::project::Project;
use crate::source::SourceMap;
use crate::source::raw::RawDocument;

/// Everything a run reads.
pub struct Workspace {
    pub project: Project,
    pub locales: BTreeMap<String, Arc<Locale>>,
    pub documents: Vec<LoadedDocument>,
    /// The languages to produce, in the project's order.
    pub languages: Vec<String>,
}

impl Workspace {
    /// Loads locales, documents and texts. `languages` empty means every language with locale
    /// data; `documents` empty means every document of `agenda/`. Returns the workspace only if
    /// no error was found.
    pub fn load(
        project: Project,
        sources: &SourceMap,
        languages: &[String],
        documents: &[String],
    ) -> (Option<Workspace>, Vec<Diagnostic>) {
        let mut problems = Vec::new();
        let known = project.languages();
        let languages: Vec<String> = if languages.is_empty() {
            known.clone()
        } else {
            for lang in languages.iter().filter(|lang| !known.contains(lang)) {
                problems.push(
                    Diagnostic::new(Code::UnknownLanguage, format!("unknown language `{lang}`"))
                        .at(&project.locales, 0..0)
                        .with_hint(
                            did_you_mean(lang, known.iter().map(String::as_str)).unwrap_or_else(
                                || format!("languages with locale data: {}", known.join(", ")),
                            ),
                        ),
                );
            }
            known
                .iter()
                .filter(|lang| languages.contains(lang))
                .cloned()
                .collect()
        };

        let dirs = match project.document_dirs() {
            Ok(dirs) => dirs,
            Err(err) => {
                let diagnostic = Diagnostic::new(Code::InvalidYaml, format!("{err:#}"))
                    .at(&project.agenda, 0..0);
                return (None, vec![diagnostic]);
            }
        };
        let dirs: Vec<_> = dirs
            .into_iter()
            .filter(|dir| {
                documents.is_empty()
                    || dir
                        .file_name()
                        .is_some_and(|n| documents.iter().any(|d| *d == *n.to_string_lossy()))
            })
            .collect();
        if dirs.is_empty() {
            problems.push(
                Diagnostic::new(Code::MissingField, "no document to build")
                    .at(&project.agenda, 0..0)
                    .with_hint(
                        "a document is a folder of agenda/ holding document.yaml and text/<lang>.yaml",
                    ),
            );
        }

        let mut loaded = Vec::new();
        // Every language with locale data is loaded, built or not: pages link to all of them.
        let mut needed = known.clone();
        for dir in dirs {
            let read = sources.read(&dir.join("document.yaml")).and_then(|source| {
                let raw = source.parse::<RawDocument>()?;
                Ok((raw, source))
            });
            let document = match read
                .map_err(|d| vec![d])
                .and_then(|(raw, source)| Document::from_raw(raw, source))
            {
                Ok(document) => document,
                Err(found) => {
                    problems.extend(found);
                    continue;
                }
            };
            if !needed.contains(&document.original) {
                needed.push(document.original.clone());
            }
            let (texts, found) = load_texts(sources, &document, &dir, &languages);
            problems.extend(found);
            let keys = document.text_keys();
            if let Some(original) = texts.get(&document.original) {
                problems.extend(check_original(&document, original, &keys));
            }
            loaded.push(LoadedDocument {
                targets: Arc::new(document.targets()),
                document: Arc::new(document),
                texts,
                keys,
            });
        }

        let mut locales = BTreeMap::new();
        for lang in &needed {
            match Locale::load(&project, sources, lang) {
                Ok(locale) => {
                    locales.insert(lang.clone(), Arc::new(locale));
                }
                Err(found) => problems.extend(found),
            }
        }
        let all: Vec<&Locale> = locales.values().map(Arc::as_ref).collect();
        problems.extend(check_glossaries(&all));
        if problems.iter().any(Diagnostic::is_error) {
            return (None, problems);
        }
        (
            Some(Workspace {
                project,
                locales,
                documents: loaded,
                languages,
            }),
            problems,
        )
    }
}
