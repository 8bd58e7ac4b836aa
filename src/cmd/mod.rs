//! One module per subcommand; each is a thin layer over [`crate::workspace::Workspace`].

pub mod build;
pub mod check;
pub mod explain;
pub mod i18n;
pub mod schema;
pub mod serve;
pub mod verify;

use std::path::Path;

use crate::diagnostics::{Diagnostic, Printer};
use crate::project::Project;
use crate::workspace::Workspace;

/// Opens the project and loads the selection, printing every diagnostic found on the way.
/// `None` means input errors were printed.
fn load(
    root: &Path,
    languages: &[String],
    documents: &[String],
    json: bool,
) -> anyhow::Result<(Option<Workspace>, Printer)> {
    let project = Project::open(root)?;
    let printer = Printer::new(&project.root, json);
    let (workspace, diagnostics) = Workspace::load(project, languages, documents);
    printer.print(&diagnostics);
    Ok((workspace, printer))
}

/// Counts for the closing line.
fn count(diagnostics: &[Diagnostic]) -> (usize, usize) {
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    (errors, diagnostics.len() - errors)
}
