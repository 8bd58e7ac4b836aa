//! One module per subcommand; each parses nothing and decides nothing about exit codes, only
//! calls the library (`build::build`, `workspace::Workspace::load`, …) and prints.

pub mod build;
pub mod check;
pub mod diff;
pub mod eject;
pub mod explain;
pub mod i18n;
pub mod new;
pub mod schema;
pub mod serve;
pub mod verify;

use std::path::Path;

use crate::Outcome;
use crate::diagnostics::Printer;
use crate::project::Project;
use crate::source::SourceMap;
use crate::workspace::Workspace;

/// Opens the project and loads the selection, printing every diagnostic found on the way.
/// `None` means input errors were printed.
fn load(
    root: &Path,
    languages: &[String],
    documents: &[String],
    json: bool,
) -> anyhow::Result<(Option<Workspace>, Printer, SourceMap)> {
    let project = Project::open(root)?;
    let printer = Printer::new(&project.root, json);
    let sources = SourceMap::new();
    let (workspace, diagnostics) = Workspace::load(project, &sources, languages, documents);
    printer.print(&diagnostics, &sources);
    Ok((workspace, printer, sources))
}

/// A request that cannot be done as asked: the message and the way out, exit 2.
fn usage(message: String, hint: String) -> Outcome {
    eprintln!("error: {message}\nhint: {hint}");
    Outcome::UsageError
}
