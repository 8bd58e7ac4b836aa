//! `agendoc serve`: build, serve the output on 127.0.0.1, rebuild on save, reload open pages.
//!
//! Like Zola's `serve`, this is `build` plus a watcher and live reload, nothing more. The watcher
//! (notify, debounced) rebuilds when agenda/ or templates/ change; a save that touches only one
//! translation rebuilds only that language. Open pages hold a server-sent-events connection and
//! reload when a build finishes. A build that fails keeps the server running: every page then
//! shows the diagnostics in an overlay until the next good save clears it.

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use notify_debouncer_mini::notify::RecursiveMode;

use crate::Outcome;
use crate::cli::{BuildArgs, ServeArgs};
use crate::cmd::build::build;
use crate::diagnostics::Printer;
use crate::progress::Progress;
use crate::project::Project;

const EVENTS: &str = "/__agendoc/events";

/// What open pages need to know: which build they show, and whether it failed.
struct Live {
    generation: u64,
    error: Option<String>,
}

struct Shared {
    live: Mutex<Live>,
    changed: Condvar,
    out: PathBuf,
}

pub fn run(root: &Path, args: &ServeArgs) -> Result<Outcome> {
    let project = Project::open(root)?;
    let out = args
        .build
        .out
        .clone()
        .unwrap_or_else(|| project.root.join("output"));
    let shared = Arc::new(Shared {
        live: Mutex::new(Live {
            generation: 0,
            error: None,
        }),
        changed: Condvar::new(),
        out,
    });
    rebuild(&project, &args.build, &shared);

    let listener = bind(args.port)?;
    let address = listener.local_addr()?;
    println!("serve: http://{address}/ (watching agenda/ and templates/; Ctrl-C stops)");

    let (events, changes) = std::sync::mpsc::channel();
    let mut debouncer = notify_debouncer_mini::new_debouncer(Duration::from_millis(120), events)
        .context("failed to start the file watcher")?;
    for dir in [&project.agenda, &project.templates] {
        debouncer
            .watcher()
            .watch(dir, RecursiveMode::Recursive)
            .with_context(|| format!("failed to watch {}", dir.display()))?;
    }
    let watched = project.clone();
    let build_args = args.build.clone();
    let watcher_shared = shared.clone();
    std::thread::spawn(move || {
        for batch in changes {
            let Ok(batch) = batch else { continue };
            let paths: Vec<PathBuf> = batch.into_iter().map(|event| event.path).collect();
            let scoped = scope(&watched, &paths, &build_args);
            rebuild(&watched, &scoped, &watcher_shared);
        }
    });

    for stream in listener.incoming() {
        let Ok(stream) = stream else { continue };
        let shared = shared.clone();
        std::thread::spawn(move || {
            let _ = respond(stream, &shared);
        });
    }
    drop(debouncer);
    Ok(Outcome::Success)
}

/// The default port, or the next free one.
fn bind(port: u16) -> Result<TcpListener> {
    for candidate in port..port.saturating_add(20) {
        if let Ok(listener) = TcpListener::bind(("127.0.0.1", candidate)) {
            return Ok(listener);
        }
    }
    TcpListener::bind(("127.0.0.1", 0)).context("failed to bind a local port")
}

/// Narrows a rebuild to the languages whose translation alone changed; anything else rebuilds all.
fn scope(project: &Project, paths: &[PathBuf], args: &BuildArgs) -> BuildArgs {
    let mut languages = BTreeSet::new();
    for path in paths {
        let Ok(relative) = path.strip_prefix(&project.agenda) else {
            return args.clone();
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
                    return args.clone();
                }
                languages.insert(lang.to_string());
            }
            _ => return args.clone(),
        }
    }
    if languages.is_empty() {
        return args.clone();
    }
    let mut scoped = args.clone();
    scoped.selection.languages = languages
        .into_iter()
        .filter(|l| args.selection.languages.is_empty() || args.selection.languages.contains(l))
        .collect();
    if scoped.selection.languages.is_empty() {
        args.clone()
    } else {
        scoped
    }
}

/// The `original:` language of the document in `dir`, if its document.yaml reads.
fn original_language(dir: &Path) -> Option<String> {
    let source = crate::source::SourceFile::read(&dir.join("document.yaml")).ok()?;
    source
        .parse::<crate::source::raw::RawDocument>()
        .ok()
        .map(|raw| raw.original)
}

fn rebuild(project: &Project, args: &BuildArgs, shared: &Shared) {
    let started = Instant::now();
    let printer = Printer::new(&project.root, false);
    let error = match build(project.clone(), args, &Progress::hidden()) {
        Ok(result) if !result.failed() => {
            println!(
                "serve: {} ({} ms)",
                result.summary,
                started.elapsed().as_millis()
            );
            None
        }
        Ok(result) => {
            let text = printer.render_plain(&result.diagnostics);
            eprintln!("{text}serve: {}", result.summary);
            Some(text)
        }
        Err(err) => Some(format!("error: {err:#}")),
    };
    // A long-running process must drop Typst's memoized layouts of old inputs.
    typst::comemo::evict(10);
    let mut live = shared.live.lock().expect("no panics while locked");
    live.generation += 1;
    live.error = error;
    shared.changed.notify_all();
}

fn respond(mut stream: TcpStream, shared: &Shared) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(5)))?;
    let mut request = String::new();
    BufReader::new(&stream).read_line(&mut request)?;
    let path = request
        .split_whitespace()
        .nth(1)
        .unwrap_or("/")
        .split(['?', '#'])
        .next()
        .unwrap_or("/")
        .to_string();
    if path == EVENTS {
        return events(stream, shared);
    }
    let (generation, error) = {
        let live = shared.live.lock().expect("no panics while locked");
        (live.generation, live.error.clone())
    };
    let Some(file) = resolve(&shared.out, &path) else {
        return send(
            &mut stream,
            "404 Not Found",
            "text/plain; charset=utf-8",
            b"not found",
        );
    };
    let bytes = std::fs::read(&file).ok();
    let is_html = file.extension().is_some_and(|ext| ext == "html");
    // A page that failed to build still gets the overlay, on an empty page if it has none.
    const EMPTY: &str = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>agendoc</title></head><body></body></html>";
    let html = match (&bytes, is_html) {
        (Some(bytes), true) => Some(String::from_utf8_lossy(bytes).into_owned()),
        (None, _) if error.is_some() => Some(EMPTY.to_string()),
        _ => None,
    };
    if let Some(html) = html {
        let page = inject(&html, generation, error.as_deref());
        return send(
            &mut stream,
            "200 OK",
            "text/html; charset=utf-8",
            page.as_bytes(),
        );
    }
    match bytes {
        Some(bytes) => send(&mut stream, "200 OK", content_type(&file), &bytes),
        None => send(
            &mut stream,
            "404 Not Found",
            "text/plain; charset=utf-8",
            b"not found",
        ),
    }
}

/// Holds the connection open and tells the page when a new build is ready.
fn events(mut stream: TcpStream, shared: &Shared) -> std::io::Result<()> {
    stream.write_all(b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\nConnection: keep-alive\r\n\r\n")?;
    let mut seen = shared
        .live
        .lock()
        .expect("no panics while locked")
        .generation;
    loop {
        let live = shared.live.lock().expect("no panics while locked");
        let (live, _) = shared
            .changed
            .wait_timeout_while(live, Duration::from_secs(15), |live| {
                live.generation == seen
            })
            .expect("no panics while locked");
        if live.generation == seen {
            drop(live);
            stream.write_all(b": keep-alive\n\n")?;
            continue;
        }
        seen = live.generation;
        drop(live);
        stream.write_all(format!("data: {seen}\n\n").as_bytes())?;
        stream.flush()?;
    }
}

/// The live-reload script and, after a failed build, the diagnostics overlay.
fn inject(page: &str, generation: u64, error: Option<&str>) -> String {
    let mut extra = format!(
        "<script>new EventSource(\"{EVENTS}\").onmessage = (e) => {{ if (e.data !== \"{generation}\") location.reload(); }};</script>"
    );
    if let Some(error) = error {
        let escaped = crate::escape::html(error);
        extra.push_str(&format!(
            "<div id=\"agendoc-error\" role=\"alert\" style=\"position:fixed;inset:0;overflow:auto;background:rgba(20,20,20,.94);color:#fff;padding:2rem;z-index:9999\"><h2 style=\"color:#ff8a80\">agendoc: the last save has errors</h2><pre style=\"white-space:pre-wrap;font:14px/1.4 monospace\">{escaped}</pre></div>"
        ));
    }
    match page.rfind("</body>") {
        Some(at) => format!("{}{extra}{}", &page[..at], &page[at..]),
        None => format!("{page}{extra}"),
    }
}

/// Maps a URL path to a file of the output folder, refusing anything that leaves it.
fn resolve(out: &Path, path: &str) -> Option<PathBuf> {
    let relative = Path::new(path.trim_start_matches('/'));
    if relative
        .components()
        .any(|c| !matches!(c, Component::Normal(_)))
    {
        return None;
    }
    let file = out.join(relative);
    Some(if file.is_dir() || path.ends_with('/') {
        file.join("index.html")
    } else {
        file
    })
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|ext| ext.to_str()) {
        Some("pdf") => "application/pdf",
        Some("md") => "text/markdown; charset=utf-8",
        Some("json") => "application/json",
        Some("css") => "text/css",
        _ => "application/octet-stream",
    }
}

fn send(
    stream: &mut TcpStream,
    status: &str,
    content_type: &str,
    body: &[u8],
) -> std::io::Result<()> {
    write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
        body.len()
    )?;
    stream.write_all(body)?;
    stream.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_cannot_leave_the_output_folder() {
        let out = Path::new("/srv/out");
        assert_eq!(
            resolve(out, "/en/a.html"),
            Some(PathBuf::from("/srv/out/en/a.html"))
        );
        assert_eq!(resolve(out, "/../etc/passwd"), None);
        assert_eq!(resolve(out, "/en/../../x"), None);
    }

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
        let project = Project::open(dir.path()).unwrap();
        let args = BuildArgs {
            selection: crate::cli::Selection {
                documents: vec![],
                languages: vec![],
            },
            formats: vec![],
            out: None,
            strict: false,
            force: false,
            quiet: true,
        };
        let changed = |lang: &str| vec![project.agenda.join(format!("report/text/{lang}.yaml"))];
        assert_eq!(
            scope(&project, &changed("en"), &args).selection.languages,
            ["en"]
        );
        assert!(
            scope(&project, &changed("fr"), &args)
                .selection
                .languages
                .is_empty(),
            "the original: all"
        );
        let template = vec![project.templates.join("document.md")];
        assert!(
            scope(&project, &template, &args)
                .selection
                .languages
                .is_empty()
        );
    }

    #[test]
    fn overlay_escapes_diagnostics() {
        let page = inject(
            "<html><body>x</body></html>",
            3,
            Some("<script>bad</script>"),
        );
        assert!(page.contains("&lt;script&gt;bad") && !page.contains("<script>bad"));
        assert!(page.contains("e.data !== \"3\""));
    }
}
