//! Translation status: stale where the original changed, missing where an entry was removed.

mod common;

use common::TestProject;

/// The status of every translation of every document.
fn all_statuses(project: &TestProject) -> Vec<serde_json::Value> {
    let output = project
        .agendoc(&["i18n", "status", "--json"])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

/// The status of the translations of the WTDC report.
fn status(project: &TestProject) -> Vec<serde_json::Value> {
    all_statuses(project)
        .into_iter()
        .filter(|s| s["document"] == "wtdc-preparations")
        .collect()
}

#[test]
fn the_real_document_is_fully_translated() {
    let project = TestProject::real();
    let statuses = status(&project);
    assert_eq!(
        statuses.len(),
        5,
        "five translations of the English original"
    );
    for s in &all_statuses(&project) {
        assert_eq!(s["missing"].as_array().unwrap().len(), 0, "{s}");
        assert_eq!(s["stale"].as_array().unwrap().len(), 0, "{s}");
        assert_eq!(s["translated"], s["total"]);
    }
    project
        .agendoc(&["build", "--strict", "--format", "md"])
        .assert()
        .success();
}

#[test]
fn editing_an_english_paragraph_marks_it_stale_in_the_five_translations_only() {
    let project = TestProject::real();
    project.edit(
        "agenda/wtdc-preparations/text/en.yaml",
        "  bg-res-77: \"",
        "  bg-res-77: \"Furthermore, ",
    );
    for s in status(&project) {
        assert_eq!(s["stale"], serde_json::json!(["bg-res-77"]), "{s}");
        assert_eq!(s["missing"].as_array().unwrap().len(), 0);
    }
    let stderr = project.fails(&["build", "--strict", "--lang", "fr"]);
    assert!(
        stderr.contains("E0012") && stderr.contains("bg-res-77"),
        "{stderr}"
    );
    // Reviewing and accepting clears it.
    project
        .agendoc(&[
            "i18n",
            "accept",
            "--lang",
            "fr",
            "--document",
            "wtdc-preparations",
            "bg-res-77",
        ])
        .assert()
        .success();
    let fr = status(&project)
        .into_iter()
        .find(|s| s["lang"] == "fr")
        .unwrap();
    assert_eq!(fr["stale"].as_array().unwrap().len(), 0, "{fr}");
}

#[test]
fn a_removed_french_entry_is_missing_shown_in_english_and_refused_by_strict() {
    let project = TestProject::real();
    let french = "agenda/wtdc-preparations/text/fr.yaml";
    let text = project.read(french);
    let line = text
        .lines()
        .find(|l| l.starts_with("  bg-res-77: "))
        .unwrap()
        .to_string();
    project.write(french, &text.replace(&format!("{line}\n"), ""));
    let fr = status(&project)
        .into_iter()
        .find(|s| s["lang"] == "fr")
        .unwrap();
    assert_eq!(fr["missing"], serde_json::json!(["bg-res-77"]));

    let log = project.build(&["--lang", "fr", "--lang", "en", "--format", "md"]);
    assert!(
        log.contains("E0011"),
        "a warning names the missing entry:\n{log}"
    );
    let md = project.read("output/fr/wtdc-preparations.md");
    let english = project.read("output/en/wtdc-preparations.md");
    let sentence = english
        .lines()
        .find(|l| l.contains("id=\"bg-res-77\""))
        .unwrap();
    let english_text = sentence.split("</span> ").nth(1).unwrap();
    assert!(
        md.contains(&format!("(translation pending) {english_text}")) || md.contains(english_text),
        "{md}"
    );
    assert!(
        md.contains("traduction") || md.contains("(translation pending)") || md.contains("attente"),
        "marked"
    );

    let stderr = project.fails(&["build", "--strict", "--lang", "fr"]);
    let position = project.position("agenda/wtdc-preparations/text/en.yaml", "bg-res-77:");
    assert!(
        stderr.contains("E0011") && stderr.contains(&position),
        "names the entry's file:line:\n{stderr}"
    );
}
