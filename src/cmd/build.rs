//! `agendoc build`: every selected document in every selected language and format.
//!
//! Documents × languages render in parallel (rayon) over one shared set of templates, fonts and
//! Typst library. Outputs are written only when every one of them rendered without error.

use std::path::Path;
use std::time::Instant;

use anyhow::Result;
use rayon::prelude::*;

use super::count;
use crate::Outcome;
use crate::cli::BuildArgs;
use crate::diagnostics::{Diagnostic, Printer};
use crate::output::{self, OutputFile};
use crate::progress::Progress;
use crate::project::Project;
use crate::render::html::IndexEntry;
use crate::render::pdf::PdfEngine;
use crate::render::{Format, LanguageLink, html, markdown, pdf};
use crate::template::Templates;
use crate::workspace::{LoadedDocument, Workspace};

/// A job's files and warnings, or the errors that stopped it.
type JobResult = Result<(Job, Vec<Diagnostic>), Vec<Diagnostic>>;

/// What one document in one language produced.
struct Job {
    files: Vec<OutputFile>,
    title: String,
    document_number: String,
    lang: String,
}

/// What a build did: its diagnostics and, when it wrote, the write report.
pub struct BuildResult {
    pub diagnostics: Vec<Diagnostic>,
    pub report: Option<output::WriteReport>,
    pub summary: String,
}

impl BuildResult {
    pub fn failed(&self) -> bool {
        self.report.is_none()
    }
}

pub fn run(root: &Path, args: &BuildArgs) -> Result<Outcome> {
    let project = Project::open(root)?;
    let printer = Printer::new(&project.root, false);
    let progress = Progress::new(args.quiet);
    let result = build(project, args, &progress)?;
    let (errors, _) = count(&result.diagnostics);
    if !args.quiet || errors > 0 {
        printer.print(&result.diagnostics);
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

/// Loads, renders and writes; input problems come back as diagnostics, not errors.
pub fn build(project: Project, args: &BuildArgs, progress: &Progress) -> Result<BuildResult> {
    let started = Instant::now();
    let (workspace, mut diagnostics) = Workspace::load(
        project,
        &args.selection.languages,
        &args.selection.documents,
    );
    let Some(workspace) = workspace else {
        return Ok(BuildResult {
            diagnostics,
            report: None,
            summary: "build failed on input errors; nothing was written".into(),
        });
    };
    progress.line(&format!(
        "loaded {} document(s), {} language(s)",
        workspace.documents.len(),
        workspace.languages.len()
    ));
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
    let languages: Vec<LanguageLink> = crate::project::LANGUAGES
        .iter()
        .filter_map(|lang| workspace.locales.get(*lang))
        .map(|locale| LanguageLink {
            lang: locale.lang.clone(),
            name: locale.name.clone(),
            dir: locale.dir().to_string(),
        })
        .collect();

    diagnostics.extend(workspace.translation_diagnostics(args.strict));
    let jobs: Vec<(&LoadedDocument, &String)> = workspace
        .documents
        .iter()
        .flat_map(|doc| workspace.languages.iter().map(move |lang| (doc, lang)))
        .collect();
    let bar = progress.stage("render", jobs.len());
    let results: Vec<JobResult> = jobs
        .par_iter()
        .map(|(doc, lang)| {
            let result = build_one(
                &workspace,
                doc,
                lang,
                &formats,
                &templates,
                engine.as_ref(),
                &languages,
            );
            bar.done(&format!("{} {lang}", doc.document.name));
            result
        })
        .collect();
    bar.finish();
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
    if errors > 0 {
        let summary =
            format!("build failed: {errors} error(s), {warnings} warning(s); nothing was written");
        return Ok(BuildResult {
            diagnostics,
            report: None,
            summary,
        });
    }
    files.extend(built.into_iter().flat_map(|job| job.files));
    files.sort_by(|a, b| a.path.cmp(&b.path));
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| workspace.project.root.join("output"));
    let report = output::write_all(&out, &files)?;
    let summary = format!(
        "build: {} document(s) × {} language(s) × {} format(s): {} written, {} unchanged, {warnings} warning(s) in {:.2} s → {}",
        workspace.documents.len(),
        workspace.languages.len(),
        formats.len(),
        report.written,
        report.unchanged,
        started.elapsed().as_secs_f64(),
        out.display()
    );
    Ok(BuildResult {
        diagnostics,
        report: Some(report),
        summary,
    })
}

fn build_one(
    workspace: &Workspace,
    doc: &LoadedDocument,
    lang: &str,
    formats: &[Format],
    templates: &Templates,
    engine: Option<&PdfEngine>,
    languages: &[LanguageLink],
) -> JobResult {
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
    if formats.contains(&Format::Pdf) || formats.contains(&Format::Typ) {
        let markup = pdf::typst_source(document, templates).map_err(|d| vec![d])?;
        if formats.contains(&Format::Typ) {
            files.push(file(Format::Typ, markup.clone().into_bytes()));
        }
        if let (true, Some(engine)) = (formats.contains(&Format::Pdf), engine) {
            files.push(file(Format::Pdf, pdf::render(document, markup, engine)?));
        }
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
