//! `agendoc build`: the library's build, with progress and diagnostics printed.

use std::path::Path;

use anyhow::Result;

use crate::Outcome;
use crate::build::build;
use crate::cli::BuildArgs;
use crate::diagnostics::{Printer, count};
use crate::progress::Progress;
use crate::project::Project;

pub fn run(root: &Path, args: &BuildArgs) -> Result<Outcome> {
    let project = Project::open(root)?;
    let printer = Printer::new(&project.root, false);
    let result = build(&project, &args.options(), &Progress::new(args.quiet))?;
    let (errors, _) = count(&result.diagnostics);
    if !args.quiet || errors > 0 {
        printer.print(&result.diagnostics, &result.sources);
    }
    if result.failed() {
        eprintln!("error: {}", result.summary);
        return Ok(Outcome::InputErrors);
    }
    if !args.quiet {
        println!("{}", result.summary);
    }
    Ok(Outcome::Success)
}
