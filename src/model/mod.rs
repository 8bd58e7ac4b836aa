//! The document tree with every number computed: the third stage of the pipeline.
//!
//! [`Document::from_raw`] turns a [`RawDocument`] into a validated [`Document`] in one pass that
//! collects every problem (duplicate ids, bad dates, facts naming unknown terms) instead of
//! stopping at the first. Numbers are counts here (the 11th item, the 2nd sub-item) so that they do
//! not depend on a language; `i18n` turns them into "11)", "一", "أ)". [`Document::targets`] maps
//! every referable id to its place, which is what `{{ ref('…') }}` resolves against.

pub mod numbering;

use std::collections::{BTreeMap, HashMap};

use crate::diagnostics::{Code, Diagnostic, did_you_mean};
use crate::source::SourceFile;
use crate::source::raw::{RawAnnex, RawBlock, RawDocument, RawFact, RawListItem};

/// A calendar date, checked to exist.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

impl Date {
    /// Parses `YYYY-MM-DD`, refusing dates that do not exist (2022-02-30).
    pub fn parse(text: &str) -> Option<Date> {
        let mut parts = text.trim().splitn(3, '-');
        let year: i32 = parse_digits(parts.next()?, 4)?;
        let month: u8 = parse_digits(parts.next()?, 2)?;
        let day: u8 = parse_digits(parts.next()?, 2)?;
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        (1..=days)
            .contains(&day)
            .then_some(Date { year, month, day })
    }
}

/// A year and month, for facts known to the month only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Month {
    pub year: i32,
    pub month: u8,
}

impl Month {
    pub fn parse(text: &str) -> Option<Month> {
        let (year, month) = text.trim().split_once('-')?;
        let month = parse_digits(month, 2)?;
        (1..=12).contains(&month).then_some(Month {
            year: parse_digits(year, 4)?,
            month,
        })
    }
}

fn parse_digits<T: std::str::FromStr>(text: &str, len: usize) -> Option<T> {
    (text.len() == len && text.bytes().all(|b| b.is_ascii_digit())).then(|| text.parse().ok())?
}

/// When a fact happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    Date(Date),
    Range(Date, Date),
    Month(Month),
}

/// A fact written once and shown by every language: a date or range, maybe a city and country.
#[derive(Debug, Clone)]
pub struct Fact {
    pub when: Option<When>,
    /// Glossary id of the city.
    pub city: Option<String>,
    /// Glossary id of the country.
    pub country: Option<String>,
}

/// The header block.
#[derive(Debug, Clone)]
pub struct Header {
    pub session: String,
    pub agenda_item: String,
    pub number: String,
    pub date: String,
    pub web: Option<String>,
}

/// A numbered section of the report.
#[derive(Debug, Clone)]
pub struct Section {
    pub id: String,
    pub number: usize,
    pub blocks: Vec<Block>,
}

/// A block of a section.
#[derive(Debug, Clone)]
pub enum Block {
    Paragraph { id: String, number: usize },
    Text { id: String },
    List(List),
    Table(Table),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ListKind {
    Letters,
    Bullets,
    Dashes,
}

#[derive(Debug, Clone)]
pub struct List {
    pub kind: ListKind,
    pub items: Vec<ListItem>,
}

#[derive(Debug, Clone)]
pub struct ListItem {
    pub id: String,
    pub position: usize,
    pub nested: Option<List>,
}

#[derive(Debug, Clone)]
pub struct Table {
    pub id: String,
    pub columns: Vec<String>,
    pub rows: Vec<String>,
}

impl Table {
    pub fn header_key(&self, column: &str) -> String {
        format!("{}.{column}", self.id)
    }

    pub fn cell_key(row: &str, column: &str) -> String {
        format!("{row}.{column}")
    }
}

/// The annex with the draft agenda.
#[derive(Debug, Clone)]
pub struct Annex {
    pub id: String,
    pub title: String,
    pub parts: Vec<Part>,
}

#[derive(Debug, Clone)]
pub struct Part {
    pub id: String,
    pub number: usize,
    pub non_statutory: bool,
    pub items: Vec<AgendaItem>,
}

/// An agenda item; numbers run on across parts.
#[derive(Debug, Clone)]
pub struct AgendaItem {
    pub id: String,
    pub number: usize,
    pub sub_items: Vec<SubItem>,
}

#[derive(Debug, Clone)]
pub struct SubItem {
    pub id: String,
    pub number: usize,
}

/// What an id refers to, for `{{ ref('…') }}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Section(usize),
    Paragraph { section: usize, number: usize },
    Part(usize),
    Item(usize),
    SubItem { item: usize, number: usize },
    Letter(usize),
    Annex,
}

/// The text entries every document has besides those of its nodes.
pub const FRONT_MATTER: [&str; 4] = ["title", "summary", "action-required", "references"];

/// One validated document.
#[derive(Debug, Clone)]
pub struct Document {
    pub name: String,
    pub original: String,
    pub header: Header,
    pub facts: BTreeMap<String, Fact>,
    pub sections: Vec<Section>,
    pub annex: Option<Annex>,
    /// `document.yaml`, for locating problems found later.
    pub source: SourceFile,
}

impl Document {
    /// Validates a raw document, returning every problem found.
    pub fn from_raw(raw: RawDocument, source: SourceFile) -> Result<Document, Vec<Diagnostic>> {
        let mut problems = Vec::new();
        let facts = raw
            .facts
            .into_iter()
            .filter_map(|(name, fact)| match validate_fact(&name, &fact, &source) {
                Ok(fact) => Some((name, fact)),
                Err(diagnostic) => {
                    problems.push(diagnostic);
                    None
                }
            })
            .collect::<BTreeMap<_, _>>();
        for (role, fact) in [("session", &raw.header.session), ("date", &raw.header.date)] {
            if !facts.contains_key(fact) {
                problems.push(unknown_fact(
                    fact,
                    &facts,
                    &source,
                    &format!("header `{role}`"),
                ));
            }
        }

        let mut sections = Vec::new();
        for (index, raw_section) in raw.body.into_iter().enumerate() {
            let mut paragraphs = 0;
            let blocks = raw_section
                .content
                .into_iter()
                .map(|block| match block {
                    RawBlock::Para(id) => {
                        paragraphs += 1;
                        Block::Paragraph {
                            id,
                            number: paragraphs,
                        }
                    }
                    RawBlock::Text(id) => Block::Text { id },
                    RawBlock::Letters(items) => Block::List(build_list(ListKind::Letters, items)),
                    RawBlock::Bullets(items) => Block::List(build_list(ListKind::Bullets, items)),
                    RawBlock::Dashes(items) => Block::List(build_list(ListKind::Dashes, items)),
                    RawBlock::Table(table) => Block::Table(Table {
                        id: table.id,
                        columns: table.columns,
                        rows: table.rows,
                    }),
                })
                .collect();
            sections.push(Section {
                id: raw_section.section,
                number: index + 1,
                blocks,
            });
        }

        let annex = raw.annex.map(build_annex);
        let document = Document {
            name: raw.name,
            original: raw.original,
            header: Header {
                session: raw.header.session,
                agenda_item: raw.header.agenda_item,
                number: raw.header.number,
                date: raw.header.date,
                web: raw.header.web,
            },
            facts,
            sections,
            annex,
            source,
        };
        problems.extend(document.check_ids());
        if !is_file_name(&document.name) {
            problems.push(
                Diagnostic::new(
                    Code::InvalidValue,
                    format!("`{}` cannot be a file name", document.name),
                )
                .at_opt(document.locate_key("name"))
                .with_hint("use lowercase letters, digits and hyphens, e.g. `wtdc-preparations`"),
            );
        }
        if problems.iter().any(Diagnostic::is_error) {
            Err(problems)
        } else {
            Ok(document)
        }
    }

    /// Every node id of the structure, in document order (ids of text entries and anchors).
    pub fn node_ids(&self) -> Vec<&str> {
        let mut ids = Vec::new();
        for section in &self.sections {
            ids.push(section.id.as_str());
            for block in &section.blocks {
                match block {
                    Block::Paragraph { id, .. } | Block::Text { id } => ids.push(id),
                    Block::List(list) => list.walk(&mut |item| ids.push(&item.id)),
                    Block::Table(table) => {
                        ids.push(&table.id);
                        ids.extend(table.rows.iter().map(String::as_str));
                    }
                }
            }
        }
        if let Some(annex) = &self.annex {
            ids.push(&annex.id);
            for part in &annex.parts {
                ids.push(&part.id);
                for item in &part.items {
                    ids.push(&item.id);
                    ids.extend(item.sub_items.iter().map(|sub| sub.id.as_str()));
                }
            }
        }
        ids
    }

    /// Every text entry the document needs, in document order.
    pub fn text_keys(&self) -> Vec<String> {
        let mut keys: Vec<String> = FRONT_MATTER.iter().map(|key| key.to_string()).collect();
        for section in &self.sections {
            keys.push(section.id.clone());
            for block in &section.blocks {
                match block {
                    Block::Paragraph { id, .. } | Block::Text { id } => keys.push(id.clone()),
                    Block::List(list) => list.walk(&mut |item| keys.push(item.id.clone())),
                    Block::Table(table) => {
                        keys.extend(table.columns.iter().map(|column| table.header_key(column)));
                        for row in &table.rows {
                            keys.extend(
                                table
                                    .columns
                                    .iter()
                                    .map(|column| Table::cell_key(row, column)),
                            );
                        }
                    }
                }
            }
        }
        if let Some(annex) = &self.annex {
            keys.push(annex.title.clone());
            for part in &annex.parts {
                keys.push(part.id.clone());
                for item in &part.items {
                    keys.push(item.id.clone());
                    keys.extend(item.sub_items.iter().map(|sub| sub.id.clone()));
                }
            }
        }
        keys
    }

    /// Every id that `{{ ref('…') }}` can name.
    pub fn targets(&self) -> HashMap<String, Target> {
        let mut targets = HashMap::new();
        for section in &self.sections {
            targets.insert(section.id.clone(), Target::Section(section.number));
            for block in &section.blocks {
                match block {
                    Block::Paragraph { id, number } => {
                        targets.insert(
                            id.clone(),
                            Target::Paragraph {
                                section: section.number,
                                number: *number,
                            },
                        );
                    }
                    Block::List(list) if list.kind == ListKind::Letters => {
                        for item in &list.items {
                            targets.insert(item.id.clone(), Target::Letter(item.position));
                        }
                    }
                    _ => {}
                }
            }
        }
        if let Some(annex) = &self.annex {
            targets.insert(annex.id.clone(), Target::Annex);
            for part in &annex.parts {
                targets.insert(part.id.clone(), Target::Part(part.number));
                for item in &part.items {
                    targets.insert(item.id.clone(), Target::Item(item.number));
                    for sub in &item.sub_items {
                        targets.insert(
                            sub.id.clone(),
                            Target::SubItem {
                                item: item.number,
                                number: sub.number,
                            },
                        );
                    }
                }
            }
        }
        targets
    }

    /// The span of a key in document.yaml.
    pub fn locate_key(&self, key: &str) -> Option<crate::diagnostics::Location> {
        self.source
            .find_key(key)
            .map(|span| crate::diagnostics::Location {
                file: self.source.path.clone(),
                span,
            })
    }

    /// The span of an id (its `nth` occurrence) in document.yaml.
    pub fn locate_id(&self, id: &str, nth: usize) -> Option<crate::diagnostics::Location> {
        self.source
            .find_word(id, nth)
            .map(|span| crate::diagnostics::Location {
                file: self.source.path.clone(),
                span,
            })
    }

    fn check_ids(&self) -> Vec<Diagnostic> {
        let mut problems = Vec::new();
        let mut seen: HashMap<&str, usize> = HashMap::new();
        let mut ids = self.node_ids();
        ids.extend(FRONT_MATTER);
        if let Some(annex) = &self.annex {
            ids.push(&annex.title);
        }
        for id in ids {
            let count = seen.entry(id).or_default();
            *count += 1;
            if !is_id(id) {
                problems.push(
                    Diagnostic::new(Code::InvalidValue, format!("`{id}` is not a valid id"))
                        .at_opt(self.locate_id(id, 0))
                        .with_hint("ids are lowercase ASCII letters, digits and hyphens, e.g. `item-p2c-coalition`"),
                );
            } else if *count == 2 {
                let message = if FRONT_MATTER.contains(&id) {
                    format!("id `{id}` is reserved for the document's {id}")
                } else {
                    format!("duplicate id `{id}`")
                };
                let nth = if FRONT_MATTER.contains(&id) { 0 } else { 1 };
                problems.push(
                    Diagnostic::new(Code::DuplicateId, message)
                        .at_opt(self.locate_id(id, nth))
                        .with_hint("every section, paragraph, list item, table, row, part and item needs its own id"),
                );
            }
        }
        problems
    }
}

impl List {
    /// Visits every item, nested ones included, in order.
    pub fn walk<'a>(&'a self, visit: &mut dyn FnMut(&'a ListItem)) {
        for item in &self.items {
            visit(item);
            if let Some(nested) = &item.nested {
                nested.walk(visit);
            }
        }
    }
}

fn build_list(kind: ListKind, items: Vec<RawListItem>) -> List {
    let items = items
        .into_iter()
        .enumerate()
        .map(|(index, item)| match item {
            RawListItem::Id(id) => ListItem {
                id,
                position: index + 1,
                nested: None,
            },
            RawListItem::Nested(nested) => {
                let child = [
                    (ListKind::Letters, nested.letters),
                    (ListKind::Bullets, nested.bullets),
                    (ListKind::Dashes, nested.dashes),
                ]
                .into_iter()
                .find_map(|(kind, items)| items.map(|items| build_list(kind, items)));
                ListItem {
                    id: nested.id,
                    position: index + 1,
                    nested: child,
                }
            }
        })
        .collect();
    List { kind, items }
}

fn build_annex(raw: RawAnnex) -> Annex {
    let mut item_number = 0;
    let parts = raw
        .parts
        .into_iter()
        .enumerate()
        .map(|(index, part)| Part {
            id: part.id,
            number: index + 1,
            non_statutory: part.non_statutory,
            items: part
                .items
                .into_iter()
                .map(|item| {
                    item_number += 1;
                    AgendaItem {
                        id: item.id,
                        number: item_number,
                        sub_items: item
                            .sub_items
                            .into_iter()
                            .enumerate()
                            .map(|(index, id)| SubItem {
                                id,
                                number: index + 1,
                            })
                            .collect(),
                    }
                })
                .collect(),
        })
        .collect();
    Annex {
        id: raw.id,
        title: raw.title,
        parts,
    }
}

fn validate_fact(name: &str, raw: &RawFact, source: &SourceFile) -> Result<Fact, Diagnostic> {
    let locate = |needle: &str| {
        source
            .find_word(needle, 0)
            .or_else(|| source.find_key(name))
            .map(|span| crate::diagnostics::Location {
                file: source.path.clone(),
                span,
            })
    };
    let date = |text: &String| {
        Date::parse(text).ok_or_else(|| {
            Diagnostic::new(Code::BadDate, format!("`{text}` in fact `{name}` is not a valid date"))
                .at_opt(locate(text))
                .with_hint("write dates as YYYY-MM-DD, e.g. 2022-06-06, and check the day exists in that month")
        })
    };
    let when = match (&raw.date, &raw.start, &raw.end, &raw.month) {
        (Some(single), None, None, None) => Some(When::Date(date(single)?)),
        (None, Some(start), Some(end), None) => {
            let (start_date, end_date) = (date(start)?, date(end)?);
            if end_date < start_date {
                return Err(Diagnostic::new(
                    Code::BadDate,
                    format!("fact `{name}` ends ({end}) before it starts ({start})"),
                )
                .at_opt(locate(end))
                .with_hint("swap `start` and `end`"));
            }
            Some(When::Range(start_date, end_date))
        }
        (None, None, None, Some(month)) => {
            Some(When::Month(Month::parse(month).ok_or_else(|| {
                Diagnostic::new(
                    Code::BadDate,
                    format!("`{month}` in fact `{name}` is not a valid month"),
                )
                .at_opt(locate(month))
                .with_hint("write months as YYYY-MM, e.g. 2020-06")
            })?))
        }
        (None, None, None, None) => None,
        _ => {
            return Err(
                Diagnostic::new(Code::BadDate, format!("fact `{name}` mixes date kinds"))
                    .at_opt(locate(name))
                    .with_hint("give `date:`, or `start:` and `end:`, or `month:`"),
            );
        }
    };
    Ok(Fact {
        when,
        city: raw.city.clone(),
        country: raw.country.clone(),
    })
}

fn unknown_fact(
    name: &str,
    facts: &BTreeMap<String, Fact>,
    source: &SourceFile,
    role: &str,
) -> Diagnostic {
    let mut diagnostic = Diagnostic::new(
        Code::UnknownFact,
        format!("{role} names unknown fact `{name}`"),
    )
    .at_opt(
        source
            .find_word(name, 0)
            .map(|span| crate::diagnostics::Location {
                file: source.path.clone(),
                span,
            }),
    );
    if let Some(hint) = did_you_mean(name, facts.keys().map(String::as_str)) {
        diagnostic = diagnostic.with_hint(hint);
    }
    diagnostic
}

/// Ids are lowercase ASCII words joined by hyphens: safe as YAML keys, HTML ids and Typst labels.
pub fn is_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 100
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !id.starts_with('-')
}

fn is_file_name(name: &str) -> bool {
    is_id(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_must_exist() {
        assert_eq!(
            Date::parse("2022-06-06"),
            Some(Date {
                year: 2022,
                month: 6,
                day: 6
            })
        );
        assert_eq!(Date::parse("2024-02-29").map(|d| d.day), Some(29));
        for bad in [
            "2022-02-29",
            "2022-13-01",
            "2022-6-6",
            "22-06-06",
            "2022-06-31",
            "tomorrow",
        ] {
            assert_eq!(Date::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn ids_are_restricted() {
        assert!(is_id("item-p2c-coalition"));
        for bad in ["Item", "item 1", "item.1", "", "-x", "基加利"] {
            assert!(!is_id(bad), "{bad}");
        }
    }
}
