//! The build: every selected document in every selected language and format, written atomically.
//!
//! [`build`] is the whole pipeline as one library call, as Zola's `Site::build` is: `agendoc
//! build`, `agendoc serve` and the fuzz target all call it. It loads the workspace, makes each
//! format's [`Renderer`] once, then runs one job per document × language in parallel (rayon):
//! resolve the document, skip it if its inputs did not change since the manifest was written,
//! else render every format. Outputs are written only when every job succeeded.

use std::path::PathBuf;
use std::time::Instant;

use anyhow::Result;
use rayon::prelude::*;
use sha2::{Digest, Sha256};

use crate::diagnostics::{Diagnostic, count};
use crate::i18n::status::Translation;
use crate::model::LoadedDocument;
use crate::output::{self, OutputFile};
use crate::progress::Progress;
use crate::project::Project;
use crate::render::html::{self, IndexEntry};
use crate::render::{Format, LanguageLink, RenderContext, Renderer, Setup};
use crate::resolve::resolve_document;
use crate::source::SourceMap;
use crate::template::{TemplateChain, Templates};
use crate::workspace::Workspace;

/// What to build, and where.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// Documents (folder names of agenda/); empty: all.
    pub documents: Vec<String>,
    /// Languages; empty: all with locale data.
    pub languages: Vec<String>,
    /// Formats; empty: the default ones.
    pub formats: Vec<&'static Format>,
    /// Output folder; `None`: `<project>/output`.
    pub out: Option<PathBuf>,
    /// Missing and stale translations are errors.
    pub strict: bool,
    /// Render and rewrite every output.
    pub force: bool,
}

/// What a build did: its diagnostics, the sources they point into and, when it wrote, the
/// write report.
pub struct BuildResult {
    pub diagnostics: Vec<Diagnostic>,
    pub sources: SourceMap,
    pub report: Option<output::WriteReport>,
    pub summary: String,
}

impl BuildResult {
    pub fn failed(&self) -> bool {
        self.report.is_none()
    }
}

/// What every job of a run shares: loaded once, read by all.
struct Plan<'a> {
    renderers: Vec<(&'static Format, Box<dyn Renderer>)>,
    templates: &'a Templates,
    /// Every language with locale data, for each document's language switcher.
    links: Vec<LanguageLink>,
    out: PathBuf,
    /// The manifest of the previous build, unless `--force`.
    previous: Option<output::Manifest>,
    /// Hash of the inputs every job shares: agendoc's version, locales, templates, fonts.
    shared_inputs: String,
}

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

/// A job's files and warnings, or the errors that stopped it.
type JobResult = Result<(Job, Vec<Diagnostic>), Vec<Diagnostic>>;

/// Loads, renders and writes; input problems come back as diagnostics, not errors.
pub fn build(
    project: &Project,
    options: &BuildOptions,
    progress: &Progress,
) -> Result<BuildResult> {
    let started = Instant::now();
    let sources = SourceMap::new();
    let failed = |diagnostics, sources, summary: &str| BuildResult {
        diagnostics,
        sources,
        report: None,
        summary: summary.to_string(),
    };
    let (workspace, mut diagnostics) = Workspace::load(
        project.clone(),
        &sources,
        &options.languages,
        &options.documents,
    );
    let Some(workspace) = workspace else {
        return Ok(failed(
            diagnostics,
            sources,
            "build failed on input errors; nothing was written",
        ));
    };
    let jobs: Vec<(&LoadedDocument, &String)> = workspace
        .documents
        .iter()
        .flat_map(|doc| doc.languages.iter().map(move |lang| (doc, lang)))
        .collect();
    progress.line(&format!(
        "loaded {} document(s) in {} language version(s)",
        workspace.documents.len(),
        jobs.len()
    ));
    let mut formats: Vec<&'static Format> = if options.formats.is_empty() {
        Format::defaults().collect()
    } else {
        options.formats.clone()
    };
    formats.sort_by_key(|format| {
        crate::render::FORMATS
            .iter()
            .position(|f| f.name == format.name)
    });
    formats.dedup_by_key(|format| format.name);

    let templates = Templates::load(project, &sources)?;
    let setup = Setup {
        project,
        templates: &templates,
        sources: &sources,
    };
    let renderers = formats
        .iter()
        .map(|format| Ok((*format, (format.load)(&setup)?)))
        .collect::<Result<Vec<_>>>()?;
    let links: Vec<LanguageLink> = project
        .languages()
        .iter()
        .filter_map(|lang| workspace.locales.get(lang))
        .map(|locale| LanguageLink {
            lang: locale.lang.clone(),
            name: locale.name.clone(),
            dir: locale.dir().to_string(),
        })
        .collect();

    for translation in Translation::all(&workspace.documents) {
        diagnostics.extend(translation.diagnostics(options.strict));
    }
    let out = options
        .out
        .clone()
        .unwrap_or_else(|| project.root.join("output"));
    let plan = Plan {
        renderers,
        templates: &templates,
        links,
        previous: if options.force {
            None
        } else {
            output::read_manifest(&out.join("manifest.json"))
        },
        shared_inputs: shared_inputs(&workspace, &templates),
        out,
    };
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
        typst::comemo::evict(0);
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
    if formats.iter().any(|f| f.name == html::FORMAT.name)
        && diagnostics.iter().all(|d| !d.is_error())
    {
        match index(&workspace, &built, &plan.links, &templates) {
            Ok(file) => files.push(file),
            Err(diagnostic) => diagnostics.push(diagnostic),
        }
    }
    let (errors, warnings) = count(&diagnostics);
    if errors > 0 {
        let summary =
            format!("build failed: {errors} error(s), {warnings} warning(s); nothing was written");
        return Ok(failed(diagnostics, sources, &summary));
    }
    let skipped: usize = built.iter().map(|job| job.skipped).sum();
    files.extend(built.into_iter().flat_map(|job| job.files));
    files.sort_by(|a, b| a.path.cmp(&b.path));
    let mut report = output::write_all(&plan.out, &files, options.force)?;
    report.unchanged += skipped;
    let summary = format!(
        "build: {} document(s) in {} language version(s) × {} format(s): {} written, {} unchanged, {warnings} warning(s) in {:.2} s → {}",
        workspace.documents.len(),
        jobs.len(),
        formats.len(),
        report.written,
        report.unchanged,
        started.elapsed().as_secs_f64(),
        plan.out.display()
    );
    Ok(BuildResult {
        diagnostics,
        sources,
        report: Some(report),
        summary,
    })
}

fn build_one(workspace: &Workspace, doc: &LoadedDocument, lang: &str, plan: &Plan) -> JobResult {
    let resolved = resolve_document(workspace, doc, lang)?;
    let languages = published_links(doc, &plan.links);
    let context = RenderContext {
        templates: plan.templates,
        languages: &languages,
        chain: template_chain(doc, lang),
    };
    let document = &resolved.document;
    let inputs = job_inputs(plan, doc, lang);
    let path = |format: &Format| format!("{lang}/{}.{}", document.name, format.extension);
    let mut job = Job {
        files: Vec::new(),
        skipped: 0,
        name: document.name.clone(),
        title: document.title.clone(),
        document_number: document.header.document.clone(),
        lang: lang.to_string(),
    };
    let current = plan.renderers.iter().all(|(format, _)| {
        output::is_current(&plan.out, plan.previous.as_ref(), &path(format), &inputs)
    });
    if current {
        job.skipped = plan.renderers.len();
        return Ok((job, resolved.warnings));
    }
    for (format, renderer) in &plan.renderers {
        job.files.push(OutputFile {
            path: path(format),
            lang: lang.to_string(),
            format: format.extension.to_string(),
            bytes: renderer.render(document, &context)?,
            inputs: inputs.clone(),
        });
    }
    Ok((job, resolved.warnings))
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
fn shared_inputs(workspace: &Workspace, templates: &Templates) -> String {
    let mut hasher = Sha256::new();
    hasher.update(env!("CARGO_PKG_VERSION").as_bytes());
    for locale in workspace.locales.values() {
        hasher.update(locale.source.text.as_bytes());
    }
    let mut files: Vec<(&str, &str)> = templates.files().collect();
    files.sort();
    for (name, text) in files {
        hasher.update(name.as_bytes());
        hasher.update(text.as_bytes());
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
    output::hex(&hasher.finalize())
}

/// The links to the languages `doc` is published in.
fn published_links(doc: &LoadedDocument, links: &[LanguageLink]) -> Vec<LanguageLink> {
    links
        .iter()
        .filter(|link| doc.published.contains(&link.lang))
        .cloned()
        .collect()
}

/// Where the templates of `doc` in `lang` are looked up, most specific first: the document's
/// own, its kind's, its language's, the defaults.
pub fn template_chain(doc: &LoadedDocument, lang: &str) -> TemplateChain {
    let document = &doc.document;
    TemplateChain::new(&document.folder, document.kind.name(), lang)
}

fn index(
    workspace: &Workspace,
    built: &[Job],
    links: &[LanguageLink],
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
                languages: published_links(doc, links),
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
