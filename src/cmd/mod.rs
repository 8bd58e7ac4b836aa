//! One module per subcommand; each parses nothing and decides nothing about exit codes, only
//! calls the library (`build::build`, `workspace::Workspace::load`, …) and prints.

pub mod build;
pub mod check;
pub mod diff;
pub mod explain;
pub mod i18n;
pub mod schema;
pub mod serve;
pub mod verify;

use std::path::Path;

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
