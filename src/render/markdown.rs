//! Markdown: the `.md` template applied to the resolved document.
//!
//! The Markdown is the first output and the source of the HTML. Templates write its structure;
//! every text value is escaped for Markdown automatically (see `escape::markdown`), and the only
//! raw HTML in it is what the templates write themselves (anchors and the classes the stylesheet
//! needs), never text from YAML.

use super::RenderedDocument;
use crate::diagnostics::Diagnostic;
use crate::template::Templates;

/// Renders one document to Markdown.
pub fn render(document: &RenderedDocument, templates: &Templates) -> Result<String, Diagnostic> {
    templates.render(
        "document.md",
        &document.lang,
        &super::DocumentContext { doc: document },
    )
}
