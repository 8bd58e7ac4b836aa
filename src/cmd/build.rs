//! `agendoc build`: every selected document in every selected language and format.
//!
//! Documents × languages render in parallel (rayon) over one shared set of templates, fonts and
//! Typst library. Outputs are written only when every one of them rendered without error.

use std::path::Path;
use std::time::Instant;

use anyhow::Result;
use rayon::prelude::*;
use sha2::{Digest, Sha256};

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

/// What every job of a run shares: loaded once, read by all.
struct Plan<'a> {
    formats: &'a [Format],
    templates: &'a Templates,
    engine: Option<&'a PdfEngine>,
    languages: &'a [LanguageLink],
    out: &'a Path,
    /// The manifest of the previous build, unless `--force`.
    previous: Option<output::Manifest>,
    /// Hash of the inputs every job shares: agendoc's version, locales, templates, fonts.
    shared_inputs: String,
}

/// A job's files and warnings, or the errors that stopped it.
type JobResult = Result<(Job, Vec<Diagnostic>), Vec<Diagnostic>>;

/// What one document in one language produced.
struct Job {
    files: Vec<OutputFile>,
    /// The files were current and not rendered again.
    skipped: usize,
    name: String,
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
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| workspace.project.root.join("output"));
    let plan = Plan {
        formats: &formats,
        templates: &templates,
        engine: engine.as_ref(),
        languages: &languages,
        out: &out,
        previous: if args.force {
            None
        } else {
            output::read_manifest(&out.join("manifest.json"))
        },
        shared_inputs: shared_inputs(&workspace, &templates)?,
    };
    let jobs: Vec<(&LoadedDocument, &String)> = workspace
        .documents
        .iter()
        .flat_map(|doc| workspace.languages.iter().map(move |lang| (doc, lang)))
        .collect();
    let bar = progress.stage("render", jobs.len());
    // Typst memoizes layouts in a global cache that only grows; a whole session at once peaked
    // at 4.7 GB for 100 documents. Jobs run in batches, and the cache is emptied between them.
    let batch = (rayon::current_num_threads() * 3).max(6);
    let mut results: Vec<JobResult> = Vec::with_capacity(jobs.len());
    for chunk in jobs.chunks(batch) {
        results.par_extend(chunk.par_iter().map(|(doc, lang)| {
            let result = build_one(&workspace, doc, lang, &plan);
            bar.done(&format!("{} {lang}", doc.document.name));
            result
        }));
        if plan.engine.is_some() {
            typst::comemo::evict(0);
        }
    }
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
    let skipped: usize = built.iter().map(|job| job.skipped).sum();
    files.extend(built.into_iter().flat_map(|job| job.files));
    files.sort_by(|a, b| a.path.cmp(&b.path));
    let mut report = output::write_all(&out, &files, args.force)?;
    report.unchanged += skipped;
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

fn build_one(workspace: &Workspace, doc: &LoadedDocument, lang: &str, plan: &Plan) -> JobResult {
    let formats = plan.formats;
    let templates = plan.templates;
    let rendered = workspace.render_document(doc, lang)?;
    let document = &rendered.document;
    let inputs = job_inputs(plan, doc, lang);
    let path = |format: Format| format!("{lang}/{}.{}", document.name, format.extension());
    let mut job = Job {
        files: Vec::new(),
        skipped: 0,
        name: document.name.clone(),
        title: document.title.clone(),
        document_number: document.header.document.clone(),
        lang: lang.to_string(),
    };
    if formats
        .iter()
        .all(|format| output::is_current(plan.out, plan.previous.as_ref(), &path(*format), &inputs))
    {
        job.skipped = formats.len();
        return Ok((job, rendered.warnings));
    }
    let file = |format: Format, bytes: Vec<u8>| OutputFile {
        path: path(format),
        lang: lang.to_string(),
        format: format.extension().to_string(),
        bytes,
        inputs: inputs.clone(),
    };
    let mut files = Vec::new();
    let markdown = markdown::render(document, templates).map_err(|d| vec![d])?;
    if formats.contains(&Format::Html) {
        let page =
            html::render(document, &markdown, templates, plan.languages).map_err(|d| vec![d])?;
        files.push(file(Format::Html, page.into_bytes()));
    }
    if formats.contains(&Format::Pdf) || formats.contains(&Format::Typ) {
        let markup = pdf::typst_source(document, templates).map_err(|d| vec![d])?;
        if formats.contains(&Format::Typ) {
            files.push(file(Format::Typ, markup.clone().into_bytes()));
        }
        if let (true, Some(engine)) = (formats.contains(&Format::Pdf), plan.engine) {
            files.push(file(Format::Pdf, pdf::render(document, markup, engine)?));
        }
    }
    if formats.contains(&Format::Md) {
        files.push(file(Format::Md, markdown.into_bytes()));
    }
    job.files = files;
    Ok((job, rendered.warnings))
}

/// What one job's outputs are made from, as one hash: if it is unchanged, so are they.
fn job_inputs(plan: &Plan, doc: &LoadedDocument, lang: &str) -> String {
    let mut hasher = Sha256::new();
    hasher.update(plan.shared_inputs.as_bytes());
    hasher.update(doc.document.source.text.as_bytes());
    for text_lang in [doc.document.original.as_str(), lang] {
        hasher.update(text_lang.as_bytes());
        if let Some(text) = doc.texts.get(text_lang) {
            hasher.update(text.source.text.as_bytes());
        }
    }
    output::hex(&hasher.finalize())
}

/// The inputs all jobs share: agendoc itself, every locale, template and font.
fn shared_inputs(workspace: &Workspace, templates: &Templates) -> Result<String> {
    let mut hasher = Sha256::new();
    hasher.update(env!("CARGO_PKG_VERSION").as_bytes());
    for locale in workspace.locales.values() {
        hasher.update(locale.source.text.as_bytes());
    }
    let mut names: Vec<&String> = templates.files().keys().collect();
    names.sort();
    for name in names {
        hasher.update(name.as_bytes());
        hasher.update(templates.files()[name].as_bytes());
    }
    if let Ok(entries) = std::fs::read_dir(&workspace.project.fonts) {
        let mut fonts: Vec<(String, u64)> = entries
            .filter_map(|e| e.ok())
            .map(|e| {
                (
                    e.file_name().to_string_lossy().into_owned(),
                    e.metadata().map_or(0, |m| m.len()),
                )
            })
            .collect();
        fonts.sort();
        for (name, len) in fonts {
            hasher.update(format!("{name}:{len}").as_bytes());
        }
    }
    Ok(output::hex(&hasher.finalize()))
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
            let of_doc = |job: &&Job| job.name == *name;
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
        inputs: String::new(),
    })
}
