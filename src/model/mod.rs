//! The document tree with every number computed: the second stage of the pipeline.
//!
//! [`Document::from_raw`] turns a [`RawDocument`] into a validated [`Document`] in one pass that
//! collects every problem (duplicate ids, bad dates, facts naming unknown terms) instead of
//! stopping at the first. The structure is one tree of [`Node`]s: sections holding paragraphs,
//! lists and tables; annexes holding the parts and items of an agenda. Numbers are counts here
//! (the 11th item, the 2nd sub-item) so that they do not depend on a language; `i18n` turns them
//! into "11)", "一", "أ)".
//!
//! Everything that looks at the whole tree (ids, text entries, cross-reference targets,
//! translators' location notes, the resolved document) goes through one [`Document::walk`], so a
//! new kind of node is one new [`Kind`] and its arms in the `match`es on it.
//!
//! ```text
//! section background            Kind::Section { number: 1 }
//!   paragraph bg-constitution   Kind::Paragraph { section: 1, number: 1 }
//! annex annex                   Kind::Annex { title: "annex-title" }
//!   (agenda)                    Kind::Agenda { layout, numbering }
//!     part part-baap            Kind::Part { number: 1, .. }
//!       item item-…             Kind::Item { depth: 0, number: Some(4), .. }
//!         item item-pp-18       Kind::Item { depth: 1, number: Some(1), .. }
//! ```
//!
//! An agenda's item codes ("PL 1.1", "10 b)") depend on the language's numerals and on the
//! agenda's numbering scheme; `i18n::numbers` computes them from these counts.

pub mod facts;
pub mod numbering;
pub mod symbols;
pub mod texts;

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use crate::diagnostics::{Code, Diagnostic, Location, did_you_mean};
use crate::source::SourceFile;
use crate::source::raw::{
    DocumentKind, Layout, Markup, RawAgendaNumbering, RawBlock, RawDocument, RawIssue, RawItem,
    RawItemEntry, RawLevel, RawListItem, RawPart, RawSection,
};
pub use facts::{Date, Fact, Month, When};
pub use texts::TextFile;

/// The header block.
#[derive(Debug, Clone)]
pub struct Header {
    pub session: String,
    pub agenda_item: Option<String>,
    pub number: String,
    pub date: String,
    pub web: Option<String>,
}

/// Which issue of a document this is (`issue:`); a document without one is the original.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issue {
    pub kind: IssueKind,
    /// 1 for Rev.1, Add.1, Corr.1.
    pub number: u32,
    /// The fact holding this issue's date.
    pub date: String,
    /// The git revision holding the earlier state its changes are marked against.
    pub against: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum IssueKind {
    Revision,
    Addendum,
    Corrigendum,
}

impl IssueKind {
    /// The key of `issue:` and of the locale's labels (`revision`, `revision-symbol`).
    pub fn name(self) -> &'static str {
        match self {
            IssueKind::Revision => "revision",
            IssueKind::Addendum => "addendum",
            IssueKind::Corrigendum => "corrigendum",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ListKind {
    Letters,
    Bullets,
    Dashes,
}

/// What a node is, with the counts that number it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// A numbered section of the report; its text is the heading.
    Section {
        number: usize,
    },
    /// A numbered paragraph (1.1, 1.2, …).
    Paragraph {
        section: usize,
        number: usize,
    },
    /// An unnumbered paragraph.
    Text,
    /// A list; its children are [`Kind::ListItem`]s. Lists have no id of their own.
    List(ListKind),
    ListItem {
        list: ListKind,
        position: usize,
    },
    /// A table; header cells are the entries `<table>.<column>`, its children are rows.
    Table {
        columns: Vec<String>,
    },
    /// A table row; its cells are the entries `<row>.<column>`.
    Row,
    /// An annex; `title` names its title entry. Its child is the agenda it holds.
    Annex {
        title: String,
    },
    /// An agenda: its children are parts.
    Agenda {
        layout: Layout,
        numbering: AgendaNumbering,
    },
    /// A part (or group) of an agenda; `prefix` is the code its items' codes start with.
    Part {
        number: usize,
        non_statutory: bool,
        prefix: Option<String>,
        layout: Layout,
    },
    /// An agenda item (`depth` 0) or a sub-item (`depth` 1 and more). `number` is its count
    /// among its siblings (or along the whole agenda, see `across-parts`); `None` for an
    /// unnumbered item or one whose code is `pinned`.
    Item {
        depth: usize,
        number: Option<usize>,
        pinned: Option<String>,
        documents: Vec<String>,
    },
}

/// An agenda's own numbering, level by level; what it leaves out comes from the locale.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AgendaNumbering {
    pub part: RawLevel,
    pub item: RawLevel,
    pub sub_item: RawLevel,
}

impl From<RawAgendaNumbering> for AgendaNumbering {
    fn from(raw: RawAgendaNumbering) -> AgendaNumbering {
        AgendaNumbering {
            part: raw.part.unwrap_or_default(),
            item: raw.item.unwrap_or_default(),
            sub_item: raw.sub_item.unwrap_or_default(),
        }
    }
}

/// One node of the document tree.
#[derive(Debug, Clone)]
pub struct Node {
    /// The id: names the node's text entry and its anchor; empty for lists.
    pub id: String,
    pub kind: Kind,
    /// Where the id is written in document.yaml (a path of [`crate::source::spans`]).
    pub path: String,
    pub children: Vec<Node>,
}

impl Node {
    /// The text entries this node needs; `parent` gives a row its table's columns.
    pub fn text_keys(&self, parent: Option<&Node>) -> Vec<String> {
        match &self.kind {
            Kind::List(_) | Kind::Agenda { .. } => Vec::new(),
            Kind::Table { columns } => columns.iter().map(|c| cell_key(&self.id, c)).collect(),
            Kind::Row => match parent.map(|p| &p.kind) {
                Some(Kind::Table { columns }) => {
                    columns.iter().map(|c| cell_key(&self.id, c)).collect()
                }
                _ => Vec::new(),
            },
            Kind::Annex { title } => vec![title.clone()],
            _ => vec![self.id.clone()],
        }
    }

    /// Whether this node has an id of its own (lists and an annex's agenda do not).
    pub fn has_id(&self) -> bool {
        !matches!(self.kind, Kind::List(_) | Kind::Agenda { .. }) || !self.id.is_empty()
    }
}

/// The entry of a table header (`<table>.<column>`) or cell (`<row>.<column>`).
pub fn cell_key(owner: &str, column: &str) -> String {
    format!("{owner}.{column}")
}

/// The text entries a kind of document has besides those of its nodes, in reading order.
pub fn front_matter(kind: DocumentKind) -> &'static [&'static str] {
    match kind {
        DocumentKind::Report => &["title", "summary", "action-required", "references"],
        DocumentKind::Agenda => &["title"],
    }
}

/// Whether a front-matter entry of any kind uses `id`: no node may take one.
fn is_reserved(id: &str) -> bool {
    [DocumentKind::Report, DocumentKind::Agenda]
        .into_iter()
        .any(|kind| front_matter(kind).contains(&id))
}

/// One validated document.
#[derive(Debug)]
pub struct Document {
    pub name: String,
    /// The document's folder under `agenda/`, which its own templates live in.
    pub folder: String,
    pub kind: DocumentKind,
    pub original: String,
    /// The languages declared in document.yaml (`languages:`); empty: every language.
    pub languages: Vec<String>,
    /// What the text entries may hold.
    pub markup: Markup,
    /// The footnotes' ids, in the order they are declared; each is a text entry.
    pub footnotes: Vec<String>,
    pub header: Header,
    /// Which issue this is; `None` for the original.
    pub issue: Option<Issue>,
    pub facts: BTreeMap<String, Fact>,
    /// The top-level nodes in order: sections, then annexes.
    pub nodes: Vec<Node>,
    /// `document.yaml`, for locating problems found later.
    pub source: Arc<SourceFile>,
}

/// One node met by [`Document::walk`], with its place in the tree.
#[derive(Debug, Clone, Copy)]
pub struct Visit<'a> {
    pub node: &'a Node,
    pub parent: Option<&'a Node>,
    /// 0 for top-level nodes.
    pub depth: usize,
    /// The enclosing section's number, inside a section.
    pub section: Option<usize>,
    /// The enclosing part's number, inside a part.
    pub part: Option<usize>,
}

/// Pre-order traversal of the whole tree; see [`Document::walk`].
pub struct Walk<'a> {
    stack: Vec<(std::slice::Iter<'a, Node>, Visit<'a>)>,
}

impl<'a> Iterator for Walk<'a> {
    type Item = Visit<'a>;

    fn next(&mut self) -> Option<Visit<'a>> {
        loop {
            let (children, context) = self.stack.last_mut()?;
            let Some(node) = children.next() else {
                self.stack.pop();
                continue;
            };
            let mut visit = Visit {
                node,
                parent: context.parent,
                depth: context.depth,
                ..*context
            };
            match node.kind {
                Kind::Section { number } => visit.section = Some(number),
                Kind::Part { number, .. } => visit.part = Some(number),
                _ => {}
            }
            if !node.children.is_empty() {
                let inner = Visit {
                    parent: Some(node),
                    depth: visit.depth + 1,
                    ..visit
                };
                self.stack.push((node.children.iter(), inner));
            }
            return Some(visit);
        }
    }
}

impl Document {
    /// Every node in document order, each with its parent, depth and enclosing numbers.
    pub fn walk(&self) -> Walk<'_> {
        let root = Visit {
            node: self.nodes.first().unwrap_or(&EMPTY),
            parent: None,
            depth: 0,
            section: None,
            part: None,
        };
        Walk {
            stack: vec![(self.nodes.iter(), root)],
        }
    }

    /// Every text entry the document needs, in document order.
    pub fn text_keys(&self) -> Vec<String> {
        let mut keys: Vec<String> = front_matter(self.kind)
            .iter()
            .map(|key| key.to_string())
            .collect();
        keys.extend(self.walk().flat_map(|v| v.node.text_keys(v.parent)));
        keys.extend(self.footnotes.iter().cloned());
        keys
    }

    /// Where a node's id is written in document.yaml.
    pub fn locate(&self, node: &Node) -> Option<Location> {
        self.source.locate_value(&node.path)
    }

    /// Where the node owning text entry `key` is written (`<row>.<column>` → the row).
    pub fn locate_entry(&self, key: &str) -> Option<Location> {
        if let Some(index) = self.footnotes.iter().position(|id| id == key) {
            return self.source.locate_value(&format!("footnotes/{index}"));
        }
        let owner = key.split('.').next().unwrap_or(key);
        self.walk()
            .find(|v| {
                v.node.id == owner || matches!(&v.node.kind, Kind::Annex { title } if title == key)
            })
            .and_then(|v| match &v.node.kind {
                Kind::Annex { title } if title == key => self
                    .source
                    .locate_value(&format!("{}/title", parent_path(&v.node.path))),
                _ => self.locate(v.node),
            })
            .or_else(|| self.source.locate_key("name"))
    }

    /// The document's agendas (its own, or an annex's).
    pub fn agendas(&self) -> impl Iterator<Item = &Node> {
        self.walk()
            .map(|v| v.node)
            .filter(|node| matches!(node.kind, Kind::Agenda { .. }))
    }

    /// Validates a raw document kept in `folder`, returning every problem found.
    pub fn from_raw(
        raw: RawDocument,
        source: Arc<SourceFile>,
        folder: &str,
    ) -> Result<Document, Vec<Diagnostic>> {
        let mut problems = Vec::new();
        let mut facts = BTreeMap::new();
        for (name, fact) in &raw.facts {
            match facts::validate(name, fact, &source) {
                Ok(fact) => {
                    facts.insert(name.clone(), fact);
                }
                Err(diagnostic) => problems.push(diagnostic),
            }
        }
        for (role, fact) in [("session", &raw.header.session), ("date", &raw.header.date)] {
            if !facts.contains_key(fact) {
                problems.push(
                    Diagnostic::new(
                        Code::UnknownFact,
                        format!("header `{role}` names unknown fact `{fact}`"),
                    )
                    .at_opt(source.locate_value(&format!("header/{role}")))
                    .with_hint_opt(did_you_mean(fact, facts.keys().map(String::as_str))),
                );
            }
        }
        problems.extend(check_kind(&raw, &source));
        let issue = raw.issue.as_ref().and_then(|issue| {
            validate_issue(issue, &raw.header.date, &facts, &source, &mut problems)
        });

        let mut nodes: Vec<Node> = raw
            .body
            .into_iter()
            .enumerate()
            .map(|(index, section)| build_section(index, section))
            .collect();
        if let Some(agenda) = raw.agenda {
            let mut node = build_agenda(agenda.layout, agenda.numbering, agenda.parts, "agenda");
            node.id = agenda.id;
            node.path = "agenda/id".into();
            nodes.push(node);
        }
        if let Some(annex) = raw.annex {
            let agenda = build_agenda(annex.layout, annex.numbering, annex.parts, "annex");
            nodes.push(Node {
                id: annex.id,
                kind: Kind::Annex { title: annex.title },
                path: "annex/id".into(),
                children: vec![agenda],
            });
        }
        let document = Document {
            name: raw.name,
            folder: folder.to_string(),
            kind: raw.kind,
            original: raw.original,
            languages: raw.languages.unwrap_or_default(),
            markup: raw.markup,
            footnotes: raw.footnotes,
            header: Header {
                session: raw.header.session,
                agenda_item: raw.header.agenda_item,
                number: raw.header.number,
                date: raw.header.date,
                web: raw.header.web,
            },
            issue,
            facts,
            nodes,
            source,
        };
        problems.extend(document.check_ids());
        if document.markup == Markup::Plain && !document.footnotes.is_empty() {
            problems.push(
                Diagnostic::new(
                    Code::InvalidValue,
                    "footnotes need inline markup: a plain-text entry cannot place them"
                        .to_string(),
                )
                .at_opt(document.source.locate_key("footnotes"))
                .with_hint("add `markup: inline` to document.yaml"),
            );
        }
        problems.extend(document.check_patterns());
        if !is_id(&document.name) {
            problems.push(
                Diagnostic::new(
                    Code::InvalidValue,
                    format!("`{}` cannot be a file name", document.name),
                )
                .at_opt(document.source.locate_value("name"))
                .with_hint("use lowercase letters, digits and hyphens, e.g. `draft-agenda-2024`"),
            );
        }
        if problems.iter().any(Diagnostic::is_error) {
            Err(problems)
        } else {
            Ok(document)
        }
    }

    /// Numbering patterns may only use the placeholders numbering fills in.
    fn check_patterns(&self) -> Vec<Diagnostic> {
        let mut problems = Vec::new();
        for agenda in self.agendas() {
            let Kind::Agenda { numbering, .. } = &agenda.kind else {
                continue;
            };
            // `agenda/id` for a document's own agenda, `annex` for an annex's.
            let base = agenda.path.strip_suffix("/id").unwrap_or(&agenda.path);
            for (level, raw) in [
                ("part", &numbering.part),
                ("item", &numbering.item),
                ("sub-item", &numbering.sub_item),
            ] {
                for (field, pattern) in [("format", &raw.format), ("code", &raw.code)] {
                    let Some(pattern) = pattern else { continue };
                    if let Some(unknown) = numbering::unknown_placeholder(pattern) {
                        problems.push(
                            Diagnostic::new(
                                Code::InvalidValue,
                                format!(
                                    "`{{{unknown}}}` in the {level} {field} is not a placeholder"
                                ),
                            )
                            .at_opt(
                                self.source.locate_in(
                                    &format!("{base}/numbering/{level}/{field}"),
                                    unknown,
                                ),
                            )
                            .with_hint(
                                "numbering patterns use {n}, {label}, {parent} and {prefix}",
                            ),
                        );
                    }
                }
            }
        }
        problems
    }

    fn check_ids(&self) -> Vec<Diagnostic> {
        let mut problems = Vec::new();
        let mut seen: HashMap<&str, usize> = HashMap::new();
        let mut ids: Vec<(&str, Option<Location>)> = Vec::new();
        for visit in self.walk() {
            let node = visit.node;
            if node.has_id() {
                ids.push((&node.id, self.locate(node)));
            }
            if let Kind::Annex { title } = &node.kind {
                let path = format!("{}/title", parent_path(&node.path));
                ids.push((title, self.source.locate_value(&path)));
            }
        }
        for (index, id) in self.footnotes.iter().enumerate() {
            ids.push((id, self.source.locate_value(&format!("footnotes/{index}"))));
        }
        for (id, location) in ids {
            // A reserved id counts as seen once already, so its first use is the duplicate.
            let count = seen.entry(id).or_insert(usize::from(is_reserved(id)));
            *count += 1;
            if !is_id(id) {
                problems.push(
                    Diagnostic::new(Code::InvalidValue, format!("`{id}` is not a valid id"))
                        .at_opt(location)
                        .with_hint("ids are lowercase ASCII letters, digits and hyphens, e.g. `item-p2c-coalition`"),
                );
            } else if *count == 2 {
                let message = if is_reserved(id) {
                    format!("id `{id}` is reserved for the document's {id}")
                } else {
                    format!("duplicate id `{id}`")
                };
                problems.push(
                    Diagnostic::new(Code::DuplicateId, message)
                        .at_opt(location)
                        .with_hint("every section, paragraph, list item, table, row, agenda, part and item needs its own id"),
                );
            }
        }
        problems
    }
}

/// An empty node, so that walking a document without nodes needs no special case.
static EMPTY: Node = Node {
    id: String::new(),
    kind: Kind::Text,
    path: String::new(),
    children: Vec::new(),
};

/// The path of the mapping holding the value at `path` (`annex/id` → `annex`).
fn parent_path(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(parent, _)| parent)
}

fn build_section(index: usize, raw: RawSection) -> Node {
    let section = index + 1;
    let base = format!("body/{index}");
    let mut paragraphs = 0;
    let children = raw
        .content
        .into_iter()
        .enumerate()
        .map(|(j, block)| {
            let at = format!("{base}/content/{j}");
            match block {
                RawBlock::Para(id) => {
                    paragraphs += 1;
                    leaf(
                        id,
                        Kind::Paragraph {
                            section,
                            number: paragraphs,
                        },
                        format!("{at}/para"),
                    )
                }
                RawBlock::Text(id) => leaf(id, Kind::Text, format!("{at}/text")),
                RawBlock::Letters(items) => {
                    build_list(ListKind::Letters, items, &format!("{at}/letters"))
                }
                RawBlock::Bullets(items) => {
                    build_list(ListKind::Bullets, items, &format!("{at}/bullets"))
                }
                RawBlock::Dashes(items) => {
                    build_list(ListKind::Dashes, items, &format!("{at}/dashes"))
                }
                RawBlock::Table(table) => Node {
                    id: table.id,
                    kind: Kind::Table {
                        columns: table.columns,
                    },
                    path: format!("{at}/table/id"),
                    children: table
                        .rows
                        .into_iter()
                        .enumerate()
                        .map(|(r, row)| leaf(row, Kind::Row, format!("{at}/table/rows/{r}")))
                        .collect(),
                },
            }
        })
        .collect();
    Node {
        id: raw.section,
        kind: Kind::Section { number: section },
        path: format!("{base}/section"),
        children,
    }
}

fn leaf(id: String, kind: Kind, path: String) -> Node {
    Node {
        id,
        kind,
        path,
        children: Vec::new(),
    }
}

fn build_list(kind: ListKind, items: Vec<RawListItem>, path: &str) -> Node {
    let children = items
        .into_iter()
        .enumerate()
        .map(|(index, item)| {
            let item_kind = Kind::ListItem {
                list: kind,
                position: index + 1,
            };
            match item {
                RawListItem::Id(id) => leaf(id, item_kind, format!("{path}/{index}")),
                RawListItem::Nested(nested) => {
                    let at = format!("{path}/{index}");
                    let child = [
                        (ListKind::Letters, "letters", nested.letters),
                        (ListKind::Bullets, "bullets", nested.bullets),
                        (ListKind::Dashes, "dashes", nested.dashes),
                    ]
                    .into_iter()
                    .find_map(|(kind, key, items)| {
                        items.map(|items| build_list(kind, items, &format!("{at}/{key}")))
                    });
                    Node {
                        id: nested.id,
                        kind: item_kind,
                        path: format!("{at}/id"),
                        children: child.into_iter().collect(),
                    }
                }
            }
        })
        .collect();
    Node {
        id: String::new(),
        kind: Kind::List(kind),
        path: path.to_string(),
        children,
    }
}

/// `issue:` holds exactly one of revision, addendum and corrigendum, numbered from 1, and its
/// date names a fact.
fn validate_issue(
    raw: &RawIssue,
    header_date: &str,
    facts: &BTreeMap<String, Fact>,
    source: &SourceFile,
    problems: &mut Vec<Diagnostic>,
) -> Option<Issue> {
    let given: Vec<(IssueKind, u32)> = [
        (IssueKind::Revision, raw.revision),
        (IssueKind::Addendum, raw.addendum),
        (IssueKind::Corrigendum, raw.corrigendum),
    ]
    .into_iter()
    .filter_map(|(kind, number)| Some((kind, number?)))
    .collect();
    let [(kind, number)] = given[..] else {
        problems.push(
            Diagnostic::new(
                Code::InvalidValue,
                "`issue:` needs exactly one of `revision`, `addendum` and `corrigendum`",
            )
            .at_opt(source.locate_key("issue"))
            .with_hint("e.g. `issue: { revision: 1, date: revision-date }`"),
        );
        return None;
    };
    if number == 0 {
        problems.push(
            Diagnostic::new(
                Code::InvalidValue,
                format!("`{}: 0`: issues are numbered from 1", kind.name()),
            )
            .at_opt(source.locate_value(&format!("issue/{}", kind.name())))
            .with_hint("the original has no `issue:`; its first revision is `revision: 1`"),
        );
        return None;
    }
    let date = raw.date.clone().unwrap_or_else(|| header_date.to_string());
    if raw.date.is_some() && !facts.contains_key(&date) {
        problems.push(
            Diagnostic::new(
                Code::UnknownFact,
                format!("`issue: date` names unknown fact `{date}`"),
            )
            .at_opt(source.locate_value("issue/date"))
            .with_hint_opt(did_you_mean(&date, facts.keys().map(String::as_str))),
        );
    }
    Some(Issue {
        kind,
        number,
        date,
        against: raw.against.clone(),
    })
}

/// What a kind of document requires of document.yaml.
fn check_kind(raw: &RawDocument, source: &SourceFile) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    match raw.kind {
        DocumentKind::Report => {
            if raw
                .header
                .agenda_item
                .as_deref()
                .is_none_or(|item| item.trim().is_empty())
            {
                let location = source
                    .locate_value("header/agenda-item")
                    .or_else(|| source.locate_key("header"));
                problems.push(
                    Diagnostic::new(
                        Code::MissingField,
                        "a report needs `agenda-item:` in its header, the item it is submitted under",
                    )
                    .at_opt(location)
                    .with_hint("add e.g. `agenda-item: ADM 14` under `header:` (or `kind: agenda` for an agenda)"),
                );
            }
        }
        DocumentKind::Agenda => {
            if raw.agenda.is_none() {
                problems.push(
                    Diagnostic::new(
                        Code::MissingField,
                        "a document of kind `agenda` needs `agenda:`",
                    )
                    .at_opt(source.locate_value("kind"))
                    .with_hint("add `agenda:` with an `id:` and its `parts:`"),
                );
            }
            if raw.header.agenda_item.is_some() {
                problems.push(
                    Diagnostic::new(
                        Code::UnknownField,
                        "an agenda is not submitted under an agenda item: `agenda-item:` is not printed",
                    )
                    .at_opt(source.locate_key("header/agenda-item"))
                    .with_severity(crate::diagnostics::Severity::Warning)
                    .with_hint("remove `agenda-item:` from the header"),
                );
            }
        }
    }
    problems
}

/// An agenda node (its parts, items and sub-items) from the YAML at `base` (`agenda` or `annex`).
fn build_agenda(
    layout: Layout,
    numbering: RawAgendaNumbering,
    parts: Vec<RawPart>,
    base: &str,
) -> Node {
    let numbering = AgendaNumbering::from(numbering);
    let across_parts = numbering.item.across_parts;
    let mut item_count = 0;
    let parts = parts
        .into_iter()
        .enumerate()
        .map(|(p, part)| {
            let at = format!("{base}/parts/{p}");
            if !across_parts {
                item_count = 0;
            }
            let items = part
                .items
                .into_iter()
                .enumerate()
                .map(|(q, item)| {
                    let scalar = matches!(item, RawItemEntry::Id(_));
                    let item_at = format!("{at}/items/{q}");
                    build_item(item.into_item(), 0, &mut item_count, item_at, scalar)
                })
                .collect();
            Node {
                id: part.id,
                kind: Kind::Part {
                    number: p + 1,
                    non_statutory: part.non_statutory,
                    prefix: part.code,
                    layout: part.layout.unwrap_or(layout),
                },
                path: format!("{at}/id"),
                children: items,
            }
        })
        .collect();
    Node {
        id: String::new(),
        kind: Kind::Agenda { layout, numbering },
        path: base.to_string(),
        children: parts,
    }
}

/// An item and its sub-items; `count` is the running count of its level.
fn build_item(item: RawItem, depth: usize, count: &mut usize, at: String, scalar: bool) -> Node {
    let number = if item.numbered && item.code.is_none() {
        *count += 1;
        Some(*count)
    } else {
        None
    };
    let mut sub_count = 0;
    let children = item
        .sub_items
        .into_iter()
        .enumerate()
        .map(|(s, sub)| {
            let sub_at = format!("{at}/sub-items/{s}");
            let scalar = matches!(sub, RawItemEntry::Id(_));
            build_item(sub.into_item(), depth + 1, &mut sub_count, sub_at, scalar)
        })
        .collect();
    Node {
        id: item.id,
        kind: Kind::Item {
            depth,
            number,
            pinned: item.code,
            documents: item.documents,
        },
        path: if scalar { at } else { format!("{at}/id") },
        children,
    }
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

/// A validated document with its text files by language: what every later stage reads.
#[derive(Debug)]
pub struct LoadedDocument {
    pub document: Arc<Document>,
    pub texts: BTreeMap<String, TextFile>,
    /// The keys the structure needs, in document order.
    pub keys: Vec<String>,
    /// The languages it is published in (`languages:`, or all), in the project's order.
    pub published: Vec<String>,
    /// The languages this run builds it in: the published ones within the run's selection.
    pub languages: Vec<String>,
    /// The earlier state its changes are marked against (`issue: against`, `--against`).
    pub earlier: Option<Arc<Earlier>>,
}

/// A document as it was at an earlier git revision.
#[derive(Debug)]
pub struct Earlier {
    /// The revision as the editor named it (`C18-1-original`, `HEAD~2`).
    pub reference: String,
    /// The commit it names.
    pub commit: String,
    pub document: LoadedDocument,
}

impl LoadedDocument {
    /// The text file of the original language.
    pub fn original(&self) -> Option<&TextFile> {
        self.texts.get(&self.document.original)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_restricted() {
        assert!(is_id("item-p2c-coalition"));
        for bad in ["Item", "item 1", "item.1", "", "-x", "基加利"] {
            assert!(!is_id(bad), "{bad}");
        }
    }

    #[test]
    fn the_walk_visits_every_node_in_document_order_with_its_place() {
        let text = "name: d\noriginal: en\nheader: {session: s, agenda-item: x, number: y, date: s}\n\
                    facts: {s: {date: 2022-01-01}}\n\
                    body:\n  - section: one\n    content:\n      - para: p\n      - letters:\n          - id: l\n            bullets: [b]\n\
                    annex:\n  id: annex\n  title: t\n  parts:\n    - id: part\n      items:\n        - id: i\n          sub-items: [s1]\n";
        let source = Arc::new(SourceFile::new("d.yaml".into(), text.into()));
        let raw = source.parse().unwrap();
        let document = Document::from_raw(raw, source, "d").unwrap();
        let seen: Vec<(String, usize, Option<usize>, Option<usize>)> = document
            .walk()
            .map(|v| (v.node.id.clone(), v.depth, v.section, v.part))
            .collect();
        assert_eq!(
            seen,
            [
                ("one".into(), 0, Some(1), None),
                ("p".into(), 1, Some(1), None),
                (String::new(), 1, Some(1), None),
                ("l".into(), 2, Some(1), None),
                (String::new(), 3, Some(1), None),
                ("b".into(), 4, Some(1), None),
                ("annex".into(), 0, None, None),
                (String::new(), 1, None, None),
                ("part".into(), 2, None, Some(1)),
                ("i".into(), 3, None, Some(1)),
                ("s1".into(), 4, None, Some(1)),
            ]
        );
        assert_eq!(
            document.text_keys(),
            [
                "title",
                "summary",
                "action-required",
                "references",
                "one",
                "p",
                "l",
                "b",
                "t",
                "part",
                "i",
                "s1"
            ]
        );
        let sub_item = &document.nodes[1].children[0].children[0].children[0].children[0];
        assert!(matches!(
            sub_item.kind,
            Kind::Item {
                depth: 1,
                number: Some(1),
                ..
            }
        ));
        let location = document.locate(sub_item).unwrap();
        assert_eq!(&document.source.text[location.span], "s1");
    }
}
