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
    /// What the document is; decides its front matter and its templates. Default: `report`.
    #[serde(default)]
    pub kind: DocumentKind,
    /// Code of the language the document is drafted in; translations record its fingerprints.
    pub original: String,
    /// The languages the document is published in; default: every language with locale data.
    pub languages: Option<Vec<String>>,
    /// What text entries may hold: `plain` text (the default; every character prints as typed)
    /// or `inline` markup (strong, emphasis, links, footnotes; README, "Inline markup").
    #[serde(default)]
    pub markup: Markup,
    /// The ids of the document's footnotes, each a text entry placed where an entry writes
    /// `[^id]`; needs `markup: inline`.
    #[serde(default)]
    pub footnotes: Vec<String>,
    pub header: RawHeader,
    /// Which issue of the document this is: a revision, an addendum or a corrigendum, with its
    /// own date and the earlier state its changes are marked against. Absent: the original.
    pub issue: Option<RawIssue>,
    #[serde(default)]
    pub facts: BTreeMap<String, RawFact>,
    /// Numbered sections of a report.
    #[serde(default)]
    pub body: Vec<RawSection>,
    /// The document's own agenda (a session's draft agenda).
    pub agenda: Option<RawAgenda>,
    /// An annex holding an agenda (a report's draft agenda of a conference).
    pub annex: Option<RawAnnex>,
}

/// What a document's text entries may hold.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Markup {
    /// Plain text: `*`, `[`, `<` and every other character print as typed.
    #[default]
    Plain,
    /// The inline subset: `**strong**`, `*emphasis*`, `[text](https://…)`, `[C22/10]` (a
    /// document symbol, linked by the project's rules), `<https://…>`, `[^footnote-id]` and
    /// `&nbsp;`; anything else prints as typed.
    Inline,
}

/// The kinds of document, each with its own front matter, required header fields and
/// templates (`templates/<kind>/`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum DocumentKind {
    /// A report to a meeting: summary, action required, references, an agenda item line.
    #[default]
    Report,
    /// A session's draft agenda: a title and the agenda itself.
    Agenda,
}

impl DocumentKind {
    /// The folder of `templates/` holding this kind's templates.
    pub fn name(self) -> &'static str {
        match self {
            DocumentKind::Report => "report",
            DocumentKind::Agenda => "agenda",
        }
    }
}

/// The header block of an ITU document.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawHeader {
    /// The fact holding the session's dates and city.
    pub session: String,
    /// The item of the session's agenda a report is submitted under, e.g. `ADM 14` (reports).
    pub agenda_item: Option<String>,
    /// Document number without the language suffix, e.g. `C22/10`.
    pub number: String,
    /// The fact holding the document's date.
    pub date: String,
    /// The address printed on the closing line.
    pub web: Option<String>,
}

/// `issue:` of document.yaml: exactly one of `revision`, `addendum`, `corrigendum`.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawIssue {
    /// Revision N of the document: the whole document reissued (symbol `C22/10(Rev.1)`).
    pub revision: Option<u32>,
    /// Addendum N: material added to the document, carried by this document's own content.
    pub addendum: Option<u32>,
    /// Corrigendum N: corrections; with `against:`, the changed passages are listed.
    pub corrigendum: Option<u32>,
    /// The fact holding this issue's date; default: the header's `date`.
    pub date: Option<String>,
    /// A git revision (tag, branch or commit) holding the earlier state of this document: every
    /// change since it is marked. `agendoc build --against REF` overrides it; `--clean` drops the
    /// marks.
    pub against: Option<String>,
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

/// An annex holding an agenda; its title is the text entry `title`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawAnnex {
    pub id: String,
    /// The text entry of the annex title.
    pub title: String,
    #[serde(default)]
    pub layout: Layout,
    #[serde(default)]
    pub numbering: RawAgendaNumbering,
    pub parts: Vec<RawPart>,
}

/// A document's own agenda.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawAgenda {
    pub id: String,
    #[serde(default)]
    pub layout: Layout,
    #[serde(default)]
    pub numbering: RawAgendaNumbering,
    pub parts: Vec<RawPart>,
}

/// How an agenda is laid out.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Layout {
    /// Numbered items, sub-items indented under them.
    #[default]
    List,
    /// ITU's table: code | subject | documents.
    Table,
}

/// How an agenda numbers its parts, items and sub-items. Each level falls back to the locale's
/// numbering (style and punctuation per language).
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawAgendaNumbering {
    pub part: Option<RawLevel>,
    pub item: Option<RawLevel>,
    pub sub_item: Option<RawLevel>,
}

/// One level of an agenda's numbering. Patterns may use `{n}` (the count in `style`), `{label}`
/// (this level's `format` applied), `{parent}` (the parent's code) and `{prefix}` (the
/// enclosing part's `code`).
#[derive(Debug, Default, Clone, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawLevel {
    /// The numeral style; default: the locale's for this level.
    pub style: Option<CounterStyle>,
    /// How the number is shown next to the text, e.g. `"{n})"` or `"{prefix} {n}"`; default:
    /// the locale's, or `code` when only that is given.
    pub format: Option<String>,
    /// How `{{ ref('…') }}` and children's `{parent}` read it, e.g. `"{parent}.{n}"`.
    pub code: Option<String>,
    /// Items only: number on across parts instead of restarting at 1 in each.
    #[serde(default)]
    pub across_parts: bool,
}

/// A part (or group) of an agenda.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawPart {
    /// The part's id; its heading is the text entry of that id.
    pub id: String,
    #[serde(default)]
    pub non_statutory: bool,
    /// The prefix of its items' codes, e.g. `PL` or `ADM` (the same in every language).
    pub code: Option<String>,
    /// Overrides the agenda's layout for this part.
    pub layout: Option<Layout>,
    pub items: Vec<RawItemEntry>,
}

/// An agenda item.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawItem {
    /// The item's id; its subject is the text entry of that id.
    pub id: String,
    /// A code fixed by a decision, shown instead of the computed one (and not counted).
    pub code: Option<String>,
    /// `false` for items without a number (opening of the session, …).
    #[serde(default = "yes")]
    pub numbered: bool,
    /// Document symbols, written once for every language, e.g. `C23/35`, `C23/INF/3`.
    #[serde(default)]
    pub documents: Vec<String>,
    #[serde(default)]
    pub sub_items: Vec<RawItemEntry>,
}

fn yes() -> bool {
    true
}

/// An item or sub-item: an id, or an item with its own fields.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum RawItemEntry {
    Id(String),
    Item(RawItem),
}

impl RawItemEntry {
    pub fn into_item(self) -> RawItem {
        match self {
            RawItemEntry::Id(id) => RawItem {
                id,
                code: None,
                numbered: true,
                documents: Vec::new(),
                sub_items: Vec::new(),
            },
            RawItemEntry::Item(item) => item,
        }
    }
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
    /// For a translation: why an entry's placeholders differ from the original's on purpose
    /// (`<entry id>: "<reason>"`), e.g. a name written out because the grammar needs it.
    /// `agendoc check` then reports the difference as a note naming the reason (W0003).
    #[serde(default)]
    pub differs: BTreeMap<String, String>,
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
    /// How emphasis (`*…*` in a text) is set: `italic`, or `bold` for scripts without italics
    /// (Arabic, Chinese). HTML and Markdown keep it as emphasis; the PDF and the page's style
    /// follow this.
    #[serde(default)]
    pub emphasis: Emphasis,
    pub dates: RawDatePatterns,
    pub labels: RawLabels,
    /// The words of translators' location notes ("Section 2, paragraph 2.3").
    pub places: RawPlaces,
    pub language_names: BTreeMap<String, String>,
    /// Rules making grammatical forms of glossary terms, by form name: `{{ term('id', 'du') }}`,
    /// `{{ country('fact', 'du') }}`. A term's own `forms:` come first.
    #[serde(default)]
    pub forms: BTreeMap<String, RawFormRule>,
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

/// How a script sets emphasis.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Emphasis {
    #[default]
    Italic,
    Bold,
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

/// How one language writes dates: patterns filled with pieces of CLDR dates (`{dmy}` "6 June
/// 2022", `{dm}` "6 June", `{d}` "6" (zh "6日"), `{day}` the bare day number, `{my}` "June 2022",
/// `{y}` "2022"), each optionally prefixed `start.` or `end.` for the ends of a range.
///
/// The keys at this level are running text's. A date takes the style of the place it lands in:
/// `cover` for the session line of the cover, `table` for table cells (a report's tables and an
/// agenda laid out as ITU's table); each key a style leaves out is running text's.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawDatePatterns {
    /// A single date, e.g. `"{dmy}"` (ru `"{dm} {y} года"`).
    pub date: String,
    /// A month, e.g. `"{my}"`.
    pub month: String,
    /// A range within one month, e.g. `"du {start.d} au {end.dmy}"`.
    pub range_same_month: String,
    /// A range across months of one year, e.g. `"du {start.dm} au {end.dmy}"`.
    pub range_same_year: String,
    /// A range across years, e.g. `"du {start.dmy} au {end.dmy}"`.
    pub range: String,
    /// Two consecutive days of one month in running text, e.g. `"les {start.d} et {end.dmy}"`;
    /// without it they read as `range-same-month`.
    pub two_days: Option<String>,
    /// The cover's session line ("Genève, 21-31 mars 2022").
    #[serde(default)]
    pub cover: RawDateStyle,
    /// Table cells ("2021年1月18-19日").
    #[serde(default)]
    pub table: RawDateStyle,
}

/// The patterns of one date style (`cover`, `table`); a key left out is running text's.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawDateStyle {
    /// A single date, e.g. ru `"{dm} {y} г."`.
    pub date: Option<String>,
    /// A range within one month, e.g. `"{start.d}-{end.dmy}"`.
    pub range_same_month: Option<String>,
    /// A range across months of one year, e.g. `"{start.dm} – {end.dmy}"`.
    pub range_same_year: Option<String>,
    /// A range across years, e.g. `"{start.dmy} – {end.dmy}"`.
    pub range: Option<String>,
    /// Two consecutive days of one month. Unlike the other keys it is not taken from running
    /// text: a style without it writes them as a range ("6-7 novembre 2021").
    pub two_days: Option<String>,
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
    /// Column headers of an agenda laid out as a table: code, subject, documents.
    pub agenda_code: String,
    pub agenda_subject: String,
    pub agenda_documents: String,
    /// The heading of the page's list of footnotes, read by screen readers ("Notes").
    pub footnotes: String,
    /// What a footnote's back-link says to a screen reader, before the note's number.
    pub back_to_reference: String,
    /// The cover line of a revision, in place of `document`; `{{ issue_number }}` is 1, 2 …
    /// and `{{ document }}` the symbol with its language suffix ("Revision 1 to Document
    /// C18/1-E").
    pub revision: String,
    /// The cover line of an addendum ("Addendum 1 to Document C18/1-E").
    pub addendum: String,
    /// The cover line of a corrigendum ("Corrigendum 1 to Document C18/1-E").
    pub corrigendum: String,
    /// What a revision adds to the symbol, between its number and the language suffix:
    /// `"(Rev.{{ issue_number }})"` gives C18/1(Rev.1)-E (fr "(Rév.1)").
    pub revision_symbol: String,
    /// What an addendum adds to the symbol: `"(Add.{{ issue_number }})"`.
    pub addendum_symbol: String,
    /// What a corrigendum adds to the symbol: `"(Corr.{{ issue_number }})"`.
    pub corrigendum_symbol: String,
    /// The heading of the legend of change marks ("Changes from the previous version").
    pub changes: String,
    /// Inserted text, in the legend and to a screen reader ("Inserted text").
    pub inserted: String,
    /// Deleted text, in the legend and to a screen reader ("Deleted text").
    pub deleted: String,
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
    /// A sentence of a paragraph past the tenth, e.g. "sentence {n}".
    pub sentence: String,
    /// The first ten sentences of a paragraph, in order: "first sentence", "second sentence" …
    pub sentences: Vec<String>,
    /// A corrigendum's change that replaces text; `{place}` is a place built from the words
    /// above ("paragraph 2.5, second sentence"), e.g. "Replace {place} by:".
    pub replace: String,
    /// A change that deletes text, e.g. "Delete {place}.".
    pub delete: String,
    /// A change that inserts text, e.g. "Insert new {place}:".
    pub insert: String,
}

/// A glossary entry: the name, or the name with its grammar and the spellings to flag
/// (`ethiopia: { name: Ethiopie, features: [elided, feminine], forms: { gen: "…" }, avoid: [...] }`).
#[derive(Debug, Clone, JsonSchema)]
#[serde(untagged)]
pub enum RawTerm {
    Name(String),
    Full(RawTermEntry),
}

/// By hand rather than `untagged`, so that a mistyped key inside a term (`feature:`) is reported
/// as that key, where it is, instead of "matches no variant" at the glossary's first term.
impl<'de> Deserialize<'de> for RawTerm {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TermVisitor;

        impl<'de> serde::de::Visitor<'de> for TermVisitor {
            type Value = RawTerm;

            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a name, or a mapping with `name:` and `features:`, `forms:`, `avoid:`")
            }

            fn visit_str<E: serde::de::Error>(self, name: &str) -> Result<RawTerm, E> {
                Ok(RawTerm::Name(name.to_string()))
            }

            fn visit_map<M: serde::de::MapAccess<'de>>(self, map: M) -> Result<RawTerm, M::Error> {
                RawTermEntry::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    .map(RawTerm::Full)
            }
        }

        deserializer.deserialize_any(TermVisitor)
    }
}

/// A glossary entry written out in full.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawTermEntry {
    /// The name as running text writes it: `{{ term('id') }}`.
    pub name: String,
    /// Grammatical features, most telling first (words the locale's `forms:` rules choose by,
    /// e.g. `plural`, `elided`, `feminine`, `masculine`, `city`). A rule takes the pattern of the
    /// first of these features it has.
    #[serde(default)]
    pub features: Vec<String>,
    /// Forms of this term written out, by form name (Russian cases `gen`, `dat`, `acc`, `ins`,
    /// `prep`, or any form a rule would otherwise make): `{{ term('id', 'gen') }}` writes
    /// `forms.gen` as it is, and rules may use it as `{gen}`.
    #[serde(default)]
    pub forms: BTreeMap<String, String>,
    /// Spellings `agendoc check` flags (W0001).
    #[serde(default)]
    pub avoid: Vec<String>,
}

/// How a locale makes one grammatical form of any glossary term (`forms:` of a locale file):
/// `{name}` is the term's name, `{<form>}` one of the term's own `forms:`.
///
/// ```yaml
/// forms:
///   du: { plural: "des {name}", elided: "de l'{name}", feminine: "de la {name}", other: "du {name}" }
///   in: "в {prep}"
/// ```
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum RawFormRule {
    /// One pattern for every term.
    Pattern(String),
    /// A pattern per grammatical feature; a term takes the pattern of the first of its
    /// `features:` listed here, else `other`.
    ByFeature(BTreeMap<String, String>),
}

impl RawTerm {
    pub fn name(&self) -> &str {
        match self {
            RawTerm::Name(name) => name,
            RawTerm::Full(entry) => &entry.name,
        }
    }

    pub fn avoid(&self) -> &[String] {
        match self {
            RawTerm::Name(_) => &[],
            RawTerm::Full(entry) => &entry.avoid,
        }
    }

    pub fn features(&self) -> &[String] {
        match self {
            RawTerm::Name(_) => &[],
            RawTerm::Full(entry) => &entry.features,
        }
    }

    /// The forms written out for this term, by form name.
    pub fn forms(&self) -> Option<&BTreeMap<String, String>> {
        match self {
            RawTerm::Name(_) => None,
            RawTerm::Full(entry) => Some(&entry.forms),
        }
    }

    /// The form `form` written out for this term, if it is.
    pub fn form(&self, form: &str) -> Option<&str> {
        self.forms()?.get(form).map(String::as_str)
    }
}
