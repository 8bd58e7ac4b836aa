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

use crate::defaults::Folder;
use crate::diagnostics::{Diagnostic, count};
use crate::i18n::status::Translation;
use crate::model::LoadedDocument;
use crate::output::{self, OutputFile};
use crate::progress::Progress;
use crate::project::Project;
use crate::render::html::{self, IndexEntry};
use crate::render::{Format, LanguageLink, RenderContext, Renderer, Setup};
use crate::resolve::resolve_document;
use crate::revision;
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
    /// What `agendoc check` runs: render every output in memory, as a build would (so that
    /// a template, a font or a glyph fails here as it would there), run the lint checks, and
    /// write nothing.
    pub dry_run: bool,
    /// Which change marks to make.
    pub marks: Marks,
}

/// Which change marks a build makes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Marks {
    /// Against each document's own `issue: against`, where it names one.
    #[default]
    AsDocumentsSay,
    /// Against this git revision, for every document.
    Against(String),
    /// None.
    Clean,
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
    let verb = if options.dry_run { "check" } else { "build" };
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
    let workspace = workspace.and_then(|mut workspace| {
        let found = revision::load_earlier(&mut workspace, &sources, &options.marks);
        let failed = found.iter().any(Diagnostic::is_error);
        diagnostics.extend(found);
        (!failed).then_some(workspace)
    });
    let Some(workspace) = workspace else {
        return Ok(failed(
            diagnostics,
            sources,
            &format!("{verb} failed on input errors; nothing was written"),
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
    let renderers = match formats
        .iter()
        .map(|format| Ok((*format, (format.load)(&setup)?)))
        .collect::<Result<Vec<_>>>()
    {
        Ok(renderers) => renderers,
        Err(err) => match err.downcast_ref::<crate::render::pdf::UnreadableFont>() {
            Some(font) => {
                diagnostics.push(font.diagnostic());
                let summary = format!("{verb} failed on an unreadable font; nothing was written");
                return Ok(failed(diagnostics, sources, &summary));
            }
            None => return Err(err),
        },
    };
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
    if options.dry_run {
        diagnostics.extend(crate::checks::run(&workspace.documents, &workspace.locales));
    }
    let out = options.out.clone().unwrap_or_else(|| project.output_dir());
    let plan = Plan {
        renderers,
        templates: &templates,
        links,
        previous: if options.force || options.dry_run {
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
        let everything;
        let listed = if options.documents.is_empty() {
            Some(&workspace)
        } else {
            everything = Workspace::load(project.clone(), &SourceMap::new(), &[], &[]).0;
            everything.as_ref()
        };
        match listed {
            Some(listed) => match index(listed, &plan.links, &templates) {
                Ok(file) => files.push(file),
                Err(problems) => diagnostics.extend(problems),
            },
            None => progress.line(
                "index.html kept as it was: another document has errors (`agendoc check` lists them)",
            ),
        }
    }
    let (errors, warnings) = count(&diagnostics);
    if errors > 0 {
        let summary =
            format!("{verb} failed: {errors} error(s), {warnings} warning(s); nothing was written");
        return Ok(failed(diagnostics, sources, &summary));
    }
    let skipped: usize = built.iter().map(|job| job.skipped).sum();
    files.extend(built.into_iter().flat_map(|job| job.files));
    files.sort_by(|a, b| a.path.cmp(&b.path));
    if options.dry_run {
        let summary = format!(
            "check: {} document(s) in {} language version(s) × {} format(s): {} file(s) rendered, none written, {warnings} warning(s) in {:.2} s",
            workspace.documents.len(),
            jobs.len(),
            formats.len(),
            files.len(),
            started.elapsed().as_secs_f64(),
        );
        return Ok(BuildResult {
            diagnostics,
            sources,
            report: Some(output::WriteReport::default()),
            summary,
        });
    }
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
    let mut resolved = resolve_document(workspace, doc, lang)?;
    if let Some(earlier) = &doc.earlier {
        revision::mark(workspace, doc, earlier, lang, &mut resolved.document)?;
    }
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
    if let Some(earlier) = &doc.earlier {
        hasher.update(b"against");
        hasher.update(earlier.commit.as_bytes());
    }
    for text_lang in [doc.document.original.as_str(), lang] {
        hasher.update(text_lang.as_bytes());
        if let Some(text) = doc.texts.get(text_lang) {
            hasher.update(text.source.text.as_bytes());
        }
    }
    output::hex(&hasher.finalize())
}

/// The inputs all jobs share: agendoc itself, every locale, template and font, whichever of the
/// project's own and the built-in defaults the run uses.
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
    // By content, whether built in or the project's: a font replaced by another of the same
    // name and size changes every PDF.
    // A font that cannot be read fails the PDF renderer's load; without PDF, it is left out.
    for font in workspace.project.layered(Folder::Fonts).unwrap_or_default() {
        hasher.update(font.name.as_bytes());
        hasher.update(&font.bytes);
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

/// `index.html`: every document of `workspace` under its title and number in its original
/// language, whichever documents and languages the run builds, so that a partial build writes
/// the same page as a full one.
fn index(
    workspace: &Workspace,
    links: &[LanguageLink],
    templates: &Templates,
) -> Result<OutputFile, Vec<Diagnostic>> {
    let mut entries = Vec::new();
    for doc in &workspace.documents {
        let original = resolve_document(workspace, doc, &doc.document.original)?.document;
        entries.push(IndexEntry {
            name: original.name,
            title: original.title.plain_text(),
            document: original.header.document,
            languages: published_links(doc, links),
        });
    }
    let page = html::render_index(&entries, templates).map_err(|problem| vec![problem])?;
    Ok(OutputFile {
        path: "index.html".into(),
        lang: String::new(),
        format: "html".into(),
        bytes: page.into_bytes(),
        inputs: String::new(),
    })
}
