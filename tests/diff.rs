//! `agendoc diff`: a document committed to git, then edited, its changes printed per language
//! as a word diff; a language without changes says so; an unknown revision is an input error.

mod common;

use common::revision::{committed, edit_french_entry};
use common::{DOC, TestProject};

fn text(lang: &str) -> String {
    format!("agenda/{DOC}/text/{lang}.yaml")
}

/// Runs `agendoc diff …` (without colour), asserting exit 0; returns stdout.
fn diff(project: &TestProject, args: &[&str]) -> String {
    let mut all = vec!["diff"];
    all.extend_from_slice(args);
    let output = project.agendoc(&all).output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "diff {args:?}:\n{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
}

/// The lines printed under the heading of `lang`, up to the next heading.
fn section<'a>(out: &'a str, lang: &str) -> &'a str {
    let heading = format!("{DOC} · {lang} · against original (");
    let start = out
        .find(&heading)
        .unwrap_or_else(|| panic!("no {lang} heading:\n{out}"));
    let rest = &out[start + heading.len()..];
    let end = rest.find(&format!("\n{DOC} · ")).unwrap_or(rest.len());
    &rest[..end]
}

#[test]
fn diff_prints_each_languages_changes_as_a_word_diff() {
    let project = committed();
    project.edit(
        &text("en"),
        "shall be held in the last quarter of 2021.",
        "shall be held in the first half of 2022.",
    );
    edit_french_entry(&project);

    let out = diff(
        &project,
        &[
            "--against",
            "original",
            "--lang",
            "en",
            "--lang",
            "fr",
            "--lang",
            "es",
            DOC,
        ],
    );
    assert!(!out.contains('\u{1b}'), "colour without a terminal:\n{out}");
    // In the project's language order: English, French, Spanish.
    let (en, fr, es) = (
        out.find(" · en · ").unwrap(),
        out.find(" · fr · ").unwrap(),
        out.find(" · es · ").unwrap(),
    );
    assert!(en < fr && fr < es, "{out}");

    let english = section(&out, "en");
    assert!(
        english.contains("held in the [-last quarter-]{+first half+} of [-2021-]{+2022+}."),
        "{out}"
    );
    let place = english
        .lines()
        .find(|line| line.contains("paragraph 1.2"))
        .unwrap_or_else(|| panic!("no place words:\n{out}"));
    // Resolution 77's paragraph is one sentence: no sentence is named.
    assert!(place.ends_with("paragraph 1.2 · changed"), "{place}");
    assert!(!english.contains("Questions diverses"), "{out}");

    let french = section(&out, "fr");
    assert!(
        french.contains("[-Divers-]{+Questions diverses et clôture+}"),
        "{out}"
    );
    assert!(french.contains("· changed"), "{out}");
    assert!(!french.contains("first half"), "{out}");

    let spanish = section(&out, "es");
    assert!(spanish.contains("no changes"), "{out}");
    assert!(!spanish.contains("[-") && !spanish.contains("{+"), "{out}");

    // --exit-code: 1 with changes, 0 without.
    let exit_code = |lang: &str| {
        let args = [
            "diff",
            "--against",
            "original",
            "--exit-code",
            "--lang",
            lang,
            DOC,
        ];
        project.agendoc(&args).output().unwrap().status.code()
    };
    assert_eq!(exit_code("fr"), Some(1));
    assert_eq!(exit_code("es"), Some(0));
}

#[test]
fn diff_against_an_unknown_revision_is_an_input_error() {
    let project = committed();
    let stderr = project.fails(&["diff", "--against", "no-such-tag", DOC]);
    assert!(
        stderr.contains("E0023") && stderr.contains("no-such-tag"),
        "{stderr}"
    );
    let missing = project.agendoc(&["diff", DOC]).output().unwrap();
    assert_eq!(missing.status.code(), Some(2), "--against is required");
}
