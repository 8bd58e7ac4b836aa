//! Rendering: one resolved document in one language, into Markdown, HTML and PDF.
//!
//! [`resolve`] joins the model (numbers), the locale (numerals, labels) and the rendered text
//! entries into a [`RenderedDocument`]: plain, serializable, every number a string, every text
//! final. Renderers receive it with the run's shared templates (and fonts) and know nothing about
//! YAML, as mdBook's backends know nothing about SUMMARY.md parsing. The Markdown renderer runs the `.md` template;
//! HTML parses that Markdown with pulldown-cmark; PDF runs the `.typ` template through Typst. Every
//! format shows the same strings, because they all come from this one value.

pub mod html;
pub mod markdown;
pub mod pdf;

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::Serialize;

use crate::diagnostics::{Code, Diagnostic};
use crate::i18n::Locale;
use crate::model::{Block, Document, List, ListKind, Table};

/// A format agendoc writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Md,
    Html,
    Pdf,
    /// The Typst source of the PDF (not built by default): for debugging a layout or compiling
    /// with another Typst, next to a copy of templates/council.typ.
    Typ,
}

impl Format {
    /// What `build` writes when no `--format` is given.
    pub const ALL: [Format; 3] = [Format::Md, Format::Html, Format::Pdf];

    pub fn extension(self) -> &'static str {
        match self {
            Format::Md => "md",
            Format::Html => "html",
            Format::Pdf => "pdf",
            Format::Typ => "typ",
        }
    }
}

/// A link to one language version, for the HTML language switcher.
#[derive(Debug, Clone, Serialize)]
pub struct LanguageLink {
    pub lang: String,
    pub name: String,
    pub dir: String,
}

/// One document in one language, fully resolved: what templates see.
#[derive(Debug, Clone, Serialize)]
pub struct RenderedDocument {
    pub name: String,
    pub lang: String,
    pub dir: String,
    /// The ISO date of the document, for PDF metadata.
    pub iso_date: String,
    pub header: RenderedHeader,
    pub labels: BTreeMap<String, String>,
    pub title: String,
    pub summary: String,
    pub action_required: String,
    pub references: String,
    pub sections: Vec<RenderedSection>,
    pub annex: Option<RenderedAnnex>,
    pub web: Option<String>,
    /// Font families for the PDF, in fallback order.
    pub fonts: Vec<String>,
    /// Ids shown in the original language because the translation lacks them.
    pub untranslated: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RenderedHeader {
    pub session: String,
    pub session_place: String,
    pub agenda_item: String,
    pub document: String,
    pub issued: String,
    pub original: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct RenderedSection {
    pub id: String,
    pub number: String,
    pub heading: String,
    pub blocks: Vec<RenderedBlock>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum RenderedBlock {
    Paragraph {
        id: String,
        number: String,
        text: String,
    },
    Text {
        id: String,
        text: String,
    },
    List(RenderedList),
    Table(RenderedTable),
}

#[derive(Debug, Clone, Serialize)]
pub struct RenderedList {
    pub style: ListKind,
    pub items: Vec<RenderedListItem>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RenderedListItem {
    pub id: String,
    /// "a)", "•" or "–".
    pub marker: String,
    pub text: String,
    pub nested: Option<RenderedList>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RenderedTable {
    pub id: String,
    pub columns: Vec<String>,
    pub rows: Vec<RenderedRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RenderedRow {
    pub id: String,
    pub cells: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RenderedAnnex {
    pub id: String,
    pub label: String,
    pub title: String,
    pub parts: Vec<RenderedPart>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RenderedPart {
    pub id: String,
    pub number: String,
    pub title: String,
    /// "Non-statutory" or empty.
    pub status: String,
    pub items: Vec<RenderedItem>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RenderedItem {
    pub id: String,
    pub number: String,
    pub text: String,
    pub sub_items: Vec<RenderedItem>,
}

/// Resolves a document for one language from its rendered text entries.
///
/// `texts` must hold every key of [`Document::text_keys`]; missing translations were already
/// replaced by the marked original.
pub fn resolve(
    document: &Document,
    locale: &Arc<Locale>,
    texts: &BTreeMap<String, String>,
    labels: BTreeMap<String, String>,
    header: RenderedHeader,
    untranslated: Vec<String>,
) -> Result<RenderedDocument, Diagnostic> {
    let text = |key: &str| -> Result<String, Diagnostic> {
        texts.get(key).cloned().ok_or_else(|| {
            Diagnostic::new(
                Code::MissingTranslation,
                format!("no text for `{key}` in any language"),
            )
            .at_opt(document.locate_id(key.split('.').next().unwrap_or(key), 0))
        })
    };
    let list = |list: &List| resolve_list(list, locale, &text);
    let mut sections = Vec::new();
    for section in &document.sections {
        let mut blocks = Vec::new();
        for block in &section.blocks {
            blocks.push(match block {
                Block::Paragraph { id, number } => RenderedBlock::Paragraph {
                    id: id.clone(),
                    number: locale.paragraph(section.number, *number),
                    text: text(id)?,
                },
                Block::Text { id } => RenderedBlock::Text {
                    id: id.clone(),
                    text: text(id)?,
                },
                Block::List(l) => RenderedBlock::List(list(l)?),
                Block::Table(table) => RenderedBlock::Table(RenderedTable {
                    id: table.id.clone(),
                    columns: table
                        .columns
                        .iter()
                        .map(|c| text(&table.header_key(c)))
                        .collect::<Result<_, _>>()?,
                    rows: table
                        .rows
                        .iter()
                        .map(|row| {
                            Ok(RenderedRow {
                                id: row.clone(),
                                cells: table
                                    .columns
                                    .iter()
                                    .map(|c| text(&Table::cell_key(row, c)))
                                    .collect::<Result<_, _>>()?,
                            })
                        })
                        .collect::<Result<_, Diagnostic>>()?,
                }),
            });
        }
        sections.push(RenderedSection {
            id: section.id.clone(),
            number: locale.section(section.number),
            heading: text(&section.id)?,
            blocks,
        });
    }
    let annex = match &document.annex {
        None => None,
        Some(annex) => Some(RenderedAnnex {
            id: annex.id.clone(),
            label: locale.labels.annex.clone(),
            title: text(&annex.title)?,
            parts: annex
                .parts
                .iter()
                .map(|part| {
                    Ok(RenderedPart {
                        id: part.id.clone(),
                        number: locale.part(part.number),
                        title: text(&part.id)?,
                        status: if part.non_statutory {
                            locale.labels.non_statutory.clone()
                        } else {
                            String::new()
                        },
                        items: part
                            .items
                            .iter()
                            .map(|item| {
                                Ok(RenderedItem {
                                    id: item.id.clone(),
                                    number: locale.item(item.number),
                                    text: text(&item.id)?,
                                    sub_items: item
                                        .sub_items
                                        .iter()
                                        .map(|sub| {
                                            Ok(RenderedItem {
                                                id: sub.id.clone(),
                                                number: locale.sub_item(sub.number),
                                                text: text(&sub.id)?,
                                                sub_items: Vec::new(),
                                            })
                                        })
                                        .collect::<Result<_, Diagnostic>>()?,
                                })
                            })
                            .collect::<Result<_, Diagnostic>>()?,
                    })
                })
                .collect::<Result<_, Diagnostic>>()?,
        }),
    };
    let date = document
        .facts
        .get(&document.header.date)
        .and_then(|fact| fact.when);
    let iso_date = match date {
        Some(crate::model::When::Date(d) | crate::model::When::Range(d, _)) => {
            format!("{:04}-{:02}-{:02}", d.year, d.month, d.day)
        }
        _ => String::new(),
    };
    Ok(RenderedDocument {
        name: document.name.clone(),
        lang: locale.lang.clone(),
        dir: locale.dir().to_string(),
        iso_date,
        header,
        labels,
        title: text("title")?,
        summary: text("summary")?,
        action_required: text("action-required")?,
        references: text("references")?,
        sections,
        annex,
        web: document.header.web.clone(),
        fonts: locale.pdf_fonts.clone(),
        untranslated,
    })
}

fn resolve_list(
    list: &List,
    locale: &Locale,
    text: &dyn Fn(&str) -> Result<String, Diagnostic>,
) -> Result<RenderedList, Diagnostic> {
    let items = list
        .items
        .iter()
        .map(|item| {
            Ok(RenderedListItem {
                id: item.id.clone(),
                marker: match list.kind {
                    ListKind::Letters => locale.letter(item.position),
                    ListKind::Bullets => locale.numbering.bullet.clone(),
                    ListKind::Dashes => locale.numbering.dash.clone(),
                },
                text: text(&item.id)?,
                nested: item
                    .nested
                    .as_ref()
                    .map(|nested| resolve_list(nested, locale, text))
                    .transpose()?,
            })
        })
        .collect::<Result<_, Diagnostic>>()?;
    Ok(RenderedList {
        style: list.kind,
        items,
    })
}

/// The context of the document templates: the document as `doc`.
#[derive(Serialize)]
pub struct DocumentContext<'a> {
    pub doc: &'a RenderedDocument,
}

impl RenderedDocument {
    /// Every piece of text of the document, in reading order: what every format must show.
    pub fn texts(&self) -> Vec<&str> {
        let h = &self.header;
        let mut out = vec![
            h.session.as_str(),
            &h.session_place,
            &h.agenda_item,
            &h.document,
            &h.issued,
            &h.original,
            &self.title,
            &self.summary,
            &self.action_required,
            &self.references,
        ];
        fn list<'a>(l: &'a RenderedList, out: &mut Vec<&'a str>) {
            for item in &l.items {
                out.push(&item.text);
                if let Some(nested) = &item.nested {
                    list(nested, out);
                }
            }
        }
        for section in &self.sections {
            out.push(&section.heading);
            for block in &section.blocks {
                match block {
                    RenderedBlock::Paragraph { text, .. } | RenderedBlock::Text { text, .. } => {
                        out.push(text)
                    }
                    RenderedBlock::List(l) => list(l, &mut out),
                    RenderedBlock::Table(t) => {
                        out.extend(t.columns.iter().map(String::as_str));
                        out.extend(
                            t.rows
                                .iter()
                                .flat_map(|r| r.cells.iter().map(String::as_str)),
                        );
                    }
                }
            }
        }
        if let Some(annex) = &self.annex {
            out.push(&annex.title);
            for part in &annex.parts {
                out.push(&part.title);
                for item in &part.items {
                    out.push(&item.text);
                    out.extend(item.sub_items.iter().map(|sub| sub.text.as_str()));
                }
            }
        }
        out
    }
}
