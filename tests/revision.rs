//! Revisions: a document committed to git, then edited, built as Revision 1 with its changes
//! marked against the commit, in every language and format; `--clean`; the errors.

mod common;

use std::path::Path;
use std::process::Command;

use common::{DOC, LANGUAGES, TestProject, have_tools};

/// Runs git in `dir` with a fixed identity, asserting success; returns stdout.
fn git(dir: &Path, args: &[&str]) -> String {
    let output = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args([
            "-c",
            "user.name=Editor",
            "-c",
            "user.email=editor@example.org",
            "-c",
            "commit.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", dir)
        .output()
        .expect("git runs");
    assert!(
        output.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// The real project committed and tagged `original`.
fn committed() -> TestProject {
    let project = TestProject::real();
    let dir = project.dir.path();
    git(dir, &["init", "-q"]);
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-q", "-m", "C22/10 as issued"]);
    git(dir, &["tag", "original"]);
    project
}

const DOCUMENT: &str = "agenda/wtdc-preparations/document.yaml";
fn text(lang: &str) -> String {
    format!("agenda/wtdc-preparations/text/{lang}.yaml")
}

/// The new agenda item's text in every language, as translators would give it.
const NEW_ITEM: [(&str, &str); 6] = [
    ("ar", "تقرير عن الشباب"),
    ("zh", "关于青年的报告"),
    ("en", "Report on youth"),
    ("fr", "Rapport sur la jeunesse"),
    ("ru", "Отчет о молодежи"),
    ("es", "Informe sobre la juventud"),
];

/// Edits two English sentences, inserts an item in part I, deletes a sub-item, edits one
/// French entry, and makes the document Revision 1 marked against `original`.
fn revise(project: &TestProject) {
    let en = text("en");
    project.edit(
        &en,
        "shall be held in the last quarter of 2021.",
        "shall be held in the first half of 2022.",
    );
    project.edit(
        &en,
        "), six regional preparatory meetings",
        "), six regional preparatory meetings, one per region,",
    );
    project.edit(
        DOCUMENT,
        "        - id: item-tdag-report\n",
        "        - id: item-tdag-report\n        - id: item-youth-report\n",
    );
    project.edit(
        DOCUMENT,
        "sub-items: [item-pp-18, item-ra-wrc-19, item-wtsa-20]",
        "sub-items: [item-pp-18, item-wtsa-20]",
    );
    for (lang, words) in NEW_ITEM {
        let path = text(lang);
        let file = project.read(&path);
        let entry = file
            .lines()
            .find(|l| l.trim_start().starts_with("item-tdag-report:"))
            .unwrap();
        let indent = &entry[..entry.len() - entry.trim_start().len()];
        project.edit(
            &path,
            &format!("{entry}\n"),
            &format!("{entry}\n{indent}item-youth-report: \"{words}\"\n"),
        );
    }
    let fr = project.read(&text("fr"));
    let other = fr
        .lines()
        .find(|l| l.trim_start().starts_with("item-other-business:"))
        .unwrap()
        .to_string();
    project.edit(
        &text("fr"),
        &other,
        "  item-other-business: \"Questions diverses et clôture\"",
    );
    project.edit(
        DOCUMENT,
        "\nfacts:\n",
        "\nissue: { revision: 1, date: revision-date, against: original }\n\nfacts:\n  revision-date: { date: 2022-03-10 }\n",
    );
}

/// The lines of a Markdown file that carry a change mark, the legend left out.
fn marked_lines(markdown: &str) -> Vec<String> {
    markdown
        .lines()
        .skip_while(|line| !line.contains("{++"))
        .skip(1)
        .filter(|line| line.contains("{++") || line.contains("{--"))
        .map(str::to_string)
        .collect()
}

#[test]
fn a_revision_marks_exactly_what_changed_in_every_language() {
    let project = committed();
    revise(&project);
    project.build(&["--format", "md", "--format", "html", DOC]);
    for lang in LANGUAGES {
        let md = project.read(&format!("output/{lang}/{DOC}.md"));
        let lines = marked_lines(&md);
        let expected = match lang {
            "en" => 4,
            "fr" => 3,
            _ => 2,
        };
        assert_eq!(lines.len(), expected, "{lang}: {lines:#?}");
        let item = NEW_ITEM.iter().find(|(l, _)| *l == lang).unwrap().1;
        assert!(
            lines.iter().any(|l| l.contains(&format!("{{++{item}++}}"))),
            "{lang}: the inserted item is marked whole: {lines:#?}"
        );
        // The deleted sub-item keeps its number and text, struck; the one after it takes its
        // number, unmarked.
        assert!(
            lines
                .iter()
                .any(|l| l.starts_with("  - {--") && l.matches("{--").count() == 2),
            "{lang}: the deleted sub-item is shown struck with its number: {lines:#?}"
        );
        // The inserted item is 3), marked; the items after it are renumbered without a mark.
        assert!(
            lines.iter().any(|l| l.starts_with("- {++3)++} {++")),
            "{lang}: {lines:#?}"
        );
        let all: Vec<&str> = md.lines().collect();
        let inserted = all.iter().position(|l| l.starts_with("- {++")).unwrap();
        let next = all[inserted + 1..]
            .iter()
            .find(|l| l.starts_with("- "))
            .unwrap();
        assert!(
            next.starts_with("- 4\\) ") || lang != "en",
            "{lang}: the old item 3) is 4) now: {next}"
        );
        for line in all[inserted + 1..].iter().filter(|l| l.starts_with("- ")) {
            assert!(
                !line.starts_with("- {"),
                "{lang}: renumbered, number unmarked: {line}"
            );
        }
        let html = project.read(&format!("output/{lang}/{DOC}.html"));
        assert!(
            html.matches("<ins>").count() >= expected,
            "{lang}: the page marks with <ins>"
        );
        assert!(
            !html.contains("{++") && !html.contains("{--"),
            "{lang}: no CriticMarkup in the page"
        );
    }
    let en = project.read(&format!("output/en/{DOC}.md"));
    assert!(
        en.contains("in the {--last quarter--}{++first half++} of {--2021--}{++2022++}."),
        "word-level marks inside the sentence:\n{}",
        marked_lines(&en).join("\n")
    );
    assert!(en.contains("meetings{++, one per region,++} (RPMs)"));
    assert!(en.contains("**Revision 1 to Document C22/10-E**"));
    let fr = project.read(&format!("output/fr/{DOC}.md"));
    assert!(
        fr.contains("{--Divers--}{++Questions diverses et clôture++}"),
        "{}",
        marked_lines(&fr).join("\n")
    );
    let zh = project.read(&format!("output/zh/{DOC}.md"));
    assert!(!zh.contains("clôture"));
}

#[test]
fn a_clean_build_is_a_normal_build_apart_from_its_header() {
    let project = committed();
    revise(&project);
    let out = |name: &str| project.path(name).display().to_string();
    project.build(&[
        "--clean",
        "--format",
        "md",
        "--format",
        "html",
        "--out",
        &out("clean"),
        DOC,
    ]);
    let with_issue = project.read(DOCUMENT);
    let start = with_issue.find("\nissue:").unwrap();
    let end = with_issue[start + 1..].find('\n').unwrap() + start + 1;
    project.write(
        DOCUMENT,
        &format!("{}{}", &with_issue[..start], &with_issue[end..]),
    );
    project.build(&[
        "--format",
        "md",
        "--format",
        "html",
        "--out",
        &out("plain"),
        DOC,
    ]);
    for lang in LANGUAGES {
        for ext in ["md", "html"] {
            let clean = project.read(&format!("clean/{lang}/{DOC}.{ext}"));
            let plain = project.read(&format!("plain/{lang}/{DOC}.{ext}"));
            assert!(
                !clean.contains("{++") && !clean.contains("<ins>"),
                "{lang}.{ext}"
            );
            let differing: Vec<(&str, &str)> = clean
                .lines()
                .zip(plain.lines())
                .filter(|(a, b)| a != b)
                .collect();
            assert_eq!(clean.lines().count(), plain.lines().count(), "{lang}.{ext}");
            // The document line of the header and the date line (the revision's own date), and
            // in the page its <title>, which names the document.
            assert!(
                !differing.is_empty() && differing.len() <= 3,
                "{lang}.{ext}: {differing:#?}"
            );
            for (revised, _) in &differing {
                let header = revised.contains("C22/10")
                    || revised.contains("C22&#x2f;10")
                    || revised.contains("2022");
                assert!(header, "{lang}.{ext}: only the header differs: {revised}");
            }
        }
    }
}

#[test]
fn the_pdf_marks_changes_in_every_language() {
    if !have_tools("the_pdf_marks_changes_in_every_language", &["pdftotext"]) {
        return;
    }
    let project = committed();
    revise(&project);
    project.build(&["--format", "pdf", "--format", "typ", DOC]);
    for lang in LANGUAGES {
        let typ = project.read(&format!("output/{lang}/{DOC}.typ"));
        assert!(typ.contains("#inserted["), "{lang}");
        assert!(typ.contains("#deleted["), "{lang}");
        assert!(typ.contains("#change-bar["), "{lang}");
        let text = common::pdf_text(&project.path(&format!("output/{lang}/{DOC}.pdf")));
        let item: String = NEW_ITEM
            .iter()
            .find(|(l, _)| *l == lang)
            .unwrap()
            .1
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        // pdftotext gives Arabic in visual order; the glyph check covers it.
        if lang != "ar" {
            assert!(
                text.contains(&item),
                "{lang}: the inserted item is in the PDF: {text}"
            );
        }
    }
}

#[test]
fn bad_revisions_are_refused_and_nothing_is_written() {
    let project = committed();
    // A tag from before the document existed.
    let dir = project.dir.path();
    git(dir, &["checkout", "-q", "--orphan", "empty"]);
    git(dir, &["rm", "-q", "-r", "--cached", "."]);
    git(dir, &["commit", "-q", "--allow-empty", "-m", "nothing yet"]);
    git(dir, &["tag", "before"]);
    git(dir, &["checkout", "-q", "-f", "main"]);
    revise(&project);
    let unknown = project.fails(&["build", "--against", "no-such-tag", DOC]);
    assert!(
        unknown.contains("E0023") && unknown.contains("no-such-tag"),
        "{unknown}"
    );
    assert!(!project.path("output").exists());

    let missing = project.fails(&["build", "--against", "before", DOC]);
    assert!(missing.contains("did not exist"), "{missing}");

    // A revision not later than the one the earlier state holds.
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-q", "-m", "Rev.1"]);
    git(dir, &["tag", "rev-1"]);
    project.edit(DOCUMENT, "against: original", "against: rev-1");
    let lower = project.fails(&["build", DOC]);
    assert!(
        lower.contains("revision 1") && lower.contains("revision: 2"),
        "{lower}"
    );
    assert!(
        lower.contains("document.yaml:"),
        "points at the issue: {lower}"
    );

    // A shallow clone lacks the earlier commit.
    let shallow = tempfile::tempdir().unwrap();
    let url = format!("file://{}", dir.display());
    git(
        shallow.path(),
        &["clone", "-q", "--depth", "1", &url, "copy"],
    );
    let clone = TestProject { dir: shallow };
    let copy_root = clone.dir.path().join("copy");
    let output = Command::new(env!("CARGO_BIN_EXE_agendoc"))
        .arg("-C")
        .arg(&copy_root)
        .args(["build", "--against", "original", DOC])
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("shallow"), "{stderr}");
    assert!(!copy_root.join("output").exists());
}
