//! `agendoc serve`: build, serve the output on 127.0.0.1, rebuild on save, reload open pages.
//!
//! Like Zola's `serve`, this is the library's build plus a watcher and live reload, nothing
//! more. The watcher (notify) rebuilds when the project's files change: agendoc.toml, agenda/,
//! and its own templates/, locales/ and fonts/, including one made while serving (`agendoc
//! eject`); a save that touches only one translation rebuilds only that language. Only changes count: reading a file (as every
//! build does) must not wake the watcher, or the server would rebuild forever. A build that fails
//! keeps the server running: every page then shows the diagnostics until the next good save.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use notify::{EventKind, RecursiveMode, Watcher};

use crate::Outcome;
use crate::build::{BuildOptions, build};
use crate::cli::ServeArgs;
use crate::diagnostics::Printer;
use crate::progress::Progress;
use crate::project::Project;
use crate::server::Server;
use crate::source::SourceMap;
use crate::source::raw::RawDocument;

/// How long a burst of file events (an editor's save) is collected before one rebuild.
const DEBOUNCE: Duration = Duration::from_millis(120);

pub fn run(root: &Path, args: &ServeArgs) -> Result<Outcome> {
    let mut project = Project::open(root)?;
    let options = args.build.options();
    let out = options.out.clone().unwrap_or_else(|| project.output_dir());
    let server = Server::start(args.port, out)?;

    // Watching starts before the first build, so that a save made while it runs is not lost:
    // its event waits in the channel and rebuilds once the first build is served.
    let (events, changes) = mpsc::channel();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        if let Ok(event) = event
            && !matches!(event.kind, EventKind::Access(_))
        {
            let _ = events.send(event.paths);
        }
    })
    .context("failed to start the file watcher")?;
    // The root itself only for its direct entries: output/ is in it, and a build writes there.
    watcher
        .watch(&project.root, RecursiveMode::NonRecursive)
        .with_context(|| format!("failed to watch {}", project.root.display()))?;
    let mut watched = BTreeSet::new();
    watch_folders(&project, &mut watcher, &mut watched)?;
    rebuild(&project, &options, &server);
    println!(
        "serve: http://{}/ (watching agendoc.toml, agenda/, templates/, locales/ and fonts/; Ctrl-C stops)",
        server.addr()
    );
    while let Ok(mut paths) = changes.recv() {
        let deadline = Instant::now() + DEBOUNCE;
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            match changes.recv_timeout(left) {
                Ok(more) => paths.extend(more),
                Err(mpsc::RecvTimeoutError::Timeout) => break,
                Err(mpsc::RecvTimeoutError::Disconnected) => return Ok(Outcome::Success),
            }
        }
        paths.retain(|path| {
            path.parent() != Some(project.root.as_path())
                || watched_folders(&project).iter().any(|dir| dir == path)
                || path.ends_with(crate::project::CONFIG_FILE)
        });
        if paths.is_empty() {
            continue;
        }
        if paths
            .iter()
            .any(|path| path.ends_with(crate::project::CONFIG_FILE))
        {
            match Project::at(project.root.clone()) {
                Ok(reopened) => project = reopened,
                Err(err) => {
                    let error = format!("error: {err:#}");
                    eprintln!("serve: {error}");
                    server.publish(Some(error));
                    continue;
                }
            }
        }
        watch_folders(&project, &mut watcher, &mut watched)?;
        rebuild(&project, &scope(&project, &paths, &options), &server);
    }
    Ok(Outcome::Success)
}

/// The folders whose files a build reads.
fn watched_folders(project: &Project) -> [PathBuf; 4] {
    [
        project.agenda.clone(),
        project.templates.clone(),
        project.locales.clone(),
        project.fonts.clone(),
    ]
}

/// Watches those of the project's folders that exist and are not watched yet.
fn watch_folders(
    project: &Project,
    watcher: &mut impl Watcher,
    watched: &mut BTreeSet<PathBuf>,
) -> Result<()> {
    for dir in watched_folders(project) {
        if dir.is_dir() && !watched.contains(&dir) {
            watcher
                .watch(&dir, RecursiveMode::Recursive)
                .with_context(|| format!("failed to watch {}", dir.display()))?;
            watched.insert(dir);
        }
    }
    Ok(())
}

/// Narrows a rebuild to the languages whose translation alone changed; anything else rebuilds all.
fn scope(project: &Project, paths: &[PathBuf], options: &BuildOptions) -> BuildOptions {
    let mut languages = BTreeSet::new();
    for path in paths {
        let Ok(relative) = path.strip_prefix(&project.agenda) else {
            return options.clone();
        };
        let parts: Vec<_> = relative
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        match parts.as_slice() {
            [document, text, file] if text == "text" && file.ends_with(".yaml") => {
                let lang = file.trim_end_matches(".yaml");
                // The original's text feeds every language (fallbacks, fingerprints): rebuild all.
                if original_language(&project.agenda.join(document))
                    .is_none_or(|original| original == lang)
                {
                    return options.clone();
                }
                languages.insert(lang.to_string());
            }
            _ => return options.clone(),
        }
    }
    let mut scoped = options.clone();
    scoped.languages = languages
        .into_iter()
        .filter(|l| options.languages.is_empty() || options.languages.contains(l))
        .collect();
    if scoped.languages.is_empty() {
        options.clone()
    } else {
        scoped
    }
}

/// The `original:` language of the document in `dir`, if its document.yaml reads.
fn original_language(dir: &Path) -> Option<String> {
    let source = SourceMap::new().read(&dir.join("document.yaml")).ok()?;
    source.parse::<RawDocument>().ok().map(|raw| raw.original)
}

fn rebuild(project: &Project, options: &BuildOptions, server: &Server) {
    let started = Instant::now();
    let printer = Printer::new(&project.root, false);
    let error = match build(project, options, &Progress::hidden()) {
        Ok(result) if !result.failed() => {
            println!(
                "serve: {} ({} ms)",
                result.summary,
                started.elapsed().as_millis()
            );
            None
        }
        Ok(result) => {
            let text = printer.render_plain(&result.diagnostics, &result.sources);
            eprintln!("{text}serve: {}", result.summary);
            Some(text)
        }
        Err(err) => Some(format!("error: {err:#}")),
    };
    // A long-running process must drop Typst's memoized layouts of old inputs.
    typst::comemo::evict(10);
    server.publish(error);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_translation_only_save_rebuilds_that_language_but_the_original_rebuilds_all() {
        let dir = tempfile::tempdir().unwrap();
        let doc = dir.path().join("agenda/report");
        std::fs::create_dir_all(doc.join("text")).unwrap();
        std::fs::write(
            doc.join("document.yaml"),
            "name: report\noriginal: fr\nheader: {session: s, agenda-item: x, number: y, date: d}\nbody: []\n",
        )
        .unwrap();
        std::fs::write(dir.path().join("agendoc.toml"), "").unwrap();
        let project = Project::open(dir.path()).unwrap();
        let options = BuildOptions {
            documents: vec![],
            languages: vec![],
            formats: vec![],
            out: None,
            strict: false,
            force: false,
            dry_run: false,
            marks: Default::default(),
        };
        let changed = |lang: &str| vec![project.agenda.join(format!("report/text/{lang}.yaml"))];
        assert_eq!(scope(&project, &changed("en"), &options).languages, ["en"]);
        assert!(
            scope(&project, &changed("fr"), &options)
                .languages
                .is_empty(),
            "the original: all"
        );
        let template = vec![project.templates.join("document.md")];
        assert!(scope(&project, &template, &options).languages.is_empty());
    }
}
