//! Hostile text prints literally in every format: no Markdown structure, no HTML, no Typst code.

mod common;

use common::{TestProject, have_tools, pdf_text, tool};

/// The entries of the hostile fixture, as YAML gives them.
fn entries(project: &TestProject) -> Vec<String> {
    let text = project.read("agenda/hostile/text/en.yaml");
    text.lines()
        .filter_map(|line| line.strip_prefix("  ").and_then(|l| l.split_once(": ")))
        .map(|(_, value)| serde_json::from_str::<String>(value).unwrap())
        .collect()
}

fn squash(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The visible text of an HTML page: tags dropped, the five entities decoded.
fn html_text(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

#[test]
fn hostile_text_is_shown_literally_in_markdown_html_and_pdf() {
    let project = TestProject::fixture("hostile");
    project.build(&["--lang", "en"]);
    let html = project.read("output/en/hostile.html");
    assert!(!html.contains("<script"), "no script element");
    assert!(!html.contains("<img"), "no image element");
    assert!(!html.contains("<h1>big"), "no injected heading");
    assert!(!html.contains("id=\"injected\""));
    assert_eq!(html.matches("<h1").count(), 1, "one h1: the title");
    assert_eq!(
        html.matches("<th ").count(),
        2,
        "the table keeps its two columns"
    );
    assert!(
        !html.contains("<del>")
            && !html.contains("<em>")
            && !html.contains("<code>")
            && !html.contains("<blockquote>")
    );
    assert!(html.contains("&lt;script&gt;"));

    let visible = squash(&html_text(&html));
    for entry in entries(&project) {
        assert!(
            visible.contains(&squash(&entry)),
            "HTML does not show {entry:?} literally"
        );
    }

    let test = "hostile_text_is_shown_literally_in_markdown_html_and_pdf";
    if !have_tools(test, &["pdftotext", "pdfinfo"]) {
        return;
    }
    let pdf = pdf_text(&project.path("output/en/hostile.pdf"));
    for entry in entries(&project) {
        let expected = squash(&entry);
        assert!(
            pdf.contains(&expected),
            "PDF does not show {entry:?} literally:\n{pdf}"
        );
    }
    // `#pagebreak()` in the text did not run: the body and the annex, two pages.
    let info = tool("pdfinfo")
        .arg(project.path("output/en/hostile.pdf"))
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&info.stdout)
            .lines()
            .any(|l| l.starts_with("Pages:") && l.ends_with(" 2"))
    );
}

#[test]
fn template_syntax_in_a_translation_is_a_clear_error() {
    let project = TestProject::fixture("hostile");
    project.edit(
        "agenda/hostile/text/en.yaml",
        "\"Item \\\"quoted\\\"",
        "\"Item {% for x in range(1000000000) %}x{% endfor %} \\\"quoted\\\"",
    );
    let stderr = project.fails(&["build", "--lang", "en"]);
    assert!(
        stderr.contains("E0010") && stderr.contains("item-one"),
        "{stderr}"
    );
    assert!(!project.path("output/en/hostile.html").exists());
}
