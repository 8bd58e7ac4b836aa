//! One document in one language, with every number, date, name and text final: the template
//! stage's output and what every renderer reads.
//!
//! [`resolve_document`] joins the model (numbers as counts), the locale (numerals, labels), the
//! document's numbering scheme, its symbols and the text entries, each rendered through the
//! template engine (`term()`, `date()`, `ref()` …), into a [`ResolvedDocument`]: plain,
//! serializable, every number a string. A translation that lacks an entry shows the original's,
//! marked. Renderers receive this value and know nothing about YAML, as mdBook's backends know
//! nothing about SUMMARY.md parsing, so every format shows the same strings.
//!
//! Dates read as ITU writes them where they land ([`DateStyle`]): an entry shown in a table cell
//! (a report's table, an agenda laid out as ITU's table) takes the locale's table style, the
//! cover's session line its cover style, everything else running text's.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use serde::Serialize;

use crate::diagnostics::{Code, Diagnostic, Location};
use crate::i18n::numbers::Numbers;
use crate::i18n::{DateStyle, Locale};
use crate::markup::{self, Rich};
use crate::model::texts::entry_path;
use crate::model::{Document, IssueKind, Kind, ListKind, LoadedDocument, Visit, front_matter};
use crate::source::SourceFile;
use crate::source::raw::{DocumentKind, Emphasis, Layout, Markup};
use crate::template::TextRenderer;
use crate::workspace::Workspace;

/// One document in one language, fully resolved: what templates see.
#[derive(Debug, Clone, Serialize)]
pub struct ResolvedDocument {
    pub name: String,
    /// `report` or `agenda`.
    pub kind: DocumentKind,
    pub lang: String,
    pub dir: String,
    /// The ISO date of the document, for PDF metadata.
    pub iso_date: String,
    pub header: ResolvedHeader,
    pub labels: BTreeMap<String, String>,
    pub title: Rich,
    /// A report's front matter; empty for kinds without it.
    pub summary: Rich,
    pub action_required: Rich,
    pub references: Rich,
    /// The top-level nodes: sections, the document's agenda, annexes.
    pub body: Vec<ResolvedNode>,
    pub web: Option<String>,
    /// The footnotes, numbered in reading order; empty without any.
    pub footnotes: Vec<ResolvedFootnote>,
    /// Which issue this is (revision, addendum, corrigendum); `None` for the original.
    pub issue: Option<ResolvedIssue>,
    /// The earlier state the change marks are computed against; `None`: no marks.
    pub marks: Option<ResolvedMarks>,
    /// Every node a revision changed, in reading order, with its place in words (a
    /// corrigendum lists them); empty without marks.
    pub changes: Vec<ResolvedChange>,
    /// A corrigendum marked against an earlier state: its `changes` stand in for its body.
    pub corrections: bool,
    /// How the language sets emphasis: `italic` or `bold`.
    pub emphasis: Emphasis,
    /// Font families for the PDF, in fallback order.
    pub fonts: Vec<String>,
    /// Ids shown in the original language because the translation lacks them.
    pub untranslated: Vec<String>,
    /// Every piece of text shown, in reading order, with where it was written: what every
    /// format must show, and what the PDF's glyph check reads.
    #[serde(skip)]
    pub shown: Vec<Shown>,
    /// Where the locale lists the PDF fonts.
    #[serde(skip)]
    pub fonts_location: Option<Location>,
}

/// A piece of text as shown, and the YAML value it was made from.
#[derive(Debug, Clone)]
pub struct Shown {
    pub text: String,
    pub origin: Option<(Arc<SourceFile>, String)>,
}

impl Shown {
    /// Where `needle` is in the value this text was made from, else that value.
    pub fn locate(&self, needle: &str) -> Option<Location> {
        let (file, path) = self.origin.as_ref()?;
        file.locate_in(path, needle)
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct ResolvedHeader {
    pub session: String,
    pub session_place: String,
    /// Empty for kinds that are not submitted under an agenda item.
    pub agenda_item: String,
    /// "Document C22/10-E", or "Revision 1 to Document C22/10-E".
    pub document: String,
    /// The symbol with its issue and language: "C22/10(Rev.1)-E", for running headers.
    pub symbol: String,
    pub issued: String,
    pub original: String,
}

/// An issue of a document after the original.
#[derive(Debug, Clone, Serialize)]
pub struct ResolvedIssue {
    pub kind: IssueKind,
    pub number: u32,
}

/// What change marks are made against.
#[derive(Debug, Clone, Serialize)]
pub struct ResolvedMarks {
    /// The git revision as named (`C22-10-original`).
    pub against: String,
    /// Its commit, abbreviated.
    pub commit: String,
}

/// How a revision changed a node or a symbol.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Change {
    Inserted,
    Deleted,
    /// Its text changed; the text carries the marks.
    Changed,
}

/// One changed node, as a corrigendum lists it and `agendoc diff` prints it.
#[derive(Debug, Clone, Serialize)]
pub struct ResolvedChange {
    pub id: String,
    pub change: Change,
    /// Where it is, in words: "paragraph 2.5, second sentence".
    pub place: String,
    /// What a corrigendum says to do there: "Replace paragraph 2.5, second sentence, by:".
    pub instruction: String,
    /// Its text with the marks.
    pub text: Rich,
}

/// One node, resolved. Fields a kind does not use are empty.
#[derive(Debug, Clone, Serialize)]
pub struct ResolvedNode {
    /// `section`, `paragraph`, `text`, `list`, `list-item`, `table`, `row`, `annex`, `agenda`,
    /// `part`, `item` or `sub-item`.
    pub kind: &'static str,
    pub id: String,
    /// The computed number, marker or code: "2.1", "a)", "•", "II", "13)", "PL 1.1".
    pub number: String,
    /// The heading, paragraph, item or title text.
    pub text: Rich,
    /// A list's style.
    pub style: Option<ListKind>,
    /// A table's header cells, or a row's cells.
    pub cells: Vec<Rich>,
    /// An annex's label ("Annex"), a part's status ("Non-statutory").
    pub note: String,
    /// An agenda's or part's layout.
    pub layout: Option<Layout>,
    /// An agenda item's document symbols, linked.
    pub documents: Vec<ResolvedSymbol>,
    /// How deep an item sits: 0 for items, 1 for sub-items, …
    pub depth: usize,
    /// How a revision changed it; `None` where it did not (or without marks).
    pub change: Option<Change>,
    pub children: Vec<ResolvedNode>,
}

/// A footnote: its number and its text.
#[derive(Debug, Clone, Serialize)]
pub struct ResolvedFootnote {
    pub id: String,
    pub number: String,
    pub text: Rich,
}

/// A document symbol and, where the project's rules give one, its address.
#[derive(Debug, Clone, Serialize)]
pub struct ResolvedSymbol {
    pub symbol: String,
    pub url: Option<String>,
    /// Listed or struck by a revision.
    pub change: Option<Change>,
}

/// What resolving one document in one language produced.
pub struct Resolved {
    pub document: ResolvedDocument,
    pub warnings: Vec<Diagnostic>,
}

/// Resolves `doc` in `lang`; the workspace holds the locales of `lang` and of the original.
pub fn resolve_document(
    workspace: &Workspace,
    doc: &LoadedDocument,
    lang: &str,
) -> Result<Resolved, Vec<Diagnostic>> {
    let document = &doc.document;
    let locale_of = |lang: &str| {
        workspace.locales.get(lang).ok_or_else(|| {
            vec![
                Diagnostic::new(
                    Code::UnknownLanguage,
                    format!("no locale data for `{lang}`"),
                )
                .at_opt(document.source.locate_value("original")),
            ]
        })
    };
    let locale = locale_of(lang)?;
    let original_lang = &document.original;
    let original_locale = locale_of(original_lang)?;
    let original = doc.original().ok_or_else(|| {
        vec![
            Diagnostic::new(
                Code::MissingTranslation,
                format!("no original text ({original_lang})"),
            )
            .at_opt(document.source.locate_value("original")),
        ]
    })?;
    let numbers = Arc::new(Numbers::compute(document, locale));
    let renderer = TextRenderer::new(document.clone(), locale.clone(), numbers.clone());
    // Only an entry the translation lacks is shown in the original language.
    let original_renderer = std::cell::OnceCell::new();
    let original_renderer = || {
        original_renderer.get_or_init(|| {
            TextRenderer::new(
                document.clone(),
                original_locale.clone(),
                Arc::new(Numbers::compute(document, original_locale)),
            )
        })
    };
    let translation = doc.texts.get(lang);
    let in_tables = table_cell_keys(document);

    let mut problems = Vec::new();
    let mut texts: BTreeMap<&str, Shown> = BTreeMap::new();
    let mut riches: BTreeMap<&str, Rich> = BTreeMap::new();
    let mut untranslated = Vec::new();
    let marker = &locale.labels.untranslated;
    let symbol_url = |symbol: &str| workspace.symbols.url(symbol, &locale.lang);
    let in_entries = markup::Context {
        footnotes: &document.footnotes,
        symbol_url: &symbol_url,
    };
    let in_footnotes = markup::Context {
        footnotes: &[],
        symbol_url: &symbol_url,
    };
    for key in &doc.keys {
        let style = if in_tables.contains(key.as_str()) {
            DateStyle::Table
        } else {
            DateStyle::Text
        };
        let (rendered, file, marked) = match translation
            .and_then(|t| Some((t, t.entries.get(key)?)))
        {
            Some((file, source)) => (renderer.render_entry(source, file, key, style), file, false),
            None => {
                let Some(source) = original.entries.get(key) else {
                    continue;
                };
                let shown = original_renderer().render_entry(source, original, key, style);
                let marked = lang != original_lang.as_str();
                if marked {
                    untranslated.push(key.clone());
                }
                (shown, original, marked)
            }
        };
        let path = entry_path(key);
        let context = if document.footnotes.contains(key) {
            &in_footnotes
        } else {
            &in_entries
        };
        let rich = rendered.and_then(|text| match document.markup {
            Markup::Plain => Ok(Rich::plain(&text)),
            Markup::Inline => Rich::parse(&text, context).map_err(|error| {
                Diagnostic::new(
                    Code::BadMarkup,
                    format!("in entry `{key}`: {}", error.message),
                )
                .at_opt(
                    file.source
                        .locate_in(&path, &error.needle)
                        .or_else(|| file.source.locate_value(&path)),
                )
                .with_hint(error.hint)
            }),
        });
        match rich {
            Ok(rich) => {
                let rich = if marked { rich.prefixed(marker) } else { rich };
                let origin = Some((file.source.clone(), path));
                let text = rich.plain_text();
                texts.insert(key, Shown { text, origin });
                riches.insert(key, rich);
            }
            Err(diagnostic) => problems.push(diagnostic),
        }
    }
    let footnotes = number_footnotes(document, &doc.keys, &mut riches, &texts, &mut problems);

    let header = &document.header;
    let issue = document.issue.as_ref();
    let date_fact = issue.map_or(&header.date, |issue| &issue.date);
    let session = document.facts.get(&header.session);
    let when = |name: &str, style: DateStyle| {
        document
            .facts
            .get(name)
            .and_then(|fact| fact.when)
            .map(|when| locale.dates.when(when, style))
    };
    let city = session
        .and_then(|fact| fact.city.as_ref())
        .and_then(|city| locale.terms.get(city))
        .map(|term| term.name().to_string())
        .unwrap_or_default();
    let vars: BTreeMap<&str, String> = BTreeMap::from([
        (
            "session_year",
            session
                .and_then(|fact| fact.when)
                .map(|when| when.year().to_string())
                .unwrap_or_default(),
        ),
        ("session_city", city),
        (
            "session_dates",
            when(&header.session, DateStyle::Cover).unwrap_or_default(),
        ),
        (
            "agenda_item",
            header.agenda_item.clone().unwrap_or_default(),
        ),
        (
            "document",
            format!("{}-{}", header.number, locale.document_suffix),
        ),
        (
            "issued",
            when(date_fact, DateStyle::Text).unwrap_or_default(),
        ),
        (
            "issue_number",
            issue
                .map(|issue| issue.number.to_string())
                .unwrap_or_default(),
        ),
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
    let mut labels = BTreeMap::new();
    for (key, source) in locale.label_sources() {
        match renderer.render_label(&key, &source, &vars) {
            Ok(text) => {
                labels.insert(key, text);
            }
            Err(diagnostic) => problems.push(diagnostic),
        }
    }
    if problems.iter().any(Diagnostic::is_error) {
        return Err(problems);
    }

    let mut shown: Vec<Shown> = labels
        .iter()
        .map(|(key, text)| Shown {
            text: text.clone(),
            origin: Some((locale.source.clone(), format!("labels/{key}"))),
        })
        .collect();
    let label = |key: &str| labels.get(key).cloned().unwrap_or_default();
    let text = |key: &str| -> Result<Rich, Vec<Diagnostic>> {
        riches.get(key).cloned().ok_or_else(|| {
            vec![
                Diagnostic::new(
                    Code::MissingTranslation,
                    format!("no text for `{key}` in any language"),
                )
                .at_opt(document.locate_entry(key)),
            ]
        })
    };
    let front = front_matter(document.kind);
    let front_text = |key: &str| {
        if front.contains(&key) {
            text(key)
        } else {
            Ok(Rich::default())
        }
    };
    let mut body: Vec<ResolvedNode> = Vec::new();
    let mut open: Vec<(usize, ResolvedNode)> = Vec::new();
    for visit in document.walk() {
        let node = resolve_node(visit, locale, &numbers, workspace, &text)?;
        close_deeper(&mut open, &mut body, visit.depth);
        open.push((visit.depth, node));
    }
    close_deeper(&mut open, &mut body, 0);
    // Numbers, markers and codes are shown too: a bullet or a numeral no font covers would print
    // as a box like any letter. They come from the locale's `numbering:`.
    let mut markers = BTreeSet::new();
    collect_numbers(&body, &mut markers);
    shown.extend(markers.into_iter().map(|number| Shown {
        text: number,
        origin: Some((locale.source.clone(), "numbering".to_string())),
    }));
    shown.extend(
        doc.keys
            .iter()
            .filter_map(|key| texts.get(key.as_str()).cloned()),
    );

    let iso_date = document
        .facts
        .get(date_fact)
        .and_then(|fact| fact.when)
        .and_then(|when| when.first_day())
        .map(|date| date.iso())
        .unwrap_or_default();
    let agenda_item = match document.kind {
        DocumentKind::Report => label("agenda-item"),
        DocumentKind::Agenda => String::new(),
    };
    Ok(Resolved {
        document: ResolvedDocument {
            name: document.name.clone(),
            kind: document.kind,
            lang: locale.lang.clone(),
            dir: locale.dir().to_string(),
            iso_date,
            header: ResolvedHeader {
                session: label("session"),
                session_place: label("session-place"),
                agenda_item,
                document: match issue {
                    Some(issue) => label(issue.kind.name()),
                    None => label("document"),
                },
                symbol: format!(
                    "{}{}-{}",
                    header.number,
                    issue
                        .map(|issue| label(&format!("{}-symbol", issue.kind.name())))
                        .unwrap_or_default(),
                    locale.document_suffix
                ),
                issued: label("issued"),
                original: label("original"),
            },
            title: text("title")?,
            summary: front_text("summary")?,
            action_required: front_text("action-required")?,
            references: front_text("references")?,
            labels,
            body,
            web: header.web.clone(),
            footnotes,
            issue: issue.map(|issue| ResolvedIssue {
                kind: issue.kind,
                number: issue.number,
            }),
            marks: None,
            changes: Vec::new(),
            corrections: false,
            emphasis: locale.emphasis,
            fonts: locale.pdf_fonts.clone(),
            untranslated,
            shown,
            fonts_location: locale.source.locate_key("pdf-fonts"),
        },
        warnings: problems,
    })
}

/// Numbers the footnotes in the order they are referenced and puts each one's text at its
/// reference; a footnote referenced twice or never is an error.
fn number_footnotes(
    document: &Document,
    keys: &[String],
    riches: &mut BTreeMap<&str, Rich>,
    texts: &BTreeMap<&str, Shown>,
    problems: &mut Vec<Diagnostic>,
) -> Vec<ResolvedFootnote> {
    if document.footnotes.is_empty() {
        return Vec::new();
    }
    let mut order: Vec<String> = Vec::new();
    for key in keys.iter().filter(|key| !document.footnotes.contains(key)) {
        let Some(rich) = riches.get(key.as_str()) else {
            continue;
        };
        for id in rich.footnote_refs() {
            if order.contains(&id) {
                let needle = format!("[^{id}]");
                problems.push(
                    Diagnostic::new(
                        Code::BadMarkup,
                        format!("footnote `{id}` is placed twice (again in entry `{key}`)"),
                    )
                    .at_opt(texts.get(key.as_str()).and_then(|shown| shown.locate(&needle)))
                    .with_hint("a footnote stands at one place; declare another footnote for a second note"),
                );
            } else {
                order.push(id);
            }
        }
    }
    for id in document.footnotes.iter().filter(|id| !order.contains(id)) {
        problems.push(
            Diagnostic::new(
                Code::BadMarkup,
                format!("footnote `{id}` is placed nowhere: no entry writes `[^{id}]`"),
            )
            .at_opt(document.locate_entry(id))
            .with_hint(format!(
                "write `[^{id}]` where its mark goes, in the original and in every translation"
            )),
        );
    }
    let notes: Vec<ResolvedFootnote> = order
        .iter()
        .enumerate()
        .map(|(index, id)| ResolvedFootnote {
            id: id.clone(),
            number: (index + 1).to_string(),
            text: riches.get(id.as_str()).cloned().unwrap_or_default(),
        })
        .collect();
    let note = |id: &str| {
        notes
            .iter()
            .position(|note| note.id == id)
            .map(|index| (index + 1, notes[index].text.clone()))
    };
    for rich in riches.values_mut() {
        if !rich.footnote_refs().is_empty() {
            *rich = rich.number_footnotes(&note);
        }
    }
    notes
}

fn collect_numbers(nodes: &[ResolvedNode], into: &mut BTreeSet<String>) {
    for node in nodes {
        if !node.number.is_empty() {
            into.insert(node.number.clone());
        }
        collect_numbers(&node.children, into);
    }
}

/// The text entries shown in a table cell: a table's header and row cells, and the items and
/// sub-items of an agenda part laid out as ITU's table.
fn table_cell_keys(document: &Document) -> BTreeSet<String> {
    let mut keys = BTreeSet::new();
    // The depth of the table-laid-out part being walked through; its items are deeper.
    let mut table_part: Option<usize> = None;
    for visit in document.walk() {
        if table_part.is_some_and(|depth| visit.depth <= depth) {
            table_part = None;
        }
        match &visit.node.kind {
            Kind::Table { .. } | Kind::Row => keys.extend(visit.node.text_keys(visit.parent)),
            Kind::Part {
                layout: Layout::Table,
                ..
            } => table_part = Some(visit.depth),
            Kind::Item { .. } if table_part.is_some() => {
                keys.extend(visit.node.text_keys(visit.parent))
            }
            _ => {}
        }
    }
    keys
}

/// Moves every open node at `depth` or deeper into its parent (or the body).
fn close_deeper(open: &mut Vec<(usize, ResolvedNode)>, body: &mut Vec<ResolvedNode>, depth: usize) {
    while open.last().is_some_and(|(d, _)| *d >= depth) {
        let (_, node) = open.pop().expect("checked above");
        match open.last_mut() {
            Some((_, parent)) => parent.children.push(node),
            None => body.push(node),
        }
    }
}

/// One node's number and text in `locale`.
fn resolve_node(
    visit: Visit,
    locale: &Locale,
    numbers: &Numbers,
    workspace: &Workspace,
    text: &dyn Fn(&str) -> Result<Rich, Vec<Diagnostic>>,
) -> Result<ResolvedNode, Vec<Diagnostic>> {
    let node = visit.node;
    let mut out = ResolvedNode {
        kind: "",
        id: node.id.clone(),
        number: numbers.label(&node.id).to_string(),
        text: Rich::default(),
        style: None,
        cells: Vec::new(),
        note: String::new(),
        layout: None,
        documents: Vec::new(),
        depth: 0,
        change: None,
        children: Vec::new(),
    };
    let keys = || -> Result<Vec<Rich>, Vec<Diagnostic>> {
        node.text_keys(visit.parent)
            .iter()
            .map(|key| text(key))
            .collect()
    };
    match &node.kind {
        Kind::Section { .. } => {
            out.kind = "section";
            out.text = text(&node.id)?;
        }
        Kind::Paragraph { .. } => {
            out.kind = "paragraph";
            out.text = text(&node.id)?;
        }
        Kind::Text => {
            out.kind = "text";
            out.text = text(&node.id)?;
        }
        Kind::List(style) => {
            out.kind = "list";
            out.style = Some(*style);
        }
        Kind::ListItem { .. } => {
            out.kind = "list-item";
            out.text = text(&node.id)?;
        }
        Kind::Table { .. } => {
            out.kind = "table";
            out.cells = keys()?;
        }
        Kind::Row => {
            out.kind = "row";
            out.cells = keys()?;
        }
        Kind::Annex { title } => {
            out.kind = "annex";
            out.note = locale.labels.annex.clone();
            out.text = text(title)?;
        }
        Kind::Agenda { layout, .. } => {
            out.kind = "agenda";
            out.layout = Some(*layout);
        }
        Kind::Part {
            non_statutory,
            layout,
            ..
        } => {
            out.kind = "part";
            out.text = text(&node.id)?;
            out.layout = Some(*layout);
            if *non_statutory {
                out.note = locale.labels.non_statutory.clone();
            }
        }
        Kind::Item {
            depth, documents, ..
        } => {
            out.kind = if *depth == 0 { "item" } else { "sub-item" };
            out.depth = *depth;
            out.text = text(&node.id)?;
            out.documents = documents
                .iter()
                .map(|symbol| ResolvedSymbol {
                    symbol: symbol.clone(),
                    url: workspace.symbols.url(symbol, &locale.lang),
                    change: None,
                })
                .collect();
        }
    }
    Ok(out)
}
