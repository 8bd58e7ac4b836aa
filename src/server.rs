//! The live preview's HTTP server: serves the output folder on 127.0.0.1, reloads open pages
//! when a build finishes, and shows a failed build's diagnostics over every page.
//!
//! HTTP is tiny_http's (as in Typst's CLI): request parsing, keep-alive, `HEAD` without a body.
//! This module adds what a preview of a folder needs: percent-decoded paths that cannot leave
//! the folder, content types from mime_guess, a server-sent-events stream at [`EVENTS`] that
//! tells pages which build they show, and the error overlay.

use std::io::Write;
use std::net::{SocketAddr, TcpListener};
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use anyhow::{Context, Result};
use tiny_http::{Header, Method, Request, Response, StatusCode};

/// The path of the server-sent-events stream.
pub const EVENTS: &str = "/__agendoc/events";

/// Request headers larger than this are refused (431), whatever tiny_http accepted.
const MAX_HEADER_BYTES: usize = 64 * 1024;

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

/// A running preview server.
pub struct Server {
    shared: Arc<Shared>,
    addr: SocketAddr,
}

impl Server {
    /// Binds `port` on 127.0.0.1, or the next free one of the 20 after it, and serves `out`
    /// from a background thread.
    pub fn start(port: u16, out: PathBuf) -> Result<Server> {
        let listener = (port..port.saturating_add(20))
            .find_map(|candidate| TcpListener::bind(("127.0.0.1", candidate)).ok())
            .map_or_else(|| TcpListener::bind(("127.0.0.1", 0)), Ok)
            .context("failed to bind a local port")?;
        let addr = listener.local_addr()?;
        let server = tiny_http::Server::from_listener(listener, None)
            .map_err(|err| anyhow::anyhow!("failed to start the HTTP server ({err})"))?;
        let shared = Arc::new(Shared {
            live: Mutex::new(Live {
                generation: 0,
                error: None,
            }),
            changed: Condvar::new(),
            out,
        });
        let serving = shared.clone();
        std::thread::spawn(move || {
            for request in server.incoming_requests() {
                let shared = serving.clone();
                std::thread::spawn(move || {
                    let _ = handle(request, shared);
                });
            }
        });
        Ok(Server { shared, addr })
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// A build finished: pages reload, and show `error` until a build without one.
    pub fn publish(&self, error: Option<String>) {
        let mut live = self.shared.live.lock().expect("no panics while locked");
        live.generation += 1;
        live.error = error;
        self.shared.changed.notify_all();
    }
}

fn handle(request: Request, shared: Arc<Shared>) -> std::io::Result<()> {
    let header_bytes: usize = request
        .headers()
        .iter()
        .map(|h| h.field.as_str().as_str().len() + h.value.as_str().len())
        .sum();
    if header_bytes > MAX_HEADER_BYTES {
        return request.respond(text(431, "request header fields too large"));
    }
    if !matches!(request.method(), Method::Get | Method::Head) {
        return request
            .respond(text(405, "method not allowed").with_header(header("Allow", "GET, HEAD")));
    }
    let path = request
        .url()
        .split(['?', '#'])
        .next()
        .unwrap_or("/")
        .to_string();
    if path == EVENTS {
        return stream_events(request, &shared);
    }
    let (generation, error) = {
        let live = shared.live.lock().expect("no panics while locked");
        (live.generation, live.error.clone())
    };
    let Some(file) = resolve(&shared.out, &path) else {
        return request.respond(text(404, "not found"));
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
        return request.respond(
            Response::from_data(page.into_bytes())
                .with_header(header("Content-Type", "text/html; charset=utf-8"))
                .with_header(header("Cache-Control", "no-store")),
        );
    }
    match bytes {
        Some(bytes) => request.respond(
            Response::from_data(bytes)
                .with_header(header("Content-Type", &content_type(&file)))
                .with_header(header("Cache-Control", "no-store")),
        ),
        None => request.respond(text(404, "not found")),
    }
}

fn text(status: u16, body: &str) -> Response<std::io::Cursor<Vec<u8>>> {
    Response::from_string(body)
        .with_status_code(StatusCode(status))
        .with_header(header("Content-Type", "text/plain; charset=utf-8"))
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("valid header")
}

/// Holds the connection open (on this request's own thread) and tells the page when a new
/// build is ready.
fn stream_events(request: Request, shared: &Shared) -> std::io::Result<()> {
    let mut writer = request.into_writer();
    // Written by hand: tiny_http would send `Transfer-Encoding: chunked` without a length, which
    // browsers dislike for event streams.
    writer.write_all(
        b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\n\r\n",
    )?;
    writer.flush()?;
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
            writer.write_all(b": keep-alive\n\n")?;
            writer.flush()?;
            continue;
        }
        seen = live.generation;
        drop(live);
        writer.write_all(format!("data: {seen}\n\n").as_bytes())?;
        writer.flush()?;
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

/// Maps a URL path to a file of the output folder, refusing anything that leaves it, however
/// it is spelt (`/../`, `%2e%2e/`, `..%2f`, a NUL byte).
fn resolve(out: &Path, path: &str) -> Option<PathBuf> {
    let decoded = percent_encoding::percent_decode_str(path)
        .decode_utf8()
        .ok()?;
    if decoded.contains('\0') || decoded.contains('\\') {
        return None;
    }
    let relative = Path::new(decoded.trim_start_matches('/'));
    if relative
        .components()
        .any(|c| !matches!(c, Component::Normal(_)))
    {
        return None;
    }
    let file = out.join(relative);
    Some(if file.is_dir() || decoded.ends_with('/') {
        file.join("index.html")
    } else {
        file
    })
}

fn content_type(path: &Path) -> String {
    let mime = mime_guess::from_path(path).first_or_octet_stream();
    match mime.type_() {
        mime_guess::mime::TEXT => format!("{mime}; charset=utf-8"),
        _ => mime.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_cannot_leave_the_output_folder() {
        let out = Path::new("/srv/out");
        assert_eq!(
            resolve(out, "/en/a%20b.html"),
            Some(PathBuf::from("/srv/out/en/a b.html"))
        );
        for bad in [
            "/../etc/passwd",
            "/en/../../x",
            "/%2e%2e/etc/passwd",
            "/..%2fetc/passwd",
            "/%2E%2E%2Fetc",
            "/a%00b",
            "/..\\x",
        ] {
            assert_eq!(resolve(out, bad), None, "{bad}");
        }
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

    #[test]
    fn content_types_come_from_the_extension() {
        assert_eq!(content_type(Path::new("a.pdf")), "application/pdf");
        assert_eq!(content_type(Path::new("a.css")), "text/css; charset=utf-8");
        assert_eq!(
            content_type(Path::new("a.md")),
            "text/markdown; charset=utf-8"
        );
    }
}
