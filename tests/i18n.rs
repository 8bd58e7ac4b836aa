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

/// A label of a language's locale file (`labels:` in agenda/locales/<lang>.yaml).
fn locale_label(project: &TestProject, lang: &str, label: &str) -> String {
    let text = project.read(&format!("agenda/locales/{lang}.yaml"));
    let locale: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
    locale["labels"][label].as_str().unwrap().to_string()
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
        assert_eq!(s["unreviewed"].as_array().unwrap().len(), 0, "{s}");
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
    project.i18n_french("accept", &["bg-res-77"]);
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

    let log = project.build(&[
        "--lang", "fr", "--lang", "en", "--format", "md", "--format", "html",
    ]);
    assert!(
        log.contains("E0011"),
        "a warning names the missing entry:\n{log}"
    );
    let md = project.read("output/fr/wtdc-preparations.md");
    let english = project.read("output/en/wtdc-preparations.md");
    // The paragraph's number, from its anchor in the page; its line in the Markdown.
    let page = project.read("output/en/wtdc-preparations.html");
    let anchor = "id=\"bg-res-77\">";
    let number = &page[page.find(anchor).unwrap() + anchor.len()..];
    let number = &number[..number.find("</span>").unwrap()];
    let english_text = english
        .lines()
        .find_map(|l| l.strip_prefix(&format!("{number} ")))
        .unwrap();
    // Shown in English after the French locale's marker. (The assertion used to accept the
    // English marker, which a French page never has, or the bare English text, so it checked
    // nothing about the marking.)
    let marker = locale_label(&project, "fr", "untranslated");
    assert_ne!(marker, locale_label(&project, "en", "untranslated"));
    assert!(
        md.contains(&format!("{marker} {english_text}")),
        "the English text marked with `{marker}`:\n{md}"
    );

    let stderr = project.fails(&["build", "--strict", "--lang", "fr"]);
    let position = project.position("agenda/wtdc-preparations/text/en.yaml", "bg-res-77:");
    assert!(
        stderr.contains("E0011") && stderr.contains(&position),
        "names the entry's file:line:\n{stderr}"
    );
}

/// Regression: a translation never accepted (no fingerprint under `translated-from:`) was
/// reported as "stale: the original changed since", which says something untrue.
#[test]
fn a_translation_never_accepted_is_unreviewed_not_stale() {
    let project = TestProject::real();
    let french = "agenda/wtdc-preparations/text/fr.yaml";
    let text = project.read(french);
    let fingerprint = text
        .lines()
        .skip_while(|l| !l.starts_with("translated-from:"))
        .find(|l| l.starts_with("  bg-res-77: "))
        .unwrap()
        .to_string();
    project.write(french, &text.replacen(&format!("{fingerprint}\n"), "", 1));
    let fr = status(&project)
        .into_iter()
        .find(|s| s["lang"] == "fr")
        .unwrap();
    assert_eq!(fr["unreviewed"], serde_json::json!(["bg-res-77"]), "{fr}");
    assert_eq!(fr["stale"], serde_json::json!([]), "{fr}");
    assert_eq!(fr["missing"], serde_json::json!([]), "{fr}");

    let table = project.agendoc(&["i18n", "status"]).output().unwrap();
    let table = String::from_utf8_lossy(&table.stdout);
    assert!(
        table.lines().next().unwrap().ends_with("unreviewed"),
        "{table}"
    );

    let stderr = project.fails(&["build", "--strict", "--lang", "fr", "--format", "md"]);
    assert!(
        stderr.contains("E0020")
            && stderr.contains("translation of `bg-res-77` is unreviewed: no fingerprint recorded")
            && stderr.contains("agendoc i18n accept --lang fr bg-res-77")
            && !stderr.contains("original changed"),
        "{stderr}"
    );
    let explained = project.agendoc(&["explain", "E0020"]).output().unwrap();
    assert!(String::from_utf8_lossy(&explained.stdout).contains("unreviewed-translation"));

    project.i18n_french("review", &[]);
    let page = project.read("output/fr/wtdc-preparations.review.html");
    assert!(
        page.contains("<tr class=\"unreviewed\"><th scope=\"row\"><code>bg-res-77</code>")
            && page.contains("no fingerprint recorded")
            && page.contains("0 stale, 0 missing, 1 unreviewed"),
        "{page}"
    );

    project.i18n_french("accept", &["bg-res-77"]);
    let fr = status(&project)
        .into_iter()
        .find(|s| s["lang"] == "fr")
        .unwrap();
    assert_eq!(fr["unreviewed"], serde_json::json!([]), "{fr}");
    assert_eq!(fr["translated"], fr["total"], "{fr}");
}

/// Runs an i18n command expected to be a usage error (exit 2); returns stderr.
fn usage_error(project: &TestProject, args: &[&str]) -> String {
    let output = project.agendoc(args).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert_eq!(
        output.status.code(),
        Some(2),
        "expected exit 2 (usage) for {args:?}:\n{stderr}"
    );
    stderr
}

/// Regression: these exited 3 ("internal failure") or 1 ("input errors", with a diagnostic
/// pointing at agenda/locales); README gives usage errors exit 2.
#[test]
fn i18n_usage_errors_exit_2() {
    let project = TestProject::real();
    let stderr = usage_error(
        &project,
        &["i18n", "export", "--lang", "fr", "--format", "po"],
    );
    assert!(
        stderr.contains("several documents: name one with --document")
            && stderr.contains("wtdc-preparations"),
        "{stderr}"
    );
    let stderr = usage_error(&project, &["i18n", "accept", "--lang", "fr"]);
    assert!(stderr.contains("several documents"), "{stderr}");
    let stderr = usage_error(
        &project,
        &[
            "i18n",
            "export",
            "--lang",
            "fra",
            "--format",
            "po",
            "--document",
            "wtdc-preparations",
        ],
    );
    assert!(
        stderr.contains("unknown language `fra`") && stderr.contains("did you mean `fr`?"),
        "{stderr}"
    );
    let stderr = usage_error(
        &project,
        &[
            "i18n",
            "review",
            "--lang",
            "fr",
            "--document",
            "wtdc-preparation",
        ],
    );
    assert!(
        stderr.contains("unknown document `wtdc-preparation`")
            && stderr.contains("did you mean `wtdc-preparations`?"),
        "{stderr}"
    );
    let stderr = usage_error(
        &project,
        &[
            "i18n",
            "accept",
            "--lang",
            "en",
            "--document",
            "wtdc-preparations",
        ],
    );
    assert!(stderr.contains("`en` is the original language"), "{stderr}");
    let stderr = usage_error(
        &project,
        &[
            "i18n",
            "accept",
            "--lang",
            "fr",
            "--document",
            "wtdc-preparations",
            "no-such-entry",
        ],
    );
    assert!(stderr.contains("entry `no-such-entry`"), "{stderr}");
    let stderr = usage_error(&project, &["i18n", "status", "--lang", "xx"]);
    assert!(stderr.contains("unknown language `xx`"), "{stderr}");
    let stderr = usage_error(&project, &["i18n", "status", "no-such-document"]);
    assert!(
        stderr.contains("unknown document `no-such-document`"),
        "{stderr}"
    );
}
