//! Markdown: the `document.md` template applied to the resolved document, in two flavours.
//!
//! The deliverable ([`Flavour::Clean`]) is CommonMark + GFM that reads as plain text: numbers
//! written before their text, GFM tables, no HTML at all. The HTML page is made from the same
//! template with `html` set ([`Flavour::Anchored`]): the same words plus the ids links point to
//! and the classes the stylesheet needs, which only `macros.md` writes. In both, every text value
//! is escaped for Markdown automatically (see `escape::markdown`), so no HTML and no Markdown
//! structure ever comes from YAML.

use super::{DocumentContext, Format, RenderContext, Renderer, Setup};
use crate::diagnostics::Diagnostic;
use crate::resolve::ResolvedDocument;
use crate::template::{TemplateChain, Templates};

pub const FORMAT: Format = Format {
    name: "md",
    extension: "md",
    default: true,
    about: "Markdown (CommonMark with GFM tables and footnotes, no HTML)",
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
        Ok(
            markdown(document, context.templates, &context.chain, Flavour::Clean)
                .map_err(|d| vec![d])?
                .into_bytes(),
        )
    }
}

/// Which Markdown a render makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flavour {
    /// The deliverable: no HTML.
    Clean,
    /// The HTML page's source: with its anchors, ids and wrappers.
    Anchored,
}

/// The Markdown of one document.
pub fn markdown(
    document: &ResolvedDocument,
    templates: &Templates,
    chain: &TemplateChain,
    flavour: Flavour,
) -> Result<String, Diagnostic> {
    let context = DocumentContext {
        doc: document,
        html: flavour == Flavour::Anchored,
    };
    let markdown = templates.render("document.md", chain, &context)?;
    Ok(match flavour {
        Flavour::Clean => close_gaps(&markdown),
        Flavour::Anchored => markdown,
    })
}

/// The Markdown with every run of blank lines made one, where the HTML's wrappers were.
fn close_gaps(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    let mut newlines = 0;
    for c in markdown.chars() {
        if c == '\n' {
            newlines += 1;
            if newlines > 2 {
                continue;
            }
        } else {
            newlines = 0;
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::close_gaps;

    #[test]
    fn runs_of_blank_lines_become_one() {
        assert_eq!(close_gaps("a\n\n\n\nb\nc\n\n\n"), "a\n\nb\nc\n\n");
        assert_eq!(close_gaps("\n\n\n# T\n"), "\n\n# T\n");
    }
}
