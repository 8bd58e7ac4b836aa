//! Every number of one document in one language: the label shown next to each node ("2.1",
//! "III", "10)", "PL 1.1", "أ)") and what `{{ ref('…') }}` prints for it.
//!
//! The model counts; this module turns counts into numerals and codes with the locale's numeral
//! styles and punctuation and, for agendas, the document's numbering scheme. An agenda level's
//! `format` gives the label, its `code` what references and the level below (`{parent}`) see:
//!
//! ```text
//! WTDC annex (locale defaults)   part "I"        item "10)" / ref "10"    sub-item "b)" / ref "10 b)"
//! Council agenda                 part (prefix PL) item "PL 1" / ref "PL 1" sub-item "PL 1.1"
//! ```

use std::collections::{BTreeMap, HashMap};

use super::Locale;
use crate::diagnostics::{Code, Diagnostic};
use crate::model::numbering::{Fill, fill, numeral};
use crate::model::{AgendaNumbering, Document, Kind, ListKind};
use crate::source::raw::{CounterStyle, RawCounter, RawLevel};

/// The number of one node.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Number {
    /// Shown next to the node; empty for an unnumbered one.
    pub label: String,
    /// What a cross-reference prints; `None` where there is nothing to refer to by number.
    pub reference: Option<String>,
}

/// The numbers of every node of a document in one language, by id.
#[derive(Debug, Default)]
pub struct Numbers {
    by_id: HashMap<String, Number>,
}

/// One level of an agenda's numbering, with the locale's defaults filled in.
struct Level {
    style: CounterStyle,
    format: String,
    code: String,
}

impl Level {
    fn new(own: &RawLevel, locale: &RawCounter, default_code: &str) -> Level {
        Level {
            style: own.style.unwrap_or(locale.style),
            format: own
                .format
                .clone()
                .or_else(|| own.code.clone())
                .unwrap_or_else(|| locale.format.clone()),
            code: own.code.clone().unwrap_or_else(|| default_code.to_string()),
        }
    }

    /// The label and code of the `n`th node of this level.
    fn number(&self, n: usize, parent: &str, prefix: &str) -> Number {
        let numeral = numeral(n, self.style);
        let values = Fill {
            numeral: &numeral,
            label: "",
            parent,
            prefix,
        };
        let label = fill(&self.format, values);
        let code = fill(
            &self.code,
            Fill {
                label: &label,
                ..values
            },
        );
        Number {
            label,
            reference: Some(code),
        }
    }
}

/// The three levels of one agenda in one locale.
struct Scheme {
    part: Level,
    item: Level,
    sub_item: Level,
}

impl Scheme {
    fn new(numbering: &AgendaNumbering, locale: &Locale) -> Scheme {
        let own = &locale.numbering;
        Scheme {
            part: Level::new(&numbering.part, &own.part, "{n}"),
            item: Level::new(&numbering.item, &own.item, "{n}"),
            sub_item: Level::new(&numbering.sub_item, &own.sub_item, "{parent} {label}"),
        }
    }
}

impl Numbers {
    /// Numbers `document` in `locale`.
    pub fn compute(document: &Document, locale: &Locale) -> Numbers {
        let mut by_id = HashMap::new();
        let mut scheme: Option<Scheme> = None;
        // The code of the open node at each depth: what `{parent}` is for the level below.
        let mut codes: Vec<String> = Vec::new();
        let mut prefix = String::new();
        for visit in document.walk() {
            let node = visit.node;
            codes.truncate(visit.depth);
            let same = |label: String| Number {
                reference: Some(label.clone()),
                label,
            };
            let number = match &node.kind {
                Kind::Section { number } => same(locale.section(*number)),
                Kind::Paragraph { section, number } => same(locale.paragraph(*section, *number)),
                Kind::ListItem { list, position } => match list {
                    ListKind::Letters => same(locale.letter(*position)),
                    ListKind::Bullets => unnumbered(&locale.numbering.bullet),
                    ListKind::Dashes => unnumbered(&locale.numbering.dash),
                },
                Kind::Annex { .. } => Number {
                    label: String::new(),
                    reference: Some(locale.labels.annex.clone()),
                },
                Kind::Agenda { numbering, .. } => {
                    scheme = Some(Scheme::new(numbering, locale));
                    unnumbered("")
                }
                Kind::Part {
                    number,
                    prefix: own,
                    ..
                } => {
                    prefix = own.clone().unwrap_or_default();
                    match &scheme {
                        Some(scheme) => scheme.part.number(*number, "", &prefix),
                        None => unnumbered(""),
                    }
                }
                Kind::Item {
                    depth,
                    number,
                    pinned,
                    ..
                } => {
                    let parent = visit
                        .depth
                        .checked_sub(1)
                        .and_then(|d| codes.get(d))
                        .cloned()
                        .unwrap_or_default();
                    match (pinned, number, &scheme) {
                        (Some(code), _, _) => same(code.clone()),
                        (None, Some(n), Some(scheme)) => {
                            let level = if *depth == 0 {
                                &scheme.item
                            } else {
                                &scheme.sub_item
                            };
                            level.number(*n, &parent, &prefix)
                        }
                        _ => unnumbered(""),
                    }
                }
                Kind::Text | Kind::List(_) | Kind::Table { .. } | Kind::Row => unnumbered(""),
            };
            codes.push(number.reference.clone().unwrap_or_default());
            if node.has_id() {
                by_id.insert(node.id.clone(), number);
            }
        }
        Numbers { by_id }
    }

    pub fn get(&self, id: &str) -> Option<&Number> {
        self.by_id.get(id)
    }

    /// The label of `id`, empty if it has none.
    pub fn label(&self, id: &str) -> &str {
        self.by_id.get(id).map_or("", |n| n.label.as_str())
    }

    /// Every id, for "did you mean" hints.
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.by_id.keys().map(String::as_str)
    }
}

fn unnumbered(label: &str) -> Number {
    Number {
        label: label.to_string(),
        reference: None,
    }
}

/// Two agenda items with one code: a numbering pattern that ignores the count, or a pinned
/// code that collides with a computed one. Reported at the second item.
pub fn check_codes(document: &Document, numbers: &Numbers) -> Vec<Diagnostic> {
    let mut seen: BTreeMap<&str, &str> = BTreeMap::new();
    let mut problems = Vec::new();
    for visit in document.walk() {
        let node = visit.node;
        let Kind::Item { pinned, .. } = &node.kind else {
            continue;
        };
        let Some(code) = numbers.get(&node.id).and_then(|n| n.reference.as_deref()) else {
            continue;
        };
        match seen.get(code) {
            Some(first) => {
                let location = match pinned {
                    Some(_) => document
                        .source
                        .locate_value(&format!(
                            "{}/code",
                            node.path.strip_suffix("/id").unwrap_or(&node.path)
                        ))
                        .or_else(|| document.locate(node)),
                    None => document.locate(node),
                };
                let hint = match pinned {
                    Some(_) => "a pinned `code:` must differ from every computed code: change it, or pin the other item".to_string(),
                    None => "each item needs its own code: check the `numbering:` patterns (they should use {n}) or the pinned codes".to_string(),
                };
                problems.push(
                    Diagnostic::new(
                        Code::DuplicateCode,
                        format!("item `{}` has the code `{code}`, as `{first}` has", node.id),
                    )
                    .at_opt(location)
                    .with_hint(hint),
                );
            }
            None => {
                seen.insert(code, &node.id);
            }
        }
    }
    problems
}
