//! HTML: the document's Markdown parsed by pulldown-cmark, wrapped in the page template.
//!
//! The body is exactly the Markdown's content, so HTML and Markdown cannot disagree. Text from
//! YAML reaches pulldown-cmark already escaped for Markdown, so it can only produce text events,
//! which pulldown-cmark HTML-escapes; the raw HTML events come from the templates. Header cells get
//! `scope="col"`, as accessibility checkers expect.

use pulldown_cmark::{Options, Parser};
use serde::Serialize;

use super::markdown::{Flavour, markdown};
use super::{Format, LanguageLink, RenderContext, Renderer, Setup};
use crate::diagnostics::Diagnostic;
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
        let body = minijinja::Value::from_safe_string(markdown_to_html(&markdown));
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

/// Converts generated Markdown to an HTML fragment.
pub fn markdown_to_html(markdown: &str) -> String {
    let parser = Parser::new_ext(markdown, Options::ENABLE_TABLES);
    let mut body = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut body, parser);
    // pulldown-cmark writes `<th>` without scope; every header cell here heads a column. Text
    // cannot contain a literal `<th>`: pulldown-cmark escapes `<` in text.
    body.replace("<th>", "<th scope=\"col\">")
        .replace("<th style=", "<th scope=\"col\" style=")
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

    #[test]
    fn escaped_text_stays_text_in_html() {
        let md = crate::escape::markdown("<script>alert(\"x\")</script> & | #");
        let html = markdown_to_html(&md);
        assert_eq!(
            html,
            "<p>&lt;script&gt;alert(\"x\")&lt;/script&gt; &amp; | #</p>\n"
        );
    }

    #[test]
    fn table_headers_get_scope() {
        let html = markdown_to_html("| a | b |\n|---|---|\n| 1 | 2 |\n");
        assert!(html.contains("<th scope=\"col\">a</th>"), "{html}");
    }
}
