//! The Markdown deliverable is clean CommonMark + GFM: no raw HTML (the HTML page's anchors and
//! classes stay in the HTML), and it shows the same words, in the same order, as the page.

mod common;

use std::path::PathBuf;

use common::TestProject;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// Every Markdown file under `output/`, with its HTML page beside it.
fn markdown_files(project: &TestProject) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for lang in std::fs::read_dir(project.path("output")).unwrap() {
        let lang = lang.unwrap().path();
        if !lang.is_dir() {
            continue;
        }
        for file in std::fs::read_dir(&lang).unwrap() {
            let file = file.unwrap().path();
            if file.extension().is_some_and(|ext| ext == "md") {
                files.push(file);
            }
        }
    }
    files.sort();
    files
}

fn read(path: &std::path::Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Tags that sit inside a word's run of text: they separate no words.
const INLINE_TAGS: [&str; 8] = ["a", "em", "strong", "span", "sup", "sub", "code", "del"];

/// The words a reader of the page sees in its `<main>`: tags dropped (a block tag separates
/// words, an inline one does not), entities decoded. The footnotes' hidden heading and their
/// back-links are for screen readers and navigation; the Markdown has neither.
fn html_words(page: &str) -> Vec<String> {
    let start = page.find("<main>").expect("a <main>") + "<main>".len();
    let end = page.rfind("</main>").expect("a </main>");
    let mut rest = &page[start..end];
    let mut text = String::new();
    while let Some(open) = rest.find('<') {
        text.push_str(&rest[..open]);
        let close = open + rest[open..].find('>').expect("tags close");
        let tag = &rest[open + 1..close];
        let name = tag
            .trim_start_matches('/')
            .split(|c: char| c.is_whitespace() || c == '/')
            .next()
            .unwrap();
        if !INLINE_TAGS.contains(&name) {
            text.push(' ');
        }
        rest = &rest[close + 1..];
        if tag.contains("class=\"visually-hidden\"") || tag.contains("role=\"doc-backlink\"") {
            let end_tag = format!("</{name}>");
            rest = &rest[rest.find(&end_tag).expect("the hidden element closes")..];
        }
    }
    text.push_str(rest);
    let text = text
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    text.split_whitespace().map(str::to_string).collect()
}

/// The words of a Markdown file as pulldown-cmark reads it: its text (escapes gone), inline
/// markup joining words as in the page; raw HTML, which a clean file never has, is an error.
fn markdown_words(markdown: &str) -> Result<Vec<String>, String> {
    let mut text = String::new();
    let options = Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES;
    for event in Parser::new_ext(markdown, options) {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::FootnoteReference(label) => text.push_str(&label),
            Event::Html(html) | Event::InlineHtml(html) => {
                return Err(format!("raw HTML `{}`", html.trim()));
            }
            Event::Start(Tag::Emphasis | Tag::Strong | Tag::Link { .. })
            | Event::End(TagEnd::Emphasis | TagEnd::Strong | TagEnd::Link) => {}
            _ => text.push(' '),
        }
    }
    Ok(text.split_whitespace().map(str::to_string).collect())
}

#[test]
fn markdown_has_no_html_tag_in_any_document_or_language() {
    let project = TestProject::real();
    project.build(&["--format", "md"]);
    let files = markdown_files(&project);
    assert_eq!(
        files.len(),
        9,
        "two documents in their languages: {files:?}"
    );
    for file in files {
        let markdown = read(&file);
        let lines: Vec<&str> = markdown.lines().filter(|l| l.contains('<')).collect();
        assert!(lines.is_empty(), "{}: {lines:#?}", file.display());
    }
}

#[test]
fn hostile_markup_in_markdown_is_only_escaped_text() {
    let project = TestProject::fixture("hostile");
    project.build(&["--lang", "en", "--format", "md"]);
    let markdown = project.read("output/en/hostile.md");
    assert!(markdown.contains("\\<script\\>"), "{markdown}");
    for (at, _) in markdown.match_indices('<') {
        assert!(
            markdown[..at].ends_with('\\'),
            "an unescaped `<` at byte {at}:\n{markdown}"
        );
    }
    assert!(markdown_words(&markdown).is_ok(), "{markdown}");
}

/// Where the Markdown files' words differ from their pages', one line each.
fn different_words(files: &[PathBuf]) -> Vec<String> {
    let mut problems = Vec::new();
    for file in files {
        let shown = file.display();
        let html = html_words(&read(&file.with_extension("html")));
        let markdown = match markdown_words(&read(file)) {
            Ok(words) => words,
            Err(problem) => {
                problems.push(format!("{shown}: {problem}"));
                continue;
            }
        };
        assert!(html.len() > 20, "{shown}: {html:?}");
        if let Some(at) =
            (0..html.len().max(markdown.len())).find(|&i| html.get(i) != markdown.get(i))
        {
            let around = |words: &[String]| {
                let end = (at + 5).min(words.len());
                words[at.saturating_sub(5).min(end)..end].join(" ")
            };
            problems.push(format!(
                "{shown}: word {at} differs\n  html:     {}\n  markdown: {}",
                around(&html),
                around(&markdown)
            ));
        }
    }
    problems
}

#[test]
fn markdown_and_html_show_the_same_words_in_the_same_order() {
    let real = TestProject::real();
    real.build(&["--format", "md", "--format", "html"]);
    let hostile = TestProject::fixture("hostile");
    hostile.build(&["--lang", "en", "--format", "md", "--format", "html"]);
    let files: Vec<PathBuf> = markdown_files(&real)
        .into_iter()
        .chain(markdown_files(&hostile))
        .collect();
    assert_eq!(
        files.len(),
        10,
        "every document and language, and the hostile fixture"
    );
    let problems = different_words(&files);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn footnotes_read_the_same_in_markdown_and_html() {
    let project = TestProject::real();
    project.add_template_footnotes();
    project.build(&["wtdc-preparations", "--format", "md", "--format", "html"]);
    let files = markdown_files(&project);
    assert_eq!(files.len(), 6, "{files:?}");
    let problems = different_words(&files);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    let md = project.read("output/en/wtdc-preparations.md");
    assert!(md.contains("the first again[^1]."), "{md}");
    assert!(md.contains("\n[^2]: The second note.\n"), "{md}");
    let html = project.read("output/zh/wtdc-preparations.html");
    assert!(
        html.contains("<h2 id=\"footnotes-label\" class=\"visually-hidden\">注释</h2>"),
        "{html}"
    );
    assert!(
        html.contains("aria-label=\"返回引用处 1 (2)\">↩</a>"),
        "{html}"
    );
}
