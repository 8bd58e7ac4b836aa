//! The YAML files exactly as written: one struct per file kind, unknown keys rejected.
//!
//! Nothing here is checked beyond its shape; `model` validates ids, dates and references and
//! collects every problem at once. The JSON Schemas editors get completion from
//! (`agendoc schema`) are derived from these types, so they cannot drift from what agendoc reads.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// `agenda/<document>/document.yaml`: the structure and the facts of one document.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawDocument {
    /// Output file name (without extension).
    pub name: String,
    /// Code of the language the document is drafted in; translations record its fingerprints.
    pub original: String,
    pub header: RawHeader,
    #[serde(default)]
    pub facts: BTreeMap<String, RawFact>,
    pub body: Vec<RawSection>,
    pub annex: Option<RawAnnex>,
}

/// The header block of an ITU Council document.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawHeader {
    /// The fact holding the session's dates and city.
    pub session: String,
    pub agenda_item: String,
    /// Document number without the language suffix, e.g. `C22/10`.
    pub number: String,
    /// The fact holding the document's date.
    pub date: String,
    /// The address printed on the closing line.
    pub web: Option<String>,
}

/// A fact: a date, a date range or a month, optionally with a city and a country (glossary ids).
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawFact {
    pub date: Option<String>,
    pub start: Option<String>,
    pub end: Option<String>,
    pub month: Option<String>,
    pub city: Option<String>,
    pub country: Option<String>,
}

/// A numbered section of the report.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawSection {
    /// The section's id; its heading is the text entry of that id.
    pub section: String,
    /// Blocks are written `- para: id`, a one-key map, rather than serde_yaml's default `!para`.
    #[serde(with = "serde_yaml::with::singleton_map_recursive")]
    #[schemars(with = "Vec<RawBlock>")]
    pub content: Vec<RawBlock>,
}

/// One block of a section, tagged by its kind.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub enum RawBlock {
    /// A numbered paragraph (1.1, 1.2, …).
    Para(String),
    /// An unnumbered paragraph.
    Text(String),
    /// A list lettered a), b), c).
    Letters(Vec<RawListItem>),
    Bullets(Vec<RawListItem>),
    Dashes(Vec<RawListItem>),
    Table(RawTable),
}

/// A list item: an id, or an id with a nested list.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum RawListItem {
    Id(String),
    Nested(RawNestedItem),
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawNestedItem {
    pub id: String,
    pub letters: Option<Vec<RawListItem>>,
    pub bullets: Option<Vec<RawListItem>>,
    pub dashes: Option<Vec<RawListItem>>,
}

/// A table; cell `<row>.<column>` and header `<table>.<column>` are text entries.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawTable {
    pub id: String,
    pub columns: Vec<String>,
    pub rows: Vec<String>,
}

/// The annex holding the draft agenda.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawAnnex {
    pub id: String,
    /// The text entry of the annex title.
    pub title: String,
    pub parts: Vec<RawPart>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawPart {
    pub id: String,
    #[serde(default)]
    pub non_statutory: bool,
    pub items: Vec<RawItem>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawItem {
    pub id: String,
    #[serde(default)]
    pub sub_items: Vec<String>,
}

/// `agenda/<document>/text/<lang>.yaml`: the words of one language.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawText {
    pub lang: String,
    pub entries: BTreeMap<String, String>,
    /// For a translation: the fingerprint of the original entry each was translated from.
    #[serde(default)]
    pub translated_from: BTreeMap<String, String>,
}

/// `agenda/locales/<lang>.yaml`: how one language writes numbers, dates and fixed labels.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawLocale {
    pub lang: String,
    /// The language's own name, for the language switcher.
    pub name: String,
    pub direction: Direction,
    pub icu_locale: String,
    pub document_suffix: String,
    /// Font families for the PDF, in fallback order.
    pub pdf_fonts: Vec<String>,
    pub numbering: RawNumbering,
    pub quotes: [String; 2],
    pub dates: RawDatePatterns,
    pub labels: RawLabels,
    /// The words of translators' location notes ("Section 2, paragraph 2.3").
    pub places: RawPlaces,
    pub language_names: BTreeMap<String, String>,
    pub terms: BTreeMap<String, RawTerm>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    Ltr,
    Rtl,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawNumbering {
    pub part: RawCounter,
    pub item: RawCounter,
    pub sub_item: RawCounter,
    pub letter: RawCounter,
    pub section: RawCounter,
    /// Pattern of a paragraph number from `{section}` and `{n}`.
    pub paragraph: String,
    pub bullet: String,
    pub dash: String,
}

/// A counter: a numeral style and a pattern with `{}` for the numeral.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawCounter {
    pub style: CounterStyle,
    pub format: String,
}

/// Numeral systems for counters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum CounterStyle {
    Decimal,
    UpperRoman,
    LowerRoman,
    LowerLatin,
    UpperLatin,
    /// 一, 二, 三 …
    Chinese,
    /// أ, ب, ج, د … in the abjad order of UN Arabic texts.
    ArabicAbjad,
    /// а, б, в …
    CyrillicLower,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawDatePatterns {
    pub date: String,
    pub month: String,
    pub range_same_month: String,
    pub range_same_year: String,
    pub range: String,
}

/// Fixed wording; each is a small template.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawLabels {
    pub session: String,
    pub session_place: String,
    pub agenda_item: String,
    pub document: String,
    pub issued: String,
    pub original: String,
    pub report_by: String,
    pub summary: String,
    pub action_required: String,
    pub references: String,
    pub annex: String,
    pub non_statutory: String,
    pub page: String,
    pub contents_languages: String,
    pub untranslated: String,
}

/// How translators' notes name a place in the document, in the document's original language.
/// `{n}` is a computed number; `{table}`, `{row}`, `{column}` are ids.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawPlaces {
    /// The document's title entry, e.g. "Title".
    pub title: String,
    /// e.g. "Section {n}".
    pub section: String,
    /// A section's or part's heading, e.g. "heading".
    pub heading: String,
    /// e.g. "paragraph {n}".
    pub paragraph: String,
    /// e.g. "unnumbered paragraph".
    pub text: String,
    /// e.g. "list item {n}".
    pub list_item: String,
    /// e.g. "table {table}, header of column {column}".
    pub table_header: String,
    /// e.g. "table {table}, row {row}, column {column}".
    pub table_cell: String,
    /// An annex's or part's title, e.g. "title".
    pub annex_title: String,
    /// e.g. "Part {n}".
    pub part: String,
    /// e.g. "item {n}".
    pub item: String,
    /// Between the pieces of a place, e.g. ", ".
    pub separator: String,
}

/// A glossary entry: the name, or the name with spellings to flag.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum RawTerm {
    Name(String),
    Full {
        name: String,
        #[serde(default)]
        avoid: Vec<String>,
    },
}

impl RawTerm {
    pub fn name(&self) -> &str {
        match self {
            RawTerm::Name(name) | RawTerm::Full { name, .. } => name,
        }
    }

    pub fn avoid(&self) -> &[String] {
        match self {
            RawTerm::Name(_) => &[],
            RawTerm::Full { avoid, .. } => avoid,
        }
    }
}
