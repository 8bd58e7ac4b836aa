//! Rendering: one resolved document in one language, into each output format.
//!
//! Every format is a [`Renderer`] behind one signature: it receives the [`ResolvedDocument`] and
//! the run's shared [`RenderContext`] (templates, language links) and returns the bytes of one
//! file or diagnostics. Renderers know nothing about YAML, as mdBook's backends know nothing about
//! SUMMARY.md parsing. [`FORMATS`] lists them; a new format is one new file with its
//! [`Format`] constant, plus one line in that list.
//!
//! ```text
//! ResolvedDocument ─┬─ markdown.rs  document.md template, clean     → .md
//!                   ├─ html.rs      document.md template, anchored → pulldown-cmark → page.html
//!                   │                                                 → .html
//!                   ├─ typ.rs       document.typ template         → .typ (the PDF's source)
//!                   ├─ pdf.rs       .typ → Typst layout → PDF/A   → .pdf
//!                   └─ docx.rs      WordprocessingML, zipped       → .docx
//! ```

pub mod docx;
pub mod html;
pub mod markdown;
pub mod pdf;
pub mod typ;

use serde::Serialize;

use crate::diagnostics::Diagnostic;
use crate::project::Project;
use crate::resolve::ResolvedDocument;
use crate::source::SourceMap;
use crate::template::{TemplateChain, Templates};

/// Every format agendoc writes, in the order outputs are made.
pub const FORMATS: &[Format] = &[
    markdown::FORMAT,
    html::FORMAT,
    pdf::FORMAT,
    docx::FORMAT,
    typ::FORMAT,
];

/// An output format: its name on the command line, its file extension and how its renderer is
/// made.
pub struct Format {
    /// The `--format` value.
    pub name: &'static str,
    pub extension: &'static str,
    /// Built when no `--format` is given.
    pub default: bool,
    /// One line for `--help`.
    pub about: &'static str,
    /// Makes the renderer once per run (loading whatever it needs, such as fonts).
    pub load: fn(&Setup) -> anyhow::Result<Box<dyn Renderer>>,
}

impl Format {
    /// The format named `name`.
    pub fn named(name: &str) -> Option<&'static Format> {
        FORMATS.iter().find(|format| format.name == name)
    }

    /// What `build` writes when no `--format` is given.
    pub fn defaults() -> impl Iterator<Item = &'static Format> {
        FORMATS.iter().filter(|format| format.default)
    }
}

impl std::fmt::Debug for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name)
    }
}

/// What renderers may read while they are made: the project and the run's templates.
pub struct Setup<'a> {
    pub project: &'a Project,
    pub templates: &'a Templates,
    pub sources: &'a SourceMap,
}

/// What a render reads besides the document: the run's templates, where this document looks
/// them up, and its languages.
pub struct RenderContext<'a> {
    pub templates: &'a Templates,
    /// Where this document in this language finds its templates.
    pub chain: TemplateChain,
    /// Every language the document is published in, for the HTML language switcher.
    pub languages: &'a [LanguageLink],
}

/// One output format.
pub trait Renderer: Send + Sync {
    /// The bytes of `document` in this format.
    fn render(
        &self,
        document: &ResolvedDocument,
        context: &RenderContext,
    ) -> Result<Vec<u8>, Vec<Diagnostic>>;
}

/// A link to one language version, for the HTML language switcher.
#[derive(Debug, Clone, Serialize)]
pub struct LanguageLink {
    pub lang: String,
    pub name: String,
    pub dir: String,
}

/// The context of the document templates: the document as `doc`, and whether the Markdown is
/// the HTML page's source (anchors, ids, classes) or the deliverable (none).
#[derive(Serialize)]
pub struct DocumentContext<'a> {
    pub doc: &'a ResolvedDocument,
    pub html: bool,
}
