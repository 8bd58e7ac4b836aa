//! `agendoc check`: every problem a build would meet, and the lint checks, with nothing written.
//!
//! It is the build itself in its dry-run mode, not a second pipeline, so that `check` can never
//! pass where `build` fails: the same templates render, the same fonts load, the same glyphs
//! are looked up.

use std::path::Path;

use anyhow::Result;

use crate::Outcome;
use crate::build::{BuildOptions, build};
use crate::cli::{CheckArgs, DiagnosticFormat};
use crate::diagnostics::{Printer, count};
use crate::progress::Progress;
use crate::project::Project;

pub fn run(root: &Path, args: &CheckArgs) -> Result<Outcome> {
    let json = args.output == DiagnosticFormat::Json;
    let project = Project::open(root)?;
    let printer = Printer::new(&project.root, json);
    let options = BuildOptions {
        documents: args.selection.documents.clone(),
        languages: args.selection.languages.clone(),
        formats: Vec::new(),
        out: None,
        strict: args.strict,
        force: true,
        dry_run: true,
        marks: Default::default(),
    };
    let result = build(&project, &options, &Progress::hidden())?;
    printer.print(&result.diagnostics, &result.sources);
    let (errors, _) = count(&result.diagnostics);
    if !json {
        eprintln!("{}", result.summary);
    }
    Ok(if errors > 0 || result.failed() {
        Outcome::InputErrors
    } else {
        Outcome::Success
    })
}
