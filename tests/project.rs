//! agendoc installed once and used anywhere: the built-in defaults, `agendoc init`, `new` and
//! `eject`, the project file found by walking up, and the project's files replacing defaults
//! file by file. Every project here is made by the binary itself in an empty temporary folder,
//! outside this repository, with nothing copied from it.

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;

use common::{have_tools, pdf_text};

/// agendoc installed in `<prefix>/bin`, as `cargo install --root <prefix>` puts it, and a
/// folder to work in beside the prefix.
struct Installed {
    dir: tempfile::TempDir,
    binary: PathBuf,
}

impl Installed {
    fn new() -> Installed {
        let dir = tempfile::tempdir().unwrap();
        let bin = dir.path().join("prefix/bin");
        std::fs::create_dir_all(&bin).unwrap();
        let binary = bin.join("agendoc");
        std::fs::copy(env!("CARGO_BIN_EXE_agendoc"), &binary).unwrap();
        std::fs::create_dir_all(dir.path().join("work")).unwrap();
        Installed { dir, binary }
    }

    /// The working folder, or a path inside it.
    fn path(&self, relative: &str) -> PathBuf {
        self.dir.path().join("work").join(relative)
    }

    /// Runs the installed agendoc in `relative` (inside the working folder).
    fn run(&self, relative: &str, args: &[&str]) -> Output {
        std::process::Command::new(&self.binary)
            .args(args)
            .current_dir(self.path(relative))
            .env("NO_COLOR", "1")
            .env("HOME", self.dir.path())
            .output()
            .expect("the installed agendoc runs")
    }

    /// Runs it and expects exit 0; returns stdout and stderr together.
    fn ok(&self, relative: &str, args: &[&str]) -> String {
        let output = self.run(relative, args);
        let text = both(&output);
        assert!(
            output.status.success(),
            "agendoc {args:?} in {relative}: {text}"
        );
        text
    }

    /// Runs it and expects `code`; returns stdout and stderr together.
    fn exits(&self, code: i32, relative: &str, args: &[&str]) -> String {
        let output = self.run(relative, args);
        let text = both(&output);
        assert_eq!(
            output.status.code(),
            Some(code),
            "agendoc {args:?} in {relative}: {text}"
        );
        text
    }

    /// A new project made by `agendoc init NAME --languages …` in the working folder.
    fn init(&self, name: &str, languages: &str) -> PathBuf {
        self.ok("", &["init", name, "--languages", languages]);
        self.path(name)
    }
}

fn both(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// Every file under `dir`, relative to it, sorted.
fn files(dir: &Path) -> Vec<String> {
    fn walk(root: &Path, dir: &Path, found: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(root, &path, found);
            } else {
                let relative = path.strip_prefix(root).unwrap();
                found.push(relative.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    let mut found = Vec::new();
    walk(dir, dir, &mut found);
    found.sort();
    found
}

#[test]
fn an_installed_agendoc_starts_a_project_in_an_empty_folder_and_builds_it() {
    let agendoc = Installed::new();
    let project = agendoc.init("papers", "en,fr,zh");
    // The project holds its settings, its document and the schemas: nothing of this repository.
    assert_eq!(
        files(&project),
        [
            ".gitignore",
            "agenda/example/document.yaml",
            "agenda/example/text/en.yaml",
            "agenda/example/text/fr.yaml",
            "agenda/example/text/zh.yaml",
            "agenda/schema/document.schema.json",
            "agenda/schema/locale.schema.json",
            "agenda/schema/text.schema.json",
            "agendoc.toml",
        ]
    );
    let document = std::fs::read_to_string(project.join("agenda/example/document.yaml")).unwrap();
    assert!(document.starts_with("# yaml-language-server: $schema=../schema/document.schema.json"));

    // `check` accepts it at once: no error, no warning, translations current.
    let checked = agendoc.ok("papers", &["check"]);
    assert!(checked.contains("0 warning(s)"), "{checked}");
    let built = agendoc.ok("papers", &["build"]);
    assert!(built.contains("13 written"), "{built}");
    for lang in ["en", "fr", "zh"] {
        for ext in ["md", "html", "pdf", "docx"] {
            let path = project.join(format!("output/{lang}/example.{ext}"));
            assert!(path.is_file(), "{} is missing", path.display());
        }
    }
    for lang in ["ar", "ru", "es"] {
        assert!(!project.join(format!("output/{lang}")).exists());
    }
    let en = std::fs::read_to_string(project.join("output/en/example.md")).unwrap();
    assert!(en.contains("# Preparations for the 2027 session of the Council"));
    assert!(en.contains("Geneva on 8–18 June 2027"), "{en}");
    assert!(en.contains("the list in paragraph 2.1"), "{en}");
    let fr = std::fs::read_to_string(project.join("output/fr/example.md")).unwrap();
    assert!(fr.contains("à Genève"), "{fr}");
    let zh = std::fs::read_to_string(project.join("output/zh/example.md")).unwrap();
    assert!(zh.contains("日内瓦"), "{zh}");
    if have_tools("installed_pdf_text", &["pdftotext"]) {
        let text = pdf_text(&project.join("output/zh/example.pdf"));
        assert!(text.contains("2027年理事会会议"), "{text}");
        let text = pdf_text(&project.join("output/en/example.pdf"));
        assert!(
            text.contains("Preparationsforthe2027sessionoftheCouncil"),
            "{text}"
        );
    }

    // From any folder inside the project, the project is found by walking up.
    let again = agendoc.ok(
        "papers/agenda/example",
        &["build", "--force", "--format", "md"],
    );
    assert!(
        again.contains(
            &project
                .join("output")
                .canonicalize()
                .unwrap()
                .display()
                .to_string()
        ),
        "{again}"
    );
    // `init` does not start a project over another.
    let twice = agendoc.exits(2, "", &["init", "papers"]);
    assert!(
        twice.contains("already holds an agendoc project"),
        "{twice}"
    );
}

#[test]
fn every_command_outside_a_project_exits_2_with_a_hint_to_init() {
    let agendoc = Installed::new();
    for args in [
        vec!["build"],
        vec!["check"],
        vec!["serve"],
        vec!["verify"],
        vec!["schema"],
        vec!["diff", "--against", "HEAD"],
        vec!["i18n", "status"],
        vec!["new", "report"],
        vec!["eject", "templates/council.typ"],
        vec!["eject", "--list"],
    ] {
        let text = agendoc.exits(2, "", &args);
        assert!(
            text.contains("not inside an agendoc project") && text.contains("agendoc init"),
            "{args:?}: {text}"
        );
    }
    assert!(files(&agendoc.path("")).is_empty(), "nothing was written");
    let nowhere = agendoc.exits(2, "", &["-C", "no-such-folder", "build"]);
    assert!(
        nowhere.contains("there is no folder no-such-folder"),
        "{nowhere}"
    );
    let wrong = agendoc.exits(2, "", &["init", "x", "--languages", "en,fx"]);
    assert!(
        wrong.contains("no locale data for `fx`") && wrong.contains("ar, zh, en, fr, ru, es"),
        "{wrong}"
    );
    assert!(!agendoc.path("x/agendoc.toml").exists());
}

#[test]
fn an_ejected_template_changes_the_pdf_and_deleting_it_returns_to_the_default() {
    let agendoc = Installed::new();
    let project = agendoc.init("papers", "en");
    agendoc.ok("papers", &["build", "--format", "pdf"]);
    let pdf = project.join("output/en/example.pdf");
    let original = std::fs::read(&pdf).unwrap();

    let ejected = agendoc.ok("papers", &["eject", "templates/council.typ"]);
    assert!(ejected.contains("wrote templates/council.typ"), "{ejected}");
    let list = agendoc.ok("papers", &["eject", "--list"]);
    assert!(list.contains("templates/council.typ") && list.contains("ejected, same as built in"));
    // An ejected file equal to the default changes nothing.
    let same = agendoc.ok("papers", &["build", "--format", "pdf"]);
    assert!(same.contains("0 written"), "{same}");

    let layout = project.join("templates/council.typ");
    let text = std::fs::read_to_string(&layout).unwrap();
    let edited = text.replacen(
        "page-before + counter(page).display()",
        "[Draft layout ] + page-before + counter(page).display()",
        1,
    );
    assert_ne!(edited, text, "the footer line of council.typ moved");
    std::fs::write(&layout, edited).unwrap();
    let changed = agendoc.ok("papers", &["build", "--format", "pdf"]);
    assert!(changed.contains("1 written"), "{changed}");
    assert_ne!(std::fs::read(&pdf).unwrap(), original);
    if have_tools("ejected_layout_text", &["pdftotext"]) {
        let raw = std::process::Command::new("pdftotext")
            .arg(&pdf)
            .arg("-")
            .output()
            .unwrap();
        assert!(String::from_utf8_lossy(&raw.stdout).contains("Draft layout Page 1"));
    }
    let list = agendoc.ok("papers", &["eject", "--list"]);
    assert!(list.contains("ejected and changed"), "{list}");
    // A second eject keeps the edit; --force replaces it.
    let kept = agendoc.ok("papers", &["eject", "templates/council.typ"]);
    assert!(kept.contains("kept templates/council.typ"), "{kept}");

    std::fs::remove_file(&layout).unwrap();
    agendoc.ok("papers", &["build", "--format", "pdf"]);
    assert_eq!(
        std::fs::read(&pdf).unwrap(),
        original,
        "back to the built-in layout"
    );

    let unknown = agendoc.exits(2, "papers", &["eject", "templates/councel.typ"]);
    assert!(unknown.contains("templates/council.typ"), "{unknown}");
}

#[test]
fn the_projects_own_locale_replaces_the_default_for_its_language_only() {
    let agendoc = Installed::new();
    let project = agendoc.init("papers", "en,fr");
    agendoc.ok("papers", &["build", "--format", "md"]);
    let manifest = |path: &str| -> String {
        let text = std::fs::read_to_string(project.join("output/manifest.json")).unwrap();
        let json: serde_json::Value = serde_json::from_str(&text).unwrap();
        let files = json["files"].as_array().unwrap();
        let file = files.iter().find(|f| f["path"] == path).unwrap();
        file["inputs"].as_str().unwrap().to_string()
    };
    let before = manifest("en/example.md");

    agendoc.ok("papers", &["eject", "locales/en.yaml"]);
    let locale = project.join("locales/en.yaml");
    let text = std::fs::read_to_string(&locale).unwrap();
    let edited = text.replacen("summary: \"Summary\"", "summary: \"Abstract\"", 1);
    assert_ne!(edited, text, "the summary label of en.yaml moved");
    std::fs::write(&locale, edited).unwrap();
    agendoc.ok("papers", &["build", "--format", "md"]);
    let en = std::fs::read_to_string(project.join("output/en/example.md")).unwrap();
    assert!(
        en.contains("## Abstract") && !en.contains("## Summary"),
        "{en}"
    );
    let fr = std::fs::read_to_string(project.join("output/fr/example.md")).unwrap();
    assert!(fr.contains("## Résumé"), "{fr}");
    assert_ne!(
        manifest("en/example.md"),
        before,
        "the input hash covers the project's locale"
    );

    // A broken override is reported where it is, with nothing written.
    std::fs::write(&locale, "lang: en\nlabels: [\n").unwrap();
    let broken = agendoc.exits(1, "papers", &["build", "--format", "md"]);
    assert!(broken.contains("locales/en.yaml:"), "{broken}");
    let kept = std::fs::read_to_string(project.join("output/en/example.md")).unwrap();
    assert_eq!(kept, en);
}

#[test]
fn agendoc_toml_chooses_languages_and_the_output_folder() {
    let agendoc = Installed::new();
    let project = agendoc.init("papers", "en,zh");
    let config = project.join("agendoc.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    assert!(text.contains("languages = [\"en\", \"zh\"]"), "{text}");
    std::fs::write(
        &config,
        text.replace("# output = \"output\"", "output = \"public\""),
    )
    .unwrap();
    agendoc.ok("papers", &["build", "--format", "md"]);
    assert!(project.join("public/en/example.md").is_file());
    assert!(project.join("public/zh/example.md").is_file());
    assert!(!project.join("output").exists());
    let verified = agendoc.ok("papers", &["verify"]);
    assert!(verified.contains("public"), "{verified}");

    std::fs::write(
        &config,
        text.replace(
            "languages = [\"en\", \"zh\"]",
            "languages = [\"en\", \"zn\"]",
        ),
    )
    .unwrap();
    let wrong = agendoc.exits(1, "papers", &["check"]);
    assert!(
        wrong.contains("E0016") && wrong.contains("agendoc.toml:6:20") && wrong.contains("zh"),
        "{wrong}"
    );
    std::fs::write(&config, "languages = \"en\"\n").unwrap();
    let wrong = agendoc.exits(1, "papers", &["check"]);
    assert!(wrong.contains("agendoc.toml:1:"), "{wrong}");
}

#[test]
fn new_adds_a_report_or_an_agenda_that_builds_in_the_projects_languages() {
    let agendoc = Installed::new();
    let project = agendoc.init("papers", "ar,en,ru");
    let added = agendoc.ok(
        "papers",
        &["new", "council-2027-agenda", "--kind", "agenda"],
    );
    assert!(
        added.contains("agenda/council-2027-agenda/text/ru.yaml"),
        "{added}"
    );
    agendoc.ok("papers", &["new", "second-report"]);
    let checked = agendoc.ok("papers", &["check"]);
    assert!(checked.contains("0 warning(s)"), "{checked}");
    agendoc.ok("papers", &["build", "--format", "md"]);
    let agenda = std::fs::read_to_string(project.join("output/en/council-2027-agenda.md")).unwrap();
    assert!(
        agenda.contains("| PL 1.1 |") && agenda.contains("| ADM 2 |"),
        "{agenda}"
    );
    let ru = std::fs::read_to_string(project.join("output/ru/second-report.md")).unwrap();
    assert!(ru.contains("в Женеве"), "{ru}");
    let ar = std::fs::read_to_string(project.join("output/ar/second-report.md")).unwrap();
    assert!(ar.contains("جنيف"), "{ar}");

    let taken = agendoc.exits(2, "papers", &["new", "second-report"]);
    assert!(taken.contains("already exists"), "{taken}");
    let bad = agendoc.exits(2, "papers", &["new", "Second Report"]);
    assert!(bad.contains("cannot name a document"), "{bad}");
}
