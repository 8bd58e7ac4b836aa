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
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    write!(stream, "GET {path} HTTP/1.1\r\nHost: localhost\r\n\r\n").ok()?;
    let mut response = String::new();
    stream.read_to_string(&mut response).ok()?;
    Some(response)
}

/// Polls `path` until the page satisfies `want`, for at most `limit`; returns the wait.
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
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
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
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let _server = Server(child);
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
    let waited = wait_for(port, page, Duration::from_secs(2), |p| {
        p.contains("Background and mandate")
    });
    eprintln!("save to served page: {waited:?}");

    project.edit(
        english,
        "  background: \"Background and mandate\"",
        "\tbackground: \"Background and mandate\"",
    );
    wait_for(port, page, Duration::from_secs(2), |p| {
        p.contains("agendoc-error") && p.contains("E0002")
    });

    project.edit(
        english,
        "\tbackground: \"Background and mandate\"",
        "  background: \"Background again\"",
    );
    wait_for(port, page, Duration::from_secs(2), |p| {
        p.contains("Background again") && !p.contains("agendoc-error")
    });
    assert!(
        get(port, "/../../etc/passwd")
            .unwrap()
            .starts_with("HTTP/1.1 404")
    );
}
