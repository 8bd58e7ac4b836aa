//! Revisions: a document committed to git, then edited, built as Revision 1 with its changes
//! marked against the commit, in every language and format; `--clean`; the errors.

mod common;

use std::process::Command;

use common::revision::{DOCUMENT, NEW_ITEM, committed, git, make_corrigendum, revise};
use common::{DOC, LANGUAGES, TestProject, have_tools};

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

const AGENDA: &str = "agenda/council-2018-agenda/document.yaml";

/// The Council's draft agenda is laid out as ITU's table: an inserted sub-item and a deleted
/// item are rows marked whole, the rows renumbered after them are not marked.
#[test]
fn table_rows_of_an_agenda_are_marked_whole() {
    let project = committed();
    project.edit(
        AGENDA,
        "            - pl-internet-policy\n",
        "            - pl-internet-policy\n            - pl-cybersecurity\n",
    );
    project.edit(AGENDA, "        - adm-arrears\n", "");
    project.edit(
        AGENDA,
        "\nfacts:\n",
        "\nissue: { revision: 1, against: original }\n\nfacts:\n",
    );
    for (lang, words) in [
        ("en", "Report on cybersecurity"),
        ("fr", "Rapport sur la cybersécurité"),
        ("zh", "关于网络安全的报告"),
    ] {
        let path = format!("agenda/council-2018-agenda/text/{lang}.yaml");
        let file = project.read(&path);
        let line = file
            .lines()
            .find(|l| l.trim_start().starts_with("pl-internet-policy:"))
            .unwrap()
            .to_string();
        project.edit(
            &path,
            &line,
            &format!("{line}\n  pl-cybersecurity: \"{words}\""),
        );
    }
    project.build(&["council-2018-agenda", "--format", "md", "--format", "typ"]);
    for lang in ["en", "fr", "zh"] {
        let md = project.read(&format!("output/{lang}/council-2018-agenda.md"));
        let rows: Vec<&str> = md.lines().filter(|l| l.starts_with("| ")).collect();
        let inserted = rows
            .iter()
            .position(|r| r.starts_with("| {++PL 1.3++} | "))
            .unwrap_or_else(|| panic!("{lang}: {rows:#?}"));
        assert!(rows[inserted].contains("{++"), "{lang}");
        assert!(
            rows[inserted + 1].starts_with("| PL 1.4 | "),
            "{lang}: renumbered, unmarked"
        );
        assert!(!rows[inserted + 1].contains("{++"), "{lang}");
        let deleted: Vec<&&str> = rows
            .iter()
            .filter(|r| r.starts_with("| {--ADM 5--} | {--"))
            .collect();
        assert_eq!(deleted.len(), 1, "{lang}: {rows:#?}");
        assert!(
            rows.iter().any(|r| r.starts_with("| ADM 5 | ")),
            "{lang}: the next item is ADM 5 now"
        );
        let marked = rows
            .iter()
            .filter(|r| r.contains("{++") || r.contains("{--"))
            .count();
        assert_eq!(marked, 2, "{lang}: {rows:#?}");
        let typ = project.read(&format!("output/{lang}/council-2018-agenda.typ"));
        assert_eq!(
            typ.matches(", true),\n").count(),
            2,
            "{lang}: two rows carry a change bar"
        );
    }
}

/// A corrigendum lists the changed passages with their place in words, and nothing else.
#[test]
fn a_corrigendum_lists_each_correction_with_its_place() {
    let project = committed();
    make_corrigendum(&project);
    project.build(&[DOC, "--format", "md", "--lang", "en", "--lang", "fr"]);
    let en = project.read(&format!("output/en/{DOC}.md"));
    assert!(
        en.contains("**Corrigendum 1 to Document C22/10-E**"),
        "{en}"
    );
    assert!(
        en.contains("Replace Section 2, paragraph 2.6, second sentence by:"),
        "{en}"
    );
    assert!(en.contains("DM-21/{--1012--}{++1013++}."), "{en}");
    assert!(!en.contains("Resolution 77"), "only the corrections: {en}");
    let fr = project.read(&format!("output/fr/{DOC}.md"));
    assert!(fr.contains("Rectificatif 1 au Document C22/10-F"), "{fr}");
    let corrections = &fr[fr.find("Rapport du Secrétaire général").unwrap()..];
    assert!(
        !corrections.contains("{++"),
        "the French text did not change: {fr}"
    );
    assert!(
        !fr.contains("Résolution 77"),
        "no body, no correction: {fr}"
    );
}

/// Each kind of issue heads the document in every language with its number (here 2, not only
/// today's 1), and the running header carries the symbol with its issue.
#[test]
fn every_issue_kind_heads_the_document_in_every_language() {
    for (kind, en_line, fr_symbol) in [
        (
            "revision",
            "Revision 2 to Document C22/10-E",
            "C22/10(Rév.2)-F",
        ),
        (
            "addendum",
            "Addendum 2 to Document C22/10-E",
            "C22/10(Add.2)-F",
        ),
        (
            "corrigendum",
            "Corrigendum 2 to Document C22/10-E",
            "C22/10(Corr.2)-F",
        ),
    ] {
        let project = TestProject::real();
        project.edit(
            DOCUMENT,
            "\nfacts:\n",
            &format!("\nissue: {{ {kind}: 2, date: issue-date }}\n\nfacts:\n  issue-date: {{ date: 2022-04-05 }}\n"),
        );
        project.build(&[DOC, "--format", "md", "--format", "typ"]);
        let en = project.read(&format!("output/en/{DOC}.md"));
        assert!(en.contains(&format!("**{en_line}**")), "{kind}: {en}");
        assert!(en.contains("5 April 2022"), "{kind}: the issue's own date");
        assert!(!en.contains("{++"), "{kind}: no marks without `against`");
        let fr = project.read(&format!("output/fr/{DOC}.typ"));
        assert!(
            fr.contains(&format!("document-number: \"{fr_symbol}\"")),
            "{kind}: {fr}"
        );
        for lang in LANGUAGES {
            let md = project.read(&format!("output/{lang}/{DOC}.md"));
            let header = md.lines().find(|l| l.contains("C22/10")).unwrap();
            assert!(header.contains('2'), "{kind} {lang}: {header}");
            assert!(!header.contains("{{"), "{kind} {lang}: {header}");
        }
    }
}
