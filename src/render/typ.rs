//! Typst markup: the `document.typ` template applied to the resolved document.
//!
//! This is the source the PDF is laid out from; as its own format (`--format typ`, not built by
//! default) it lets a layout be debugged or compiled with another Typst, next to a copy of
//! templates/council.typ. Every text value is a Typst string literal (see `escape::typst_markup`),
//! so no text can become Typst code.

use super::{DocumentContext, Format, RenderContext, Renderer, Setup};
use crate::diagnostics::Diagnostic;
use crate::resolve::ResolvedDocument;
use crate::template::{TemplateChain, Templates};

pub const FORMAT: Format = Format {
    name: "typ",
    extension: "typ",
    default: false,
    about: "the Typst source of the PDF, for debugging a layout",
    load,
};

fn load(_: &Setup) -> anyhow::Result<Box<dyn Renderer>> {
    Ok(Box::new(TypstRenderer))
}

struct TypstRenderer;

impl Renderer for TypstRenderer {
    fn render(
        &self,
        document: &ResolvedDocument,
        context: &RenderContext,
    ) -> Result<Vec<u8>, Vec<Diagnostic>> {
        Ok(markup(document, context.templates, &context.chain)
            .map_err(|d| vec![d])?
            .into_bytes())
    }
}

/// The Typst markup of one document.
pub fn markup(
    document: &ResolvedDocument,
    templates: &Templates,
    chain: &TemplateChain,
) -> Result<String, Diagnostic> {
    templates.render(
        "document.typ",
        chain,
        &DocumentContext {
            doc: document,
            html: false,
        },
    )
}
