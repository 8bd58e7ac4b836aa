//! agendoc: official ITU meeting documents from YAML to Markdown, HTML, PDF and Word in six languages.
//!
//! The pipeline, in order, each stage a module whose output the next one reads:
//!
//! ```text
//! source    read files once (SourceMap), YAML → Raw… structs, spans of every key and value
//! model     validate into the document tree, count numbers, load the texts of each language
//! i18n      locales (numerals, dates, labels, glossary), translation status, CAT exchange
//! template  minijinja: text entries and the document templates
//! resolve   model + texts + locale → ResolvedDocument, every string final
//! render    one Renderer per format: Markdown, HTML, Typst markup, PDF
//! output    atomic writes, the manifest, verify
//! ```
//!
//! [`build::build`] runs them all for a selection; [`workspace`] loads a run's inputs; [`checks`]
//! holds the lint checks of `agendoc check`. The binary (`main.rs`) only parses the command line
//! and maps outcomes to exit codes; `cmd` holds one thin module per subcommand, `server` the live
//! preview's HTTP server.

pub mod build;
pub mod checks;
pub mod cli;
pub mod cmd;
pub mod defaults;
pub mod diagnostics;
pub mod escape;
pub mod i18n;
pub mod markup;
pub mod model;
pub mod output;
pub mod pattern;
pub mod progress;
pub mod project;
pub mod render;
pub mod resolve;
pub mod revision;
pub mod server;
pub mod source;
pub mod template;
pub mod workspace;

/// How a command ended; `main` turns it into the exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Exit 0.
    Success,
    /// Exit 1: the input has errors (or the output differs from its manifest, or `diff
    /// --exit-code` found changes).
    InputErrors,
    /// Exit 2: the command line asks for something that cannot be done as asked.
    UsageError,
}
