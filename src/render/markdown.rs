//! Markdown: the `document.md` template applied to the resolved document.
//!
//! The Markdown is a deliverable and the source of the HTML. Templates write its structure;
//! every text value is escaped for Markdown automatically (see `escape::markdown`), and the only
//! raw HTML in it is what the templates write themselves (anchors and the classes the stylesheet
//! needs), never text from YAML.

use super::{DocumentContext, Format, RenderContext, Renderer, Setup};
use crate::diagnostics::Diagnostic;
use crate::resolve::ResolvedDocument;
use crate::template::{TemplateChain, Templates};

pub const FORMAT: Format = Format {
    name: "md",
    extension: "md",
    default: true,
    about: "Markdown (CommonMark with GFM tables)",
    load,
};

fn load(_: &Setup) -> anyhow::Result<Box<dyn Renderer>> {
    Ok(Box::new(MarkdownRenderer))
}

struct MarkdownRenderer;

impl Renderer for MarkdownRenderer {
    fn render(
        &self,
        document: &ResolvedDocument,
        context: &RenderContext,
    ) -> Result<Vec<u8>, Vec<Diagnostic>> {
        Ok(markdown(document, context.templates, &context.chain)
            .map_err(|d| vec![d])?
            .into_bytes())
    }
}

/// The Markdown of one document.
pub fn markdown(
    document: &ResolvedDocument,
    templates: &Templates,
    chain: &TemplateChain,
) -> Result<String, Diagnostic> {
    templates.render("document.md", chain, &DocumentContext { doc: document })
}
