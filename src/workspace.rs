//! A run's inputs, loaded once: the locales and the selected documents with their texts.
//!
//! [`Workspace::load`] runs the source and model stages for every document and language a
//! command asks for, through one [`SourceMap`], and collects every diagnostic. It only gathers:
//! validating a document is `model`'s job, its texts `model::texts`', a locale `i18n`'s.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use crate::diagnostics::{Code, Diagnostic, did_you_mean};
use crate::i18n::Locale;
use crate::i18n::numbers::{Numbers, check_codes};
use crate::model::symbols::SymbolRules;
use crate::model::texts::{check_original, load_texts};
use crate::model::{Document, Kind, LoadedDocument};
use crate::project::Project;
use crate::source::SourceMap;
use crate::source::raw::RawDocument;

/// Everything a run reads.
pub struct Workspace {
    pub project: Project,
    pub locales: BTreeMap<String, Arc<Locale>>,
    pub documents: Vec<LoadedDocument>,
    /// The languages asked for (or every language with locale data), in the project's order;
    /// each document is built in those of them it has (`LoadedDocument::languages`).
    pub languages: Vec<String>,
    /// How document symbols are checked and linked (`agendoc.toml`).
    pub symbols: Arc<SymbolRules>,
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

        let (symbols, found) = project.settings(sources);
        problems.extend(found);
        let mut loaded = Vec::new();
        // Every language with locale data is loaded, built or not: pages link to all of them.
        let mut needed = known.clone();
        for dir in dirs {
            let folder = dir
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let (doc, found) =
                load_document(sources, &dir, &folder, &project, &languages, &symbols);
            problems.extend(found);
            let Some(doc) = doc else { continue };
            if !needed.contains(&doc.document.original) {
                needed.push(doc.document.original.clone());
            }
            loaded.push(doc);
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
        for doc in &loaded {
            problems.extend(check_places(&doc.document, &doc.published, &locales));
            if let Some(locale) = locales.get(&doc.document.original) {
                let numbers = Numbers::compute(&doc.document, locale);
                problems.extend(check_codes(&doc.document, &numbers));
            }
        }
        if problems.iter().any(Diagnostic::is_error) {
            return (None, problems);
        }
        (
            Some(Workspace {
                project,
                locales,
                documents: loaded,
                languages,
                symbols: Arc::new(symbols),
            }),
            problems,
        )
    }
}

/// One document of `dir` (its document.yaml and text files, read through `sources`, where
/// files made in memory are found first), in the `languages` of this run it is published in.
pub fn load_document(
    sources: &SourceMap,
    dir: &Path,
    folder: &str,
    project: &Project,
    languages: &[String],
    symbols: &SymbolRules,
) -> (Option<LoadedDocument>, Vec<Diagnostic>) {
    let mut problems = Vec::new();
    let known = project.languages();
    let read = sources.read(&dir.join("document.yaml")).and_then(|source| {
        let raw = source.parse::<RawDocument>()?;
        Ok((raw, source))
    });
    let document = match read
        .map_err(|d| vec![d])
        .and_then(|(raw, source)| Document::from_raw(raw, source, folder))
    {
        Ok(document) => document,
        Err(found) => return (None, found),
    };
    let (own, found) = document_languages(&document, &known, project);
    problems.extend(found);
    let building: Vec<String> = own
        .iter()
        .filter(|lang| languages.contains(lang))
        .cloned()
        .collect();
    let (texts, found) = load_texts(sources, &document, dir, &building);
    problems.extend(found);
    problems.extend(check_symbols(&document, symbols));
    let keys = document.text_keys();
    if let Some(original) = texts.get(&document.original) {
        problems.extend(check_original(&document, original, &keys));
    }
    let doc = LoadedDocument {
        document: Arc::new(document),
        texts,
        keys,
        published: own,
        languages: building,
        earlier: None,
    };
    (Some(doc), problems)
}

/// A fact's `city:` and `country:` are glossary ids: each must be a term in every language the
/// document is published in, or the place would print as nothing there.
fn check_places(
    document: &Document,
    languages: &[String],
    locales: &BTreeMap<String, Arc<Locale>>,
) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for (name, fact) in &document.facts {
        for (which, id) in [("city", &fact.city), ("country", &fact.country)] {
            let Some(id) = id else { continue };
            let lacking: Vec<&Arc<Locale>> = languages
                .iter()
                .filter_map(|lang| locales.get(lang))
                .filter(|locale| !locale.terms.contains_key(id))
                .collect();
            let Some(first) = lacking.first() else {
                continue;
            };
            let names: Vec<&str> = lacking.iter().map(|l| l.lang.as_str()).collect();
            let hint = did_you_mean(id, first.terms.keys().map(String::as_str))
                .unwrap_or_else(|| format!("add `{id}:` to `terms:` in {}", first.file_to_edit));
            problems.push(
                Diagnostic::new(
                    Code::UnknownTerm,
                    format!(
                        "fact `{name}`: {which} `{id}` is no glossary term in {}",
                        names.join(", ")
                    ),
                )
                .at_opt(
                    document
                        .source
                        .locate_value(&format!("facts/{name}/{which}")),
                )
                .with_hint(hint),
            );
        }
    }
    problems
}

/// The languages `document` is published in: its `languages:` (each must have locale data and
/// include the original), or every language of the project.
fn document_languages(
    document: &Document,
    known: &[String],
    project: &Project,
) -> (Vec<String>, Vec<Diagnostic>) {
    if document.languages.is_empty() {
        return (known.to_vec(), Vec::new());
    }
    let mut problems = Vec::new();
    for (index, lang) in document.languages.iter().enumerate() {
        if !known.contains(lang) {
            problems.push(
                Diagnostic::new(
                    Code::UnknownLanguage,
                    format!("`{lang}` in `languages:` has no locale data"),
                )
                .at_opt(document.source.locate_value(&format!("languages/{index}")))
                .with_hint(
                    did_you_mean(lang, known.iter().map(String::as_str)).unwrap_or_else(|| {
                        format!(
                            "add {}, or use one of: {}",
                            project.locale_to_edit(lang),
                            known.join(", ")
                        )
                    }),
                ),
            );
        }
    }
    if !document.languages.contains(&document.original) {
        problems.push(
            Diagnostic::new(
                Code::UnknownLanguage,
                format!(
                    "the original language `{}` is not in `languages:`",
                    document.original
                ),
            )
            .at_opt(document.source.locate_value("original"))
            .with_hint("add it to `languages:`"),
        );
    }
    let own = known
        .iter()
        .filter(|lang| document.languages.contains(lang))
        .cloned()
        .collect();
    (own, problems)
}

/// Every document symbol of the agenda must match one of the project's rules.
fn check_symbols(document: &Document, rules: &SymbolRules) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for visit in document.walk() {
        let Kind::Item { documents, .. } = &visit.node.kind else {
            continue;
        };
        let base = visit
            .node
            .path
            .strip_suffix("/id")
            .unwrap_or(&visit.node.path);
        for (index, symbol) in documents.iter().enumerate() {
            if !rules.accepts(symbol) {
                let hint = if rules.rules.is_empty() {
                    "a symbol is written without spaces around it, e.g. `C23/35`".to_string()
                } else {
                    format!("symbols this project knows: {}", rules.names())
                };
                problems.push(
                    Diagnostic::new(
                        Code::BadSymbol,
                        format!("`{symbol}` is not a document symbol this project knows"),
                    )
                    .at_opt(
                        document
                            .source
                            .locate_value(&format!("{base}/documents/{index}")),
                    )
                    .with_hint(hint),
                );
            }
        }
    }
    problems
}
