//! HTML: the document's Markdown parsed by pulldown-cmark, wrapped in the page template.
//!
//! The body is the anchored flavour of the Markdown (the deliverable's words plus ids and
//! classes, see `markdown.rs`), so HTML and Markdown cannot disagree. Text from YAML reaches
//! pulldown-cmark already escaped for Markdown, so it can only produce text events, which
//! pulldown-cmark HTML-escapes; the raw HTML events come from the templates. Two things are
//! changed on the way, for accessibility checkers and screen readers: header cells get
//! `scope="col"`, and GFM footnotes become DPUB-ARIA note references and one list of notes with
//! back-links at the end of the body, labelled in the page's language.
//!
//! ```text
//! Markdown:  Kigali[^1] …            [^1]: The host country.
//! HTML:      Kigali<sup class="footnote-ref"><a href="#fn-1" id="fnref-1" role="doc-noteref" …>1</a></sup>
//!            <section class="footnotes" role="doc-endnotes" …> <ol> <li id="fn-1"><p>The host
//!            country. <a href="#fnref-1" role="doc-backlink" aria-label="Back to reference 1">↩</a>
//! ```

use std::collections::BTreeMap;

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd};
use serde::Serialize;

use super::markdown::{Flavour, markdown};
use super::{Format, LanguageLink, RenderContext, Renderer, Setup};
use crate::diagnostics::Diagnostic;
use crate::escape;
use crate::resolve::ResolvedDocument;
use crate::template::{TemplateChain, Templates};

pub const FORMAT: Format = Format {
    name: "html",
    extension: "html",
    default: true,
    about: "a web page with a language switcher",
    load,
};

fn load(_: &Setup) -> anyhow::Result<Box<dyn Renderer>> {
    Ok(Box::new(HtmlRenderer))
}

struct HtmlRenderer;

impl Renderer for HtmlRenderer {
    fn render(
        &self,
        document: &ResolvedDocument,
        context: &RenderContext,
    ) -> Result<Vec<u8>, Vec<Diagnostic>> {
        let markdown = markdown(
            document,
            context.templates,
            &context.chain,
            Flavour::Anchored,
        )
        .map_err(|d| vec![d])?;
        let label = |key: &str| document.labels.get(key).map_or("", String::as_str);
        let notes = NoteLabels {
            heading: label("footnotes"),
            back_to_reference: label("back-to-reference"),
        };
        let body = minijinja::Value::from_safe_string(markdown_to_html(&markdown, &notes));
        let page = context
            .templates
            .render(
                "page.html",
                &context.chain,
                &Page {
                    doc: document,
                    body,
                    languages: context.languages,
                },
            )
            .map_err(|d| vec![d])?;
        Ok(page.into_bytes())
    }
}

/// The words of a page's footnotes that screen readers say, from the locale's labels.
pub struct NoteLabels<'a> {
    /// The hidden heading of the list of notes ("Notes").
    pub heading: &'a str,
    /// A back-link's name, before the note's number ("Back to reference").
    pub back_to_reference: &'a str,
}

/// Converts generated Markdown to an HTML fragment.
pub fn markdown_to_html(markdown: &str, notes: &NoteLabels) -> String {
    let parser = Parser::new_ext(markdown, Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES);
    let mut body = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut body, with_footnote_list(parser, notes).into_iter());
    // pulldown-cmark writes `<th>` without scope; every header cell here heads a column. Text
    // cannot contain a literal `<th>`: pulldown-cmark escapes `<` in text.
    body.replace("<th>", "<th scope=\"col\">")
        .replace("<th style=", "<th scope=\"col\" style=")
}

/// The events with each footnote reference made a DPUB-ARIA note reference and the footnote
/// definitions moved into one list at the end, each note ending with a back-link to every
/// reference to it. pulldown-cmark's own footnote HTML has neither roles nor back-links.
fn with_footnote_list<'a>(
    events: impl Iterator<Item = Event<'a>>,
    labels: &NoteLabels,
) -> Vec<Event<'a>> {
    let mut body = Vec::new();
    // Each note's label and content, in the order the Markdown defines them.
    let mut notes: Vec<(CowStr<'a>, Vec<Event<'a>>)> = Vec::new();
    // How often each note is referred to: the second reference gets `fnref-1-2`.
    let mut references: BTreeMap<String, usize> = BTreeMap::new();
    let mut in_note = false;
    for event in events {
        let event = match event {
            Event::Start(Tag::FootnoteDefinition(label)) => {
                notes.push((label, Vec::new()));
                in_note = true;
                continue;
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                in_note = false;
                continue;
            }
            Event::FootnoteReference(label) => {
                let count = references.entry(label.to_string()).or_default();
                *count += 1;
                let id = note_id(&label);
                Event::InlineHtml(
                    format!(
                        "<sup class=\"footnote-ref\"><a href=\"#fn-{id}\" id=\"{}\" \
                         role=\"doc-noteref\" aria-describedby=\"footnotes-label\">{}</a></sup>",
                        reference_id(&id, *count),
                        escape::html(&label)
                    )
                    .into(),
                )
            }
            event => event,
        };
        match notes.last_mut() {
            Some((_, content)) if in_note => content.push(event),
            _ => body.push(event),
        }
    }
    if notes.is_empty() {
        return body;
    }
    body.push(Event::Html(
        format!(
            "<section class=\"footnotes\" role=\"doc-endnotes\" aria-labelledby=\"footnotes-label\">\n\
             <h2 id=\"footnotes-label\" class=\"visually-hidden\">{}</h2>\n<ol>\n",
            escape::html(labels.heading)
        )
        .into(),
    ));
    for (label, mut content) in notes {
        let id = note_id(&label);
        let count = references.get(label.as_ref()).copied().unwrap_or(0);
        let back_links: String = (1..=count)
            .map(|n| {
                // The arrow alone is shown: a visible count that the name lacks is what axe's
                // label-content-name-mismatch refuses.
                let which = if n == 1 {
                    String::new()
                } else {
                    format!(" ({n})")
                };
                format!(
                    " <a href=\"#{}\" role=\"doc-backlink\" aria-label=\"{} {}{which}\">↩</a>",
                    reference_id(&id, n),
                    escape::html(labels.back_to_reference),
                    escape::html(&label)
                )
            })
            .collect();
        // The back-links end the note's last paragraph, as they end its last line on screen.
        let last_paragraph = match content.last() {
            Some(Event::End(TagEnd::Paragraph)) => content.len() - 1,
            _ => content.len(),
        };
        content.insert(last_paragraph, Event::InlineHtml(back_links.into()));
        body.push(Event::Html(format!("<li id=\"fn-{id}\">").into()));
        body.extend(content);
        body.push(Event::Html("</li>\n".into()));
    }
    body.push(Event::Html("</ol>\n</section>\n".into()));
    body
}

/// A note's label as it stands in ids: escaped, without spaces (not allowed in an id).
fn note_id(label: &str) -> String {
    escape::html(&label.split_whitespace().collect::<Vec<_>>().join("-"))
}

/// The id of the `n`th reference to note `id`.
fn reference_id(id: &str, n: usize) -> String {
    if n == 1 {
        format!("fnref-{id}")
    } else {
        format!("fnref-{id}-{n}")
    }
}

#[derive(Serialize)]
struct Page<'a> {
    doc: &'a ResolvedDocument,
    body: minijinja::Value,
    languages: &'a [LanguageLink],
}

/// One entry of `output/index.html`.
#[derive(Debug, Clone, Serialize)]
pub struct IndexEntry {
    pub name: String,
    pub title: String,
    pub document: String,
    pub languages: Vec<LanguageLink>,
}

/// Renders `output/index.html`, listing every document and language.
pub fn render_index(entries: &[IndexEntry], templates: &Templates) -> Result<String, Diagnostic> {
    #[derive(Serialize)]
    struct Index<'a> {
        documents: &'a [IndexEntry],
    }
    templates.render(
        "index.html",
        &TemplateChain::defaults(),
        &Index { documents: entries },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOTES: NoteLabels = NoteLabels {
        heading: "Notes",
        back_to_reference: "Back to reference",
    };

    #[test]
    fn escaped_text_stays_text_in_html() {
        let md = crate::escape::markdown("<script>alert(\"x\")</script> & | # [^1]");
        let html = markdown_to_html(&md, &NOTES);
        assert_eq!(
            html,
            "<p>&lt;script&gt;alert(\"x\")&lt;/script&gt; &amp; | # [^1]</p>\n"
        );
    }

    #[test]
    fn table_headers_get_scope() {
        let html = markdown_to_html("| a | b |\n|---|---|\n| 1 | 2 |\n", &NOTES);
        assert!(html.contains("<th scope=\"col\">a</th>"), "{html}");
    }

    #[test]
    fn footnotes_become_note_references_and_one_list_with_back_links() {
        let markdown = "Kigali[^1], Rwanda[^2].\n\n\
                        - Again[^1]\n\n\
                        [^1]: The host city.\n\n\
                        [^2]: Since January 2022.\n";
        let html = markdown_to_html(markdown, &NOTES);
        assert_eq!(
            html,
            "<p>Kigali<sup class=\"footnote-ref\"><a href=\"#fn-1\" id=\"fnref-1\" \
             role=\"doc-noteref\" aria-describedby=\"footnotes-label\">1</a></sup>, \
             Rwanda<sup class=\"footnote-ref\"><a href=\"#fn-2\" id=\"fnref-2\" \
             role=\"doc-noteref\" aria-describedby=\"footnotes-label\">2</a></sup>.</p>\n\
             <ul>\n<li>Again<sup class=\"footnote-ref\"><a href=\"#fn-1\" id=\"fnref-1-2\" \
             role=\"doc-noteref\" aria-describedby=\"footnotes-label\">1</a></sup></li>\n</ul>\n\
             <section class=\"footnotes\" role=\"doc-endnotes\" aria-labelledby=\"footnotes-label\">\n\
             <h2 id=\"footnotes-label\" class=\"visually-hidden\">Notes</h2>\n<ol>\n\
             <li id=\"fn-1\">\n<p>The host city. \
             <a href=\"#fnref-1\" role=\"doc-backlink\" aria-label=\"Back to reference 1\">↩</a> \
             <a href=\"#fnref-1-2\" role=\"doc-backlink\" aria-label=\"Back to reference 1 (2)\">↩</a></p>\n\
             </li>\n\
             <li id=\"fn-2\">\n<p>Since January 2022. \
             <a href=\"#fnref-2\" role=\"doc-backlink\" aria-label=\"Back to reference 2\">↩</a></p>\n\
             </li>\n</ol>\n</section>\n"
        );
    }

    #[test]
    fn a_reference_without_its_note_stays_text() {
        let html = markdown_to_html("See[^9].\n", &NOTES);
        assert_eq!(html, "<p>See[^9].</p>\n");
    }

    #[test]
    fn no_footnotes_no_list() {
        let html = markdown_to_html("Plain.\n", &NOTES);
        assert!(!html.contains("footnotes"), "{html}");
    }

    /// Every id the footnotes add is unique, and every id an ARIA attribute names exists.
    #[test]
    fn footnote_ids_are_unique_and_aria_points_at_them() {
        let html = markdown_to_html(
            "a[^1] b[^1] c[^2] d[^1]\n\n[^1]: One.\n\n[^2]: Two[^1].\n",
            &NOTES,
        );
        let values = |attribute: &str| -> Vec<String> {
            html.split(&format!("{attribute}=\""))
                .skip(1)
                .map(|rest| rest[..rest.find('"').unwrap()].to_string())
                .collect()
        };
        let ids = values("id");
        let mut unique = ids.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), ids.len(), "{ids:?}");
        for target in values("aria-describedby")
            .into_iter()
            .chain(values("aria-labelledby"))
            .chain(values("href").into_iter().map(|h| h[1..].to_string()))
        {
            assert!(ids.contains(&target), "{target} in {html}");
        }
    }
}
