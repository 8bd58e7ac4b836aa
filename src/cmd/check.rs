//! `agendoc check`: every problem in agenda/, nothing written.

use std::path::Path;

use anyhow::Result;
use rayon::prelude::*;

use super::{count, load};
use crate::Outcome;
use crate::cli::{CheckArgs, DiagnosticFormat};
use crate::diagnostics::Diagnostic;
use crate::render::pdf::PdfEngine;
use crate::template::Templates;

pub fn run(root: &Path, args: &CheckArgs) -> Result<Outcome> {
    let json = args.output == DiagnosticFormat::Json;
    let (workspace, printer) = load(
        root,
        &args.selection.languages,
        &args.selection.documents,
        json,
    )?;
    let Some(workspace) = workspace else {
        if !json {
            eprintln!("check: input errors found");
        }
        return Ok(Outcome::InputErrors);
    };
    let templates = Templates::load(&workspace.project.templates)?;
    let engine = PdfEngine::load(&workspace.project.fonts, &templates).ok();
    let mut diagnostics = workspace.translation_diagnostics(args.strict);
    diagnostics.extend(workspace.check_glossary_variants());
    diagnostics.extend(workspace.check_hand_written_dates());
    let jobs: Vec<_> = workspace
        .documents
        .iter()
        .flat_map(|doc| workspace.languages.iter().map(move |lang| (doc, lang)))
        .collect();
    let rendered: Vec<Vec<Diagnostic>> = jobs
        .par_iter()
        .map(|(doc, lang)| match workspace.render_document(doc, lang) {
            Ok(rendered) => {
                let mut found = rendered.warnings;
                if let Some(engine) = &engine {
                    found.extend(engine.check_glyphs(&rendered.document));
                }
                found
            }
            Err(problems) => problems,
        })
        .collect();
    diagnostics.extend(rendered.into_iter().flatten());
    printer.print(&diagnostics);
    let (errors, warnings) = count(&diagnostics);
    if !json {
        eprintln!(
            "check: {} document(s), {} language(s): {errors} error(s), {warnings} warning(s)",
            workspace.documents.len(),
            workspace.languages.len()
        );
    }
    Ok(if errors > 0 {
        Outcome::InputErrors
    } else {
        Outcome::Success
    })
}
