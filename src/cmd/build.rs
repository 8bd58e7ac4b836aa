//! `agendoc build`: every selected document in every selected language and format.
//!
//! Documents × languages render in parallel (rayon) over one shared set of templates, fonts and
//! Typst library. Outputs are written only when every one of them rendered without error.

use std::path::Path;
use std::time::Instant;

use anyhow::Result;
use rayon::prelude::*;

use super::{count, load};
use crate::Outcome;
use crate::cli::BuildArgs;
use crate::diagnostics::Diagnostic;
use crate::output::{self, OutputFile};
use crate::render::html::IndexEntry;
use crate::render::pdf::PdfEngine;
use crate::render::{Format, LanguageLink, html, markdown, pdf};
use crate::template::Templates;
use crate::workspace::{LoadedDocument, Workspace};

/// What one document in one language produced.
struct Job {
    files: Vec<OutputFile>,
    title: String,
    document_number: String,
    lang: String,
}

pub fn run(root: &Path, args: &BuildArgs) -> Result<Outcome> {
    let started = Instant::now();
    let (workspace, printer) = load(
        root,
        &args.selection.languages,
        &args.selection.documents,
        false,
    )?;
    let Some(workspace) = workspace else {
        eprintln!("error: build failed on input errors; nothing was written");
        return Ok(Outcome::InputErrors);
    };
    let mut formats = if args.formats.is_empty() {
        Format::ALL.to_vec()
    } else {
        args.formats.clone()
    };
    formats.sort();
    formats.dedup();

    let templates = Templates::load(&workspace.project.templates)?;
    let engine = if formats.contains(&Format::Pdf) {
        Some(PdfEngine::load(&workspace.project.fonts, &templates)?)
    } else {
        None
    };
    let languages: Vec<LanguageLink> = workspace
        .languages
        .iter()
        .filter_map(|lang| workspace.locales.get(lang))
        .map(|locale| LanguageLink {
            lang: locale.lang.clone(),
            name: locale.name.clone(),
            dir: locale.dir().to_string(),
        })
        .collect();

    let mut diagnostics = workspace.translation_diagnostics(args.strict);
    let jobs: Vec<(&LoadedDocument, &String)> = workspace
        .documents
        .iter()
        .flat_map(|doc| workspace.languages.iter().map(move |lang| (doc, lang)))
        .collect();
    let results: Vec<Result<(Job, Vec<Diagnostic>), Vec<Diagnostic>>> = jobs
        .par_iter()
        .map(|(doc, lang)| {
            build_one(
                &workspace,
                doc,
                lang,
                &formats,
                &templates,
                engine.as_ref(),
                &languages,
            )
        })
        .collect();
    let mut built = Vec::new();
    for result in results {
        match result {
            Ok((job, warnings)) => {
                diagnostics.extend(warnings);
                built.push(job);
            }
            Err(problems) => diagnostics.extend(problems),
        }
    }
    let mut files: Vec<OutputFile> = Vec::new();
    if formats.contains(&Format::Html) && diagnostics.iter().all(|d| !d.is_error()) {
        match index(&workspace, &built, &languages, &templates) {
            Ok(file) => files.push(file),
            Err(diagnostic) => diagnostics.push(diagnostic),
        }
    }
    let (errors, warnings) = count(&diagnostics);
    if !args.quiet || errors > 0 {
        printer.print(&diagnostics);
    }
    if errors > 0 {
        eprintln!(
            "error: build failed: {errors} error(s), {warnings} warning(s); nothing was written"
        );
        return Ok(Outcome::InputErrors);
    }
    files.extend(built.into_iter().flat_map(|job| job.files));
    files.sort_by(|a, b| a.path.cmp(&b.path));
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| workspace.project.root.join("output"));
    let report = output::write_all(&out, &files)?;
    if !args.quiet {
        println!(
            "build: {} document(s) × {} language(s) × {} format(s): {} written, {} unchanged, {warnings} warning(s) in {:.2} s → {}",
            workspace.documents.len(),
            workspace.languages.len(),
            formats.len(),
            report.written,
            report.unchanged,
            started.elapsed().as_secs_f64(),
            out.display()
        );
    }
    Ok(Outcome::Success)
}

fn build_one(
    workspace: &Workspace,
    doc: &LoadedDocument,
    lang: &str,
    formats: &[Format],
    templates: &Templates,
    engine: Option<&PdfEngine>,
    languages: &[LanguageLink],
) -> Result<(Job, Vec<Diagnostic>), Vec<Diagnostic>> {
    let rendered = workspace.render_document(doc, lang)?;
    let document = &rendered.document;
    let path = |format: Format| format!("{lang}/{}.{}", document.name, format.extension());
    let file = |format: Format, bytes: Vec<u8>| OutputFile {
        path: path(format),
        lang: lang.to_string(),
        format: format.extension().to_string(),
        bytes,
    };
    let mut files = Vec::new();
    let markdown = markdown::render(document, templates).map_err(|d| vec![d])?;
    if formats.contains(&Format::Html) {
        let page = html::render(document, &markdown, templates, languages).map_err(|d| vec![d])?;
        files.push(file(Format::Html, page.into_bytes()));
    }
    if let (true, Some(engine)) = (formats.contains(&Format::Pdf), engine) {
        files.push(file(Format::Pdf, pdf::render(document, templates, engine)?));
    }
    if formats.contains(&Format::Md) {
        files.push(file(Format::Md, markdown.into_bytes()));
    }
    let job = Job {
        files,
        title: document.title.clone(),
        document_number: document.header.document.clone(),
        lang: lang.to_string(),
    };
    Ok((job, rendered.warnings))
}

fn index(
    workspace: &Workspace,
    built: &[Job],
    languages: &[LanguageLink],
    templates: &Templates,
) -> Result<OutputFile, Diagnostic> {
    let entries: Vec<IndexEntry> = workspace
        .documents
        .iter()
        .map(|doc| {
            let name = &doc.document.name;
            let of_doc = |job: &&Job| {
                job.files
                    .iter()
                    .any(|f| f.path.ends_with(&format!("/{name}.html")))
            };
            let main = built
                .iter()
                .filter(of_doc)
                .find(|job| job.lang == doc.document.original)
                .or_else(|| built.iter().find(of_doc));
            IndexEntry {
                name: name.clone(),
                title: main.map(|job| job.title.clone()).unwrap_or_default(),
                document: main
                    .map(|job| job.document_number.clone())
                    .unwrap_or_default(),
                languages: languages.to_vec(),
            }
        })
        .collect();
    let page = html::render_index(&entries, templates)?;
    Ok(OutputFile {
        path: "index.html".into(),
        lang: String::new(),
        format: "html".into(),
        bytes: page.into_bytes(),
    })
}
