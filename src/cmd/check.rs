//! `agendoc check`: every problem in agenda/, nothing written.

use std::path::Path;

use anyhow::Result;
use rayon::prelude::*;

use super::load;
use crate::Outcome;
use crate::cli::{CheckArgs, DiagnosticFormat};
use crate::diagnostics::{Diagnostic, count};
use crate::i18n::status::Translation;
use crate::render::pdf::PdfEngine;
use crate::resolve::resolve_document;
use crate::template::Templates;

pub fn run(root: &Path, args: &CheckArgs) -> Result<Outcome> {
    let json = args.output == DiagnosticFormat::Json;
    let (workspace, printer, sources) = load(
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
    let templates = Templates::load(&workspace.project, &sources)?;
    let engine = PdfEngine::load(&workspace.project.fonts, &templates).ok();
    let mut diagnostics: Vec<Diagnostic> = Translation::all(&workspace.documents)
        .iter()
        .flat_map(|translation| translation.diagnostics(args.strict))
        .collect();
    diagnostics.extend(crate::checks::run(&workspace.documents, &workspace.locales));
    let jobs: Vec<_> = workspace
        .documents
        .iter()
        .flat_map(|doc| doc.languages.iter().map(move |lang| (doc, lang)))
        .collect();
    let resolved: Vec<Vec<Diagnostic>> = jobs
        .par_iter()
        .map(
            |(doc, lang)| match resolve_document(&workspace, doc, lang) {
                Ok(resolved) => {
                    let mut found = resolved.warnings;
                    if let Some(engine) = &engine {
                        found.extend(engine.check_glyphs(&resolved.document));
                    }
                    found
                }
                Err(problems) => problems,
            },
        )
        .collect();
    diagnostics.extend(resolved.into_iter().flatten());
    printer.print(&diagnostics, &sources);
    let (errors, warnings) = count(&diagnostics);
    if !json {
        eprintln!(
            "check: {} document(s) in {} language version(s): {errors} error(s), {warnings} warning(s)",
            workspace.documents.len(),
            jobs.len()
        );
    }
    Ok(if errors > 0 {
        Outcome::InputErrors
    } else {
        Outcome::Success
    })
}
