//! Revisions in tests: the real project committed to git, and the edits of a Revision 1.

use std::path::Path;
use std::process::Command;

use super::TestProject;

/// Runs git in `dir` with a fixed identity, asserting success; returns stdout.
pub fn git(dir: &Path, args: &[&str]) -> String {
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
pub fn committed() -> TestProject {
    let project = TestProject::real();
    let dir = project.dir.path();
    git(dir, &["init", "-q"]);
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-q", "-m", "C22/10 as issued"]);
    git(dir, &["tag", "original"]);
    project
}

pub const DOCUMENT: &str = "agenda/wtdc-preparations/document.yaml";
pub fn text(lang: &str) -> String {
    format!("agenda/wtdc-preparations/text/{lang}.yaml")
}

/// The new agenda item's text in every language, as translators would give it.
pub const NEW_ITEM: [(&str, &str); 6] = [
    ("ar", "تقرير عن الشباب"),
    ("zh", "关于青年的报告"),
    ("en", "Report on youth"),
    ("fr", "Rapport sur la jeunesse"),
    ("ru", "Отчет о молодежи"),
    ("es", "Informe sobre la juventud"),
];

/// Edits two English sentences, inserts an item in part I, deletes a sub-item, edits one
/// French entry, and makes the document Revision 1 marked against `original`.
pub fn revise(project: &TestProject) {
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
    edit_french_entry(project);
    project.edit(
        DOCUMENT,
        "\nfacts:\n",
        "\nissue: { revision: 1, date: revision-date, against: original }\n\nfacts:\n  revision-date: { date: 2022-03-10 }\n",
    );
}

/// French edits one entry: "Divers" becomes "Questions diverses et clôture".
pub fn edit_french_entry(project: &TestProject) {
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
}

/// English corrects one sentence of paragraph 2.6, and the document becomes Corrigendum 1
/// marked against `original`.
pub fn make_corrigendum(project: &TestProject) {
    project.edit(
        &text("en"),
        "are set out in letter DM-21/1012.",
        "are set out in letter DM-21/1013.",
    );
    project.edit(
        DOCUMENT,
        "\nfacts:\n",
        "\nissue: { corrigendum: 1, against: original }\n\nfacts:\n",
    );
}
