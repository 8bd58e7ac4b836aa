//! agendoc: official ITU meeting documents from YAML to Markdown, HTML and PDF in six languages.
//!
//! The pipeline, in order: `source` (load YAML) → `model` (validate, number) → `i18n` (locales,
//! dates, status) → `template` (minijinja) → `render` (Markdown, HTML, PDF) → `output` (atomic
//! writes, manifest). `workspace` runs it for a command; `cmd` holds one module per subcommand.
//! The binary (`main.rs`) only parses the command line; the library exists so that the fuzz
//! target in `fuzz/` can drive the same pipeline.

pub mod cli;
pub mod cmd;
pub mod diagnostics;
pub mod escape;
pub mod i18n;
pub mod model;
pub mod output;
pub mod progress;
pub mod project;
pub mod render;
pub mod source;
pub mod template;
pub mod workspace;

/// How a command ended.
pub enum Outcome {
    Success,
    InputErrors,
}
