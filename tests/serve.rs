//! `agendoc serve`: a save shows up in the served page, a broken save shows the diagnostic, the
//! next good save brings the document back.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use common::TestProject;

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn get(port: u16, path: &str) -> Option<String> {
    request(port, &format!("GET {path} HTTP/1.1\r\nHost: localhost\r\n"))
}

/// Sends a request head (request line and headers, without the closing blank line) and reads
/// the whole response; the connection is closed after it.
fn request(port: u16, head: &str) -> Option<String> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .ok()?;
    write!(stream, "{head}Connection: close\r\n\r\n").ok()?;
    let mut response = Vec::new();
    stream.read_to_end(&mut response).ok()?;
    Some(String::from_utf8_lossy(&response).into_owned())
}

/// A free port on 127.0.0.1.
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// `agendoc serve` on a project, building HTML and Markdown only.
fn serve(project: &TestProject, port: u16) -> Server {
    serve_logging(project, port, Stdio::null())
}

/// `agendoc serve` as [`serve`], its standard output (a line per build) going to `log`.
fn serve_logging(project: &TestProject, port: u16, log: impl Into<Stdio>) -> Server {
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_agendoc"))
        .arg("-C")
        .arg(project.dir.path())
        .args([
            "serve",
            "--port",
            &port.to_string(),
            "--format",
            "html",
            "--format",
            "md",
        ])
        .stdout(log)
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    Server(child)
}

/// Polls `path` until the page satisfies `want`, for at most `limit`; returns the wait. Limits
/// are generous (a loaded CI machine rebuilds slowly): the wait ends as soon as the page changes.
fn wait_for(port: u16, path: &str, limit: Duration, want: impl Fn(&str) -> bool) -> Duration {
    let started = Instant::now();
    loop {
        if get(port, path).is_some_and(|page| want(&page)) {
            return started.elapsed();
        }
        assert!(
            started.elapsed() < limit,
            "{path} did not change within {limit:?}"
        );
        std::thread::sleep(Duration::from_millis(25));
    }
}

#[test]
fn saves_rebuild_and_errors_show_until_fixed() {
    let project = TestProject::real();
    let port = free_port();
    let _server = serve(&project, port);
    let page = "/en/wtdc-preparations.html";
    wait_for(port, page, Duration::from_secs(60), |p| {
        p.contains("Background")
    });
    let first = get(port, page).unwrap();
    assert!(first.contains("EventSource"), "live reload script injected");

    let english = "agenda/wtdc-preparations/text/en.yaml";
    project.edit(
        english,
        "  background: \"Background\"",
        "  background: \"Background and mandate\"",
    );
    let waited = wait_for(port, page, Duration::from_secs(10), |p| {
        p.contains("Background and mandate")
    });
    eprintln!("save to served page: {waited:?}");

    project.edit(
        english,
        "  background: \"Background and mandate\"",
        "\tbackground: \"Background and mandate\"",
    );
    wait_for(port, page, Duration::from_secs(10), |p| {
        p.contains("agendoc-error") && p.contains("E0002")
    });

    project.edit(
        english,
        "\tbackground: \"Background and mandate\"",
        "  background: \"Background again\"",
    );
    wait_for(port, page, Duration::from_secs(10), |p| {
        p.contains("Background again") && !p.contains("agendoc-error")
    });
    assert!(
        get(port, "/../../etc/passwd")
            .unwrap()
            .starts_with("HTTP/1.1 404")
    );
}

#[test]
fn paths_outside_the_output_head_unknown_paths_and_huge_headers() {
    let project = TestProject::fixture("minimal");
    let port = free_port();
    let _server = serve(&project, port);
    let page = "/en/minimal.html";
    wait_for(port, page, Duration::from_secs(60), |p| {
        p.starts_with("HTTP/1.1 200")
    });
    std::fs::write(project.dir.path().join("secret.txt"), "secret").unwrap();

    for path in [
        "/../secret.txt",
        "/en/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E%2Fsecret.txt",
        "/..%2fsecret.txt",
        "/en/..%2f..%2fsecret.txt",
        "/%00",
    ] {
        let response = get(port, path).unwrap();
        assert!(response.starts_with("HTTP/1.1 404"), "{path}: {response}");
        assert!(
            !response.contains("secret\n") && !response.ends_with("secret"),
            "{path}"
        );
    }
    let missing = get(port, "/en/no-such-document.html").unwrap();
    assert!(missing.starts_with("HTTP/1.1 404"), "{missing}");

    let head = request(
        port,
        &format!("HEAD {page} HTTP/1.1\r\nHost: localhost\r\n"),
    )
    .unwrap();
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    assert!(
        head.to_ascii_lowercase()
            .contains("content-type: text/html"),
        "{head}"
    );
    assert!(head.ends_with("\r\n\r\n"), "HEAD sends no body: {head}");
    let pdf_type = get(port, "/manifest.json").unwrap();
    assert!(
        pdf_type
            .to_ascii_lowercase()
            .contains("content-type: application/json"),
        "{pdf_type}"
    );

    let post = request(
        port,
        &format!("POST {page} HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\n"),
    )
    .unwrap();
    assert!(post.starts_with("HTTP/1.1 405"), "{post}");

    let huge = format!(
        "GET {page} HTTP/1.1\r\nHost: localhost\r\nX-Padding: {}\r\n",
        "a".repeat(10 * 1024 * 1024)
    );
    let refused = request(port, &huge).unwrap_or_default();
    assert!(
        refused.is_empty() || refused.starts_with("HTTP/1.1 431"),
        "{}",
        &refused[..refused.len().min(200)]
    );
    let after = get(port, page).unwrap();
    assert!(
        after.starts_with("HTTP/1.1 200"),
        "the server still serves after a huge header"
    );
}

/// CPU time a process has used, user and system, in clock ticks (1/100 s on Linux).
fn cpu_ticks(pid: u32) -> u64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
    // Fields after the command name, which is in parentheses and may hold spaces.
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .unwrap()
        .1
        .split_whitespace()
        .collect();
    fields[11].parse::<u64>().unwrap() + fields[12].parse::<u64>().unwrap()
}

#[test]
fn an_idle_server_builds_nothing_and_sleeps() {
    let project = TestProject::real();
    let port = free_port();
    let log = project.path("serve.log");
    let server = serve_logging(&project, port, std::fs::File::create(&log).unwrap());
    wait_for(port, "/index.html", Duration::from_secs(60), |p| {
        p.contains("council-2018-agenda")
    });
    let builds = || {
        std::fs::read_to_string(&log)
            .unwrap()
            .lines()
            .filter(|l| l.starts_with("serve: build"))
            .count()
    };
    // The page is written before the build's line is printed: wait for the line.
    let started = Instant::now();
    while builds() == 0 && started.elapsed() < Duration::from_secs(30) {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(builds(), 1, "the first build");
    let pid = server.0.id();
    let before = cpu_ticks(pid);
    std::thread::sleep(Duration::from_secs(10));
    let used = cpu_ticks(pid) - before;
    assert_eq!(
        builds(),
        1,
        "no build while idle:\n{}",
        std::fs::read_to_string(&log).unwrap()
    );
    // 1 % of 10 s is 10 ticks.
    assert!(used < 10, "{used} ticks of CPU in 10 s of idling");
    eprintln!("idle for 10 s: {used} ticks of CPU");
}
