//! Languages: locale data, dates, glossaries, translation status and exchange with CAT tools.
//!
//! Everything that differs between the languages and is not the document's own text lives in
//! `agenda/locales/<lang>.yaml`, editable by translators: numeral styles, quotation marks, date
//! patterns, fixed labels, the words of translators' location notes, the glossary. A [`Locale`]
//! is that file validated, with its ICU4X date formatter built once per run. Text direction
//! travels with it into every format.

pub mod dates;
pub mod exchange;
pub mod forms;
pub mod numbers;
pub mod status;

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::diagnostics::{Code, Diagnostic};
use crate::model::numbering::format_counter;
use crate::project::Project;
use crate::source::raw::{
    Direction, Emphasis, RawDatePatterns, RawFormRule, RawLabels, RawLocale, RawNumbering,
    RawPlaces, RawTerm,
};
use crate::source::{SourceFile, SourceMap};

pub use dates::{DateFormatter, DateStyle};

/// One language's locale data, validated.
#[derive(Debug)]
pub struct Locale {
    pub lang: String,
    /// The language's own name ("Français").
    pub name: String,
    pub direction: Direction,
    pub document_suffix: String,
    pub pdf_fonts: Vec<String>,
    pub numbering: RawNumbering,
    pub quotes: [String; 2],
    pub emphasis: Emphasis,
    pub dates: DateFormatter,
    pub labels: RawLabels,
    pub places: RawPlaces,
    pub language_names: BTreeMap<String, String>,
    /// The rules making grammatical forms of terms (`forms:`), by form name.
    pub forms: BTreeMap<String, RawFormRule>,
    pub terms: BTreeMap<String, RawTerm>,
    pub source: Arc<SourceFile>,
    /// The file a hint tells to edit: the project's own, or where `agendoc eject` puts the
    /// built-in one (`locales/fr.yaml (…eject…)`).
    pub file_to_edit: String,
}

impl Locale {
    /// Loads and validates the locale data of `lang`: the project's `locales/<lang>.yaml`, or
    /// the built-in one.
    pub fn load(
        project: &Project,
        sources: &SourceMap,
        lang: &str,
    ) -> Result<Locale, Vec<Diagnostic>> {
        let Some(source) = project.locale_source(lang, sources) else {
            return Err(vec![
                Diagnostic::new(
                    Code::UnknownLanguage,
                    format!("no locale data for language `{lang}`"),
                )
                .at(&project.locales, 0..0)
                .with_hint(format!(
                    "create {} (`agendoc eject locales/en.yaml` gives one to translate)",
                    project.locales.join(format!("{lang}.yaml")).display()
                )),
            ]);
        };
        let source = source.map_err(|d| vec![d])?;
        let raw: RawLocale = source.parse().map_err(|d| vec![d])?;
        let mut problems = Vec::new();
        if raw.lang != lang {
            problems.push(
                Diagnostic::new(
                    Code::UnknownLanguage,
                    format!("`lang: {}` in the locale file of `{lang}`", raw.lang),
                )
                .at_opt(source.locate_value("lang"))
                .with_hint(format!("the file name says `{lang}`: make them agree")),
            );
        }
        for (key, pattern) in date_patterns(&raw.dates) {
            for piece in crate::pattern::placeholders(pattern) {
                let bare = piece
                    .strip_prefix("start.")
                    .or_else(|| piece.strip_prefix("end."))
                    .unwrap_or(piece);
                if !dates::PIECES.contains(&bare) {
                    problems.push(
                        Diagnostic::new(Code::InvalidValue, format!("unknown date piece `{{{piece}}}`"))
                            .at_opt(source.locate_in(&format!("dates/{key}"), piece))
                            .with_hint("date pieces are {dmy}, {dm}, {d}, {day}, {my}, {y}, optionally prefixed `start.` or `end.`"),
                    );
                }
            }
        }
        problems.extend(forms::check_rules(&raw.forms, &source));
        if raw.pdf_fonts.is_empty() {
            problems.push(
                Diagnostic::new(Code::MissingField, "`pdf-fonts` lists no font")
                    .at_opt(source.locate_key("pdf-fonts")),
            );
        }
        let dates = match DateFormatter::new(&raw.icu_locale, raw.dates) {
            Ok(dates) => Some(dates),
            Err(message) => {
                problems.push(
                    Diagnostic::new(Code::InvalidValue, message)
                        .at_opt(source.locate_value("icu-locale")),
                );
                None
            }
        };
        match dates {
            Some(dates) if problems.is_empty() => Ok(Locale {
                lang: raw.lang,
                name: raw.name,
                direction: raw.direction,
                document_suffix: raw.document_suffix,
                pdf_fonts: raw.pdf_fonts,
                numbering: raw.numbering,
                quotes: raw.quotes,
                emphasis: raw.emphasis,
                dates,
                labels: raw.labels,
                places: raw.places,
                language_names: raw.language_names,
                forms: raw.forms,
                terms: raw.terms,
                file_to_edit: project.locale_to_edit(lang),
                source,
            }),
            _ => Err(problems),
        }
    }

    pub fn section(&self, n: usize) -> String {
        let counter = &self.numbering.section;
        format_counter(n, counter.style, &counter.format)
    }

    pub fn paragraph(&self, section: usize, n: usize) -> String {
        self.numbering
            .paragraph
            .replace("{section}", &self.section(section))
            .replace("{n}", &n.to_string())
    }

    pub fn letter(&self, n: usize) -> String {
        let counter = &self.numbering.letter;
        format_counter(n, counter.style, &counter.format)
    }

    /// Wraps text in the language's quotation marks.
    pub fn quote(&self, text: &str) -> String {
        format!("{}{text}{}", self.quotes[0], self.quotes[1])
    }

    /// The `dir` attribute value.
    pub fn dir(&self) -> &'static str {
        match self.direction {
            Direction::Ltr => "ltr",
            Direction::Rtl => "rtl",
        }
    }

    /// Every label by its kebab-case key, as written (each a small template).
    pub fn label_sources(&self) -> Vec<(String, String)> {
        match serde_json::to_value(&self.labels) {
            Ok(serde_json::Value::Object(map)) => map
                .into_iter()
                .filter_map(|(key, value)| Some((key, value.as_str()?.to_string())))
                .collect(),
            _ => Vec::new(),
        }
    }
}

/// Every date pattern a locale file writes, by its path under `dates/`.
fn date_patterns(dates: &RawDatePatterns) -> Vec<(String, &String)> {
    let mut patterns = vec![
        ("date".to_string(), &dates.date),
        ("month".to_string(), &dates.month),
        ("range-same-month".to_string(), &dates.range_same_month),
        ("range-same-year".to_string(), &dates.range_same_year),
        ("range".to_string(), &dates.range),
    ];
    patterns.extend(dates.two_days.as_ref().map(|p| ("two-days".to_string(), p)));
    for (name, style) in [("cover", &dates.cover), ("table", &dates.table)] {
        for (key, pattern) in [
            ("date", &style.date),
            ("range-same-month", &style.range_same_month),
            ("range-same-year", &style.range_same_year),
            ("range", &style.range),
            ("two-days", &style.two_days),
        ] {
            patterns.extend(pattern.as_ref().map(|p| (format!("{name}/{key}"), p)));
        }
    }
    patterns
}
