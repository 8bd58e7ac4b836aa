//! The README's example document is accepted by `check` and builds as the README says.

mod common;

use common::TestProject;

/// The files of the README's example: each fenced block after `<!-- file: PATH -->`.
fn example_files() -> Vec<(String, String)> {
    let readme = std::fs::read_to_string(common::repo().join("README.md")).unwrap();
    let mut files = Vec::new();
    let mut rest = readme.as_str();
    while let Some(at) = rest.find("<!-- file: ") {
        let after = &rest[at + "<!-- file: ".len()..];
        let path = after[..after.find(" -->").unwrap()].to_string();
        let fence = after.find("```").unwrap();
        let body_start = fence + after[fence..].find('\n').unwrap() + 1;
        let body_end = body_start + after[body_start..].find("```").unwrap();
        files.push((path, after[body_start..body_end].to_string()));
        rest = &after[body_end..];
    }
    files
}

#[test]
fn the_readme_example_checks_and_builds() {
    let files = example_files();
    assert_eq!(files.len(), 2, "{files:?}");
    let project = TestProject::real();
    for (path, text) in &files {
        std::fs::create_dir_all(project.path(path).parent().unwrap()).unwrap();
        project.write(path, text);
    }
    let output = project
        .agendoc(&["check", "council-2024-agenda"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert_eq!(stderr.matches("warning[").count(), 1, "{stderr}");
    assert!(stderr.contains("text/fr.yaml is missing"), "{stderr}");

    project.build(&["council-2024-agenda", "--format", "md", "--format", "html"]);
    let md = project
        .read("output/en/council-2024-agenda.md")
        .replace('\\', "");
    let html = project.read("output/en/council-2024-agenda.html");
    for (id, code, text) in [
        ("opening", "", "Opening of the session"),
        ("reports", "1.", "Reports, taken"),
        ("report-finance", "1.1", "\u{2003}Financial report"),
        ("report-staff", "1.2", "\u{2003}Staff report"),
        ("any-other-business", "2.", "Any other business"),
    ] {
        assert!(
            html.contains(&format!("id=\"{id}\">{code}</span>")),
            "{id} {code}:\n{html}"
        );
        assert!(
            md.contains(&format!("\n| {code} | {text}")),
            "{id} {code}:\n{md}"
        );
    }
    assert!(md.contains("taken in the order of item 1"), "{md}");
    assert!(md.contains("https://www.itu.int/md/S24-CL-C-0003/en"));
    assert!(
        project
            .read("output/fr/council-2024-agenda.md")
            .contains("(traduction en cours)")
    );
}
