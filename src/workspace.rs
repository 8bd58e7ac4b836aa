//! A run's inputs, loaded once: the project's locales and documents with their texts.
//!
//! [`Workspace::load`] runs the load and validate stages for every document and language a
//! command asks for and collects every diagnostic; [`Workspace::render_document`] runs the
//! template stage for one document in one language and returns the [`RenderedDocument`] all
//! renderers share. Commands (`build`, `check`, `i18n`) are thin layers over these two.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use crate::diagnostics::{Code, Diagnostic, Location, Severity};
use crate::i18n::status::{self, EntryState, LanguageStatus};
use crate::i18n::{Locale, check_glossaries};
use crate::model::{Document, Target};
use crate::project::{LANGUAGES, Project};
use crate::render::{RenderedDocument, RenderedHeader, resolve};
use crate::source::SourceFile;
use crate::source::raw::{RawDocument, RawText};
use crate::template::TextRenderer;

/// The longest text one entry may hold: ten times the longest paragraph of any ITU document, and
/// short enough that no entry can stall the layout of a PDF.
const MAX_ENTRY_BYTES: usize = 64 * 1024;

/// One language's text file of a document.
#[derive(Debug)]
pub struct TextFile {
    pub source: SourceFile,
    pub entries: BTreeMap<String, String>,
    pub translated_from: BTreeMap<String, String>,
}

impl TextFile {
    pub fn locate(&self, key: &str) -> Option<Location> {
        self.source.find_key(key).map(|span| Location {
            file: self.source.path.clone(),
            span,
        })
    }
}

/// A validated document with its text files by language.
#[derive(Debug)]
pub struct LoadedDocument {
    pub document: Arc<Document>,
    pub targets: Arc<HashMap<String, Target>>,
    pub texts: BTreeMap<String, TextFile>,
    /// The keys the structure needs, in document order.
    pub keys: Vec<String>,
}

/// Everything a run reads.
pub struct Workspace {
    pub project: Project,
    pub locales: BTreeMap<String, Arc<Locale>>,
    pub documents: Vec<LoadedDocument>,
    /// The languages to produce, in ITU order.
    pub languages: Vec<String>,
}

/// One translation of one document, with the state of each of its entries.
struct Translation<'a> {
    doc: &'a LoadedDocument,
    lang: &'a str,
    states: Vec<(String, EntryState)>,
}

/// What rendering one document in one language produced.
pub struct Rendered {
    pub document: RenderedDocument,
    pub warnings: Vec<Diagnostic>,
}

impl Workspace {
    /// Loads locales, documents and texts. `languages` empty means every ITU language with locale
    /// data (all six in a complete project); `documents` empty
    /// means every document of `agenda/`. Returns the workspace only if no error was found.
    pub fn load(
        project: Project,
        languages: &[String],
        documents: &[String],
    ) -> (Option<Workspace>, Vec<Diagnostic>) {
        let mut problems = Vec::new();
        let languages: Vec<String> = if languages.is_empty() {
            LANGUAGES
                .iter()
                .filter(|lang| project.locale_file(lang).is_file())
                .map(|l| l.to_string())
                .collect()
        } else {
            let mut chosen: Vec<String> = Vec::new();
            for lang in languages {
                if !LANGUAGES.contains(&lang.as_str()) && !project.locale_file(lang).is_file() {
                    problems.push(
                        Diagnostic::new(
                            Code::UnknownLanguage,
                            format!("unknown language `{lang}`"),
                        )
                        .with_hint(
                            crate::diagnostics::did_you_mean(lang, LANGUAGES)
                                .unwrap_or_else(|| format!("languages: {}", LANGUAGES.join(", "))),
                        ),
                    );
                } else if !chosen.contains(lang) {
                    chosen.push(lang.clone());
                }
            }
            chosen.sort_by_key(|lang| {
                LANGUAGES
                    .iter()
                    .position(|l| l == lang)
                    .unwrap_or(usize::MAX)
            });
            chosen
        };

        let dirs = match project.document_dirs() {
            Ok(dirs) => dirs,
            Err(err) => {
                return (
                    None,
                    vec![Diagnostic::new(Code::InvalidYaml, format!("{err:#}"))],
                );
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
                Diagnostic::new(Code::MissingField, "no document to build").with_hint(
                    "a document is a folder of agenda/ holding document.yaml and text/<lang>.yaml",
                ),
            );
        }

        let mut loaded = Vec::new();
        // Every language with locale data is loaded, built or not: pages link to all of them.
        let mut needed_languages: Vec<String> = LANGUAGES
            .iter()
            .filter(|lang| project.locale_file(lang).is_file())
            .map(|lang| lang.to_string())
            .collect();
        for lang in &languages {
            if !needed_languages.contains(lang) {
                needed_languages.push(lang.clone());
            }
        }
        for dir in dirs {
            let path = dir.join("document.yaml");
            let raw = SourceFile::read(&path)
                .and_then(|source| source.parse::<RawDocument>().map(|raw| (raw, source)));
            let document = match raw {
                Ok((raw, source)) => match Document::from_raw(raw, source) {
                    Ok(document) => document,
                    Err(found) => {
                        problems.extend(found);
                        continue;
                    }
                },
                Err(diagnostic) => {
                    problems.push(diagnostic);
                    continue;
                }
            };
            if !needed_languages.contains(&document.original) {
                needed_languages.push(document.original.clone());
            }
            let mut texts = BTreeMap::new();
            let mut text_langs = languages.clone();
            if !text_langs.contains(&document.original) {
                text_langs.push(document.original.clone());
            }
            for lang in &text_langs {
                let path = dir.join("text").join(format!("{lang}.yaml"));
                if !path.is_file() {
                    if *lang == document.original {
                        problems.push(
                            Diagnostic::new(
                                Code::MissingTranslation,
                                format!("the original text file {} is missing", path.display()),
                            )
                            .at_opt(document.locate_key("original")),
                        );
                    }
                    continue;
                }
                match SourceFile::read(&path)
                    .and_then(|source| source.parse::<RawText>().map(|raw| (raw, source)))
                {
                    Ok((raw, source)) => {
                        for (key, value) in &raw.entries {
                            if value.len() > MAX_ENTRY_BYTES {
                                problems.push(
                                    Diagnostic::new(
                                        Code::InvalidValue,
                                        format!("entry `{key}` is {} KiB long; an entry may hold at most {} KiB", value.len() / 1024, MAX_ENTRY_BYTES / 1024),
                                    )
                                    .at_opt(source.find_key(key).map(|span| Location { file: source.path.clone(), span }))
                                    .with_hint("split the text into several paragraphs, each its own node of document.yaml"),
                                );
                            }
                        }
                        if raw.lang != *lang {
                            problems.push(
                                Diagnostic::new(
                                    Code::UnknownLanguage,
                                    format!("`lang: {}` in the text file of `{lang}`", raw.lang),
                                )
                                .at_opt(source.find_key("lang").map(|span| Location {
                                    file: source.path.clone(),
                                    span,
                                }))
                                .with_hint(format!("the file name says `{lang}`: make them agree")),
                            );
                        }
                        texts.insert(
                            lang.clone(),
                            TextFile {
                                source,
                                entries: raw.entries,
                                translated_from: raw.translated_from,
                            },
                        );
                    }
                    Err(diagnostic) => problems.push(diagnostic),
                }
            }
            let keys = document.text_keys();
            if let Some(original) = texts.get(&document.original) {
                for key in &keys {
                    if !original.entries.contains_key(key) {
                        let node = key.split('.').next().unwrap_or(key);
                        problems.push(
                            Diagnostic::new(
                                Code::MissingTranslation,
                                format!(
                                    "entry `{key}` is missing from the original text ({})",
                                    document.original
                                ),
                            )
                            .at_opt(document.locate_id(node, 0))
                            .with_hint(format!(
                                "add `{key}: \"…\"` under `entries:` in {}",
                                original.source.path.display()
                            )),
                        );
                    }
                }
                for key in original.entries.keys() {
                    if !keys.contains(key) {
                        let mut diagnostic = Diagnostic::new(
                            Code::UnknownReference,
                            format!("entry `{key}` belongs to no node of document.yaml"),
                        )
                        .at_opt(original.locate(key))
                        .with_severity(Severity::Warning);
                        if let Some(hint) =
                            crate::diagnostics::did_you_mean(key, keys.iter().map(String::as_str))
                        {
                            diagnostic = diagnostic.with_hint(hint);
                        }
                        problems.push(diagnostic);
                    }
                }
            }
            let targets = Arc::new(document.targets());
            loaded.push(LoadedDocument {
                document: Arc::new(document),
                targets,
                texts,
                keys,
            });
        }

        let mut locales = BTreeMap::new();
        for lang in &needed_languages {
            match Locale::load(&project, lang) {
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

    /// The state of every entry of every translation.
    fn translation_states(&self) -> Vec<Translation<'_>> {
        let mut out = Vec::new();
        let empty = BTreeMap::new();
        for doc in &self.documents {
            let Some(original) = doc.texts.get(&doc.document.original) else {
                continue;
            };
            for lang in self
                .languages
                .iter()
                .filter(|lang| **lang != doc.document.original)
            {
                let text = doc.texts.get(lang);
                let states = status::entry_states(
                    &doc.keys,
                    &original.entries,
                    text.map_or(&empty, |t| &t.entries),
                    text.map_or(&empty, |t| &t.translated_from),
                );
                out.push(Translation { doc, lang, states });
            }
        }
        out
    }

    /// Translation status of every document in every language but the original.
    pub fn status(&self) -> Vec<LanguageStatus> {
        self.translation_states()
            .into_iter()
            .map(|t| status::summarize(&t.doc.document.name, t.lang, &t.states))
            .collect()
    }

    /// Diagnostics for missing and stale translations: warnings, or errors with `strict`.
    pub fn translation_diagnostics(&self, strict: bool) -> Vec<Diagnostic> {
        let severity = if strict {
            Severity::Error
        } else {
            Severity::Warning
        };
        let mut out = Vec::new();
        for Translation { doc, lang, states } in self.translation_states() {
            let Some(original) = doc.texts.get(&doc.document.original) else {
                continue;
            };
            let text = doc.texts.get(lang);
            let file = doc
                .document
                .source
                .path
                .parent()
                .map(|dir| dir.join("text").join(format!("{lang}.yaml")));
            for (key, state) in states {
                let diagnostic = match state {
                    EntryState::Translated => continue,
                    EntryState::Missing => Diagnostic::new(
                        Code::MissingTranslation,
                        format!(
                            "`{lang}` has no translation of `{key}`; the original is shown, marked"
                        ),
                    )
                    .at_opt(original.locate(&key))
                    .with_hint(format!(
                        "add `{key}:` to {}",
                        file.as_ref()
                            .map_or(String::new(), |f| f.display().to_string())
                    )),
                    EntryState::Stale => Diagnostic::new(
                        Code::StaleTranslation,
                        format!(
                            "`{lang}` translation of `{key}` is stale: the original changed since"
                        ),
                    )
                    .at_opt(text.and_then(|t| t.locate(&key)))
                    .with_hint(format!(
                        "review it, then run `agendoc i18n accept --lang {lang} {key}`"
                    )),
                };
                out.push(diagnostic.with_severity(severity));
            }
        }
        out
    }

    /// Runs the template stage for one document in one language.
    pub fn render_document(
        &self,
        doc: &LoadedDocument,
        lang: &str,
    ) -> Result<Rendered, Vec<Diagnostic>> {
        let document = &doc.document;
        let locale = self.locales.get(lang).ok_or_else(|| {
            vec![Diagnostic::new(
                Code::UnknownLanguage,
                format!("no locale data for `{lang}`"),
            )]
        })?;
        let original_lang = &document.original;
        let original_locale = self.locales.get(original_lang).ok_or_else(|| {
            vec![Diagnostic::new(
                Code::UnknownLanguage,
                format!("no locale data for the original `{original_lang}`"),
            )]
        })?;
        let renderer = TextRenderer::new(document.clone(), locale.clone(), doc.targets.clone());
        let original_renderer = TextRenderer::new(
            document.clone(),
            original_locale.clone(),
            doc.targets.clone(),
        );
        let original = doc.texts.get(original_lang).ok_or_else(|| {
            vec![Diagnostic::new(
                Code::MissingTranslation,
                format!("no original text ({original_lang})"),
            )]
        })?;
        let translation = doc.texts.get(lang);

        let mut problems = Vec::new();
        let mut texts = BTreeMap::new();
        let mut untranslated = Vec::new();
        let marker = &locale.labels.untranslated;
        for key in &doc.keys {
            let rendered =
                match translation.and_then(|t| t.entries.get(key).map(|source| (t, source))) {
                    Some((file, source)) => renderer.render_entry(source, &file.source, key),
                    None => match original.entries.get(key) {
                        Some(source) => {
                            if lang != original_lang {
                                untranslated.push(key.clone());
                            }
                            original_renderer
                                .render_entry(source, &original.source, key)
                                .map(|text| {
                                    if lang == original_lang {
                                        text
                                    } else {
                                        format!("{marker} {text}")
                                    }
                                })
                        }
                        None => continue,
                    },
                };
            match rendered {
                Ok(text) => {
                    texts.insert(key.clone(), text);
                }
                Err(diagnostic) => problems.push(diagnostic),
            }
        }

        let header = &document.header;
        let session = document.facts.get(&header.session);
        let when = |name: &str| {
            document
                .facts
                .get(name)
                .and_then(|fact| fact.when)
                .map(|when| locale.dates.when(when))
        };
        let session_year = match session.and_then(|fact| fact.when) {
            Some(crate::model::When::Date(d) | crate::model::When::Range(d, _)) => {
                d.year.to_string()
            }
            Some(crate::model::When::Month(m)) => m.year.to_string(),
            None => String::new(),
        };
        let city = session
            .and_then(|fact| fact.city.as_ref())
            .and_then(|city| locale.terms.get(city))
            .map(|term| term.name().to_string())
            .unwrap_or_default();
        let vars: BTreeMap<&str, String> = BTreeMap::from([
            ("session_year", session_year),
            ("session_city", city),
            ("session_dates", when(&header.session).unwrap_or_default()),
            ("agenda_item", header.agenda_item.clone()),
            (
                "document",
                format!("{}-{}", header.number, locale.document_suffix),
            ),
            ("issued", when(&header.date).unwrap_or_default()),
            (
                "original",
                locale
                    .language_names
                    .get(original_lang)
                    .cloned()
                    .unwrap_or_else(|| original_lang.clone()),
            ),
            ("page", "{page}".to_string()),
        ]);
        let l = &locale.labels;
        let mut labels = BTreeMap::new();
        for (key, source) in [
            ("session", &l.session),
            ("session-place", &l.session_place),
            ("agenda-item", &l.agenda_item),
            ("document", &l.document),
            ("issued", &l.issued),
            ("original", &l.original),
            ("report-by", &l.report_by),
            ("summary", &l.summary),
            ("action-required", &l.action_required),
            ("references", &l.references),
            ("annex", &l.annex),
            ("non-statutory", &l.non_statutory),
            ("page", &l.page),
            ("contents-languages", &l.contents_languages),
            ("untranslated", &l.untranslated),
        ] {
            match renderer.render_label(key, source, &vars) {
                Ok(text) => {
                    labels.insert(key.to_string(), text);
                }
                Err(diagnostic) => problems.push(diagnostic),
            }
        }
        if problems.iter().any(Diagnostic::is_error) {
            return Err(problems);
        }
        let label = |key: &str| labels.get(key).cloned().unwrap_or_default();
        let rendered_header = RenderedHeader {
            session: label("session"),
            session_place: label("session-place"),
            agenda_item: label("agenda-item"),
            document: label("document"),
            issued: label("issued"),
            original: label("original"),
        };
        let rendered = resolve(
            document,
            locale,
            &texts,
            labels,
            rendered_header,
            untranslated,
        )
        .map_err(|d| vec![d])?;
        Ok(Rendered {
            document: rendered,
            warnings: problems,
        })
    }

    /// Where each entry appears, in words of the original language ("Annex, Part II, item 10 a)"),
    /// for translators' notes.
    pub fn locations(&self, doc: &LoadedDocument) -> BTreeMap<String, String> {
        use crate::model::{Block, Table};
        let mut out = BTreeMap::new();
        let Some(locale) = self.locales.get(&doc.document.original) else {
            return out;
        };
        for key in crate::model::FRONT_MATTER {
            let mut name = key.replace('-', " ");
            name[..1].make_ascii_uppercase();
            out.insert(key.to_string(), name);
        }
        for section in &doc.document.sections {
            let at = format!("Section {}", locale.section(section.number));
            out.insert(section.id.clone(), format!("{at}, heading"));
            for block in &section.blocks {
                match block {
                    Block::Paragraph { id, number } => {
                        out.insert(
                            id.clone(),
                            format!(
                                "{at}, paragraph {}",
                                locale.paragraph(section.number, *number)
                            ),
                        );
                    }
                    Block::Text { id } => {
                        out.insert(id.clone(), format!("{at}, unnumbered paragraph"));
                    }
                    Block::List(list) => list.walk(&mut |item| {
                        out.insert(
                            item.id.clone(),
                            format!("{at}, list item {}", item.position),
                        );
                    }),
                    Block::Table(table) => {
                        for column in &table.columns {
                            out.insert(
                                table.header_key(column),
                                format!("{at}, table {}, header of column {column}", table.id),
                            );
                            for row in &table.rows {
                                out.insert(
                                    Table::cell_key(row, column),
                                    format!("{at}, table {}, row {row}, column {column}", table.id),
                                );
                            }
                        }
                    }
                }
            }
        }
        if let Some(annex) = &doc.document.annex {
            out.insert(annex.title.clone(), "Annex, title".into());
            for part in &annex.parts {
                let at = format!("Annex, Part {}", locale.part(part.number));
                out.insert(part.id.clone(), format!("{at}, title"));
                for item in &part.items {
                    out.insert(
                        item.id.clone(),
                        format!("{at}, item {}", locale.item(item.number)),
                    );
                    for sub in &item.sub_items {
                        out.insert(
                            sub.id.clone(),
                            format!(
                                "{at}, item {} {}",
                                crate::model::numbering::numeral(
                                    item.number,
                                    locale.numbering.item.style
                                ),
                                locale.sub_item(sub.number)
                            ),
                        );
                    }
                }
            }
        }
        out
    }

    /// Flags glossary spellings to avoid, in every text of every loaded language.
    pub fn check_glossary_variants(&self) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        for doc in &self.documents {
            for (lang, text) in &doc.texts {
                let Some(locale) = self.locales.get(lang) else {
                    continue;
                };
                for (term_id, term) in &locale.terms {
                    for variant in term.avoid() {
                        for (key, value) in &text.entries {
                            if value.contains(variant.as_str()) {
                                out.push(
                                    Diagnostic::new(
                                        Code::GlossaryVariant,
                                        format!("`{variant}` in entry `{key}`: the glossary spells it `{}`", term.name()),
                                    )
                                    .at_opt(text.source.find_in_entry(key, variant).map(|span| Location { file: text.source.path.clone(), span }))
                                    .with_hint(format!("write {{{{ term('{term_id}') }}}}")),
                                );
                            }
                        }
                    }
                }
            }
        }
        out
    }

    /// Flags dates written by hand in a text instead of coming from the facts.
    pub fn check_hand_written_dates(&self) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        for doc in &self.documents {
            for text in doc.texts.values() {
                for (key, value) in &text.entries {
                    if let Some(found) = find_hand_written_date(value) {
                        out.push(
                            Diagnostic::new(
                                Code::DateContradiction,
                                format!("entry `{key}` writes the date `{found}` by hand"),
                            )
                            .at_opt(text.source.find_in_entry(key, &found).map(|span| Location { file: text.source.path.clone(), span }))
                            .with_hint("add it to `facts:` in document.yaml and write {{ date('…') }}, so every language shows the same date"),
                        );
                    }
                }
            }
        }
        out
    }
}

/// A day-precise date typed into text: "2022年6月6日", "6 June 2022", "6 juin 2022", ISO dates.
fn find_hand_written_date(text: &str) -> Option<String> {
    let chars: Vec<char> = text.chars().collect();
    // ISO 2022-06-06 and Chinese 2022年6月6日.
    for start in 0..chars.len() {
        let rest: String = chars[start..chars.len().min(start + 12)].iter().collect();
        let digits = |s: &str| s.chars().take_while(char::is_ascii_digit).count();
        let year_len = digits(&rest);
        if year_len == 4 && (start == 0 || !chars[start - 1].is_ascii_digit()) {
            let after = &rest[4..];
            if let Some(tail) = after.strip_prefix('年') {
                let month_len = digits(tail);
                if month_len > 0 && tail[month_len..].starts_with('月') {
                    let day_part = &tail[month_len + '月'.len_utf8()..];
                    let day_len = digits(day_part);
                    if day_len > 0 && day_part[day_len..].starts_with('日') {
                        return Some(
                            rest.chars()
                                .take(4 + 1 + month_len + 1 + day_len + 1)
                                .collect(),
                        );
                    }
                }
            }
            if crate::model::Date::parse(&rest.chars().take(10).collect::<String>()).is_some() {
                return Some(rest.chars().take(10).collect());
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::find_hand_written_date;

    #[test]
    fn spots_hand_written_dates() {
        assert_eq!(
            find_hand_written_date("于2022年6月6日召开").as_deref(),
            Some("2022年6月6日")
        );
        assert_eq!(
            find_hand_written_date("on 2022-06-06 in").as_deref(),
            Some("2022-06-06")
        );
        assert_eq!(find_hand_written_date("2022-2025年ITU-D工作计划"), None);
        assert_eq!(find_hand_written_date("第77号决议（2018年，迪拜）"), None);
    }
}
