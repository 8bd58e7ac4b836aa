//! Inline markup (`markup: inline`): each construct rendered natively in Markdown, HTML and PDF;
//! whatever an entry holds either reads the same in every format or is refused with its place.

mod common;

use common::{TestProject, have_tools, pdf_text, tool};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

const ENGLISH: &str = "agenda/rich/text/en.yaml";
const FRENCH: &str = "agenda/rich/text/fr.yaml";

fn built() -> TestProject {
    let project = TestProject::fixture("rich");
    project.build(&[]);
    project
}

#[test]
fn every_construct_is_native_markdown() {
    let project = built();
    let md = project.read("output/en/rich.md");
    for expected in [
        "# A document with *marks*",
        "The **summary**, with a link to [the ITU site](https://www.itu.int/).",
        "note [C22/10](https://www.itu.int/md/S22-CL-C-0010/en).",
        "[Document C21/23](https://www.itu.int/md/S21-CL-C-0023/en), [https://www.itu.int/council](https://www.itu.int/council)",
        "held in Geneva[^1], see 1.",
        "A **survey**[^2] with a no-break\u{a0}space",
        // Outside the subset: as typed.
        "\\`code\\`, \\<b\\>html\\</b\\> and \\&amp; as typed.",
        "[^1]: The venue is *provisional*; see [https://www.itu.int/en/council/](https://www.itu.int/en/council/).",
        "[^2]: Held **online**.",
    ] {
        assert!(md.contains(expected), "{expected:?} not in\n{md}");
    }
    assert!(!md.contains("<b>"));
}

#[test]
fn every_construct_is_native_html() {
    let project = built();
    let html = project.read("output/en/rich.html");
    for expected in [
        "<h1>A document with <em>marks</em></h1>",
        "<strong>summary</strong>",
        "<a href=\"https://www.itu.int/md/S22-CL-C-0010/en\">C22/10</a>",
        "<a href=\"https://www.itu.int/md/S21-CL-C-0023/en\">Document C21/23</a>",
        "Geneva<sup class=\"footnote-ref\"><a href=\"#fn-1\"",
        "no-break\u{a0}space",
        "`code`, &lt;b&gt;html&lt;/b&gt; and &amp;amp; as typed",
        "<li id=\"fn-2\">",
        "Held <strong>online</strong>.",
    ] {
        assert!(html.contains(expected), "{expected:?} not in the HTML");
    }
    // The French footnotes are the French texts, numbered the same way.
    let french = project.read("output/fr/rich.html");
    assert!(french.contains("Le lieu est <em>provisoire</em>"));
    assert!(french.contains("Tenue <strong>en ligne</strong>."));
    // Chinese and Arabic set emphasis in bold on the page.
    assert!(
        project
            .read("output/zh/rich.html")
            .contains("data-emphasis=\"bold\"")
    );
}

#[test]
fn every_construct_is_native_pdf() {
    let test = "every_construct_is_native_pdf";
    if !have_tools(test, &["pdftotext", "pdfinfo", "qpdf"]) {
        return;
    }
    let project = built();
    let pdf = project.path("output/en/rich.pdf");
    let text = pdf_text(&pdf);
    for expected in [
        "Thesummary,withalinktotheITUsite.",
        "heldinGeneva1,see1.",
        "Asurvey2withano-breakspace,and`code`,<b>html</b>and&amp;astyped.",
        "1Thevenueisprovisional;seehttps://www.itu.int/en/council/.",
        "2Heldonline.",
    ] {
        assert!(text.contains(expected), "{expected:?} not in\n{text}");
    }
    // Links are link annotations with their addresses.
    let json = tool("qpdf").arg("--json").arg(&pdf).output().unwrap();
    let json = String::from_utf8_lossy(&json.stdout);
    for uri in [
        "https://www.itu.int/",
        "https://www.itu.int/md/S22-CL-C-0010/en",
        "https://www.itu.int/md/S21-CL-C-0076/en",
        "https://www.itu.int/en/council/",
    ] {
        assert!(
            json.contains(&format!("\"u:{uri}\"")) || json.contains(&format!("\"{uri}\"")),
            "no link annotation to {uri}"
        );
    }
    assert!(json.contains("/Link"));
    let check = tool("qpdf").arg("--check").arg(&pdf).output().unwrap();
    assert!(check.status.success(), "{check:?}");
}

#[test]
fn a_link_to_neither_an_address_nor_a_symbol_is_refused_at_its_place() {
    let project = TestProject::fixture("rich");
    project.edit(ENGLISH, "(https://www.itu.int/)", "(javascript:alert(1))");
    let stderr = project.fails(&["build"]);
    assert!(stderr.contains("E0022"), "{stderr}");
    assert!(
        stderr.contains(&project.position(ENGLISH, "javascript:alert(1)")),
        "{stderr}"
    );
    assert!(!project.path("output").exists());
}

#[test]
fn footnotes_must_be_placed_once_in_every_language() {
    let project = TestProject::fixture("rich");
    project.edit(
        FRENCH,
        "à {{ city('session') }}[^note-venue]",
        "à {{ city('session') }}",
    );
    let stderr = project.fails(&["build", "--lang", "fr"]);
    assert!(
        stderr.contains("footnote `note-venue` is placed nowhere"),
        "{stderr}"
    );
    assert!(
        stderr.contains(&project.position("agenda/rich/document.yaml", "note-venue")),
        "{stderr}"
    );
    // English is untouched and builds.
    project.build(&["--lang", "en"]);

    let project = TestProject::fixture("rich");
    project.edit(ENGLISH, "see [C22/10]\"", "see [C22/10][^note-venue]\"");
    let stderr = project.fails(&["build", "--lang", "en"]);
    assert!(stderr.contains("placed twice"), "{stderr}");
    assert!(stderr.contains("item-one"), "{stderr}");

    let project = TestProject::fixture("rich");
    project.edit(ENGLISH, "Held **online**.", "Held online[^note-venue].");
    let stderr = project.fails(&["build", "--lang", "en"]);
    assert!(stderr.contains("E0022"), "{stderr}");
    assert!(
        stderr.contains(&project.position(ENGLISH, "[^note-venue].\"")),
        "{stderr}"
    );
}

#[test]
fn a_plain_document_cannot_declare_footnotes() {
    let project = TestProject::fixture("rich");
    project.edit(
        "agenda/rich/document.yaml",
        "markup: inline",
        "markup: plain",
    );
    let stderr = project.fails(&["check"]);
    assert!(stderr.contains("footnotes need inline markup"), "{stderr}");
}

/// The visible words of an HTML page's main element, whitespace dropped.
fn html_words(html: &str) -> String {
    let main = &html[html.find("<main>").unwrap()..html.find("</main>").unwrap()];
    let mut out = String::new();
    let mut in_tag = false;
    for c in main.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag && !c.is_whitespace() => out.push(c),
            _ => {}
        }
    }
    out
}

/// The text of a Markdown file as pulldown-cmark reads it, whitespace dropped.
fn markdown_words(markdown: &str) -> String {
    use pulldown_cmark::{Event, Options, Parser};
    Parser::new_ext(markdown, Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES)
        .filter_map(|event| match event {
            Event::Text(text) => Some(text.into_string()),
            _ => None,
        })
        .collect::<String>()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// Whether `words` appear in `text` in this order.
fn in_order(text: &str, words: &[String]) -> bool {
    let mut rest = text;
    for word in words {
        match rest.find(word.as_str()) {
            Some(at) => rest = &rest[at + word.len()..],
            None => return false,
        }
    }
    true
}

/// Random words and marks, in and outside the subset.
fn entry() -> impl Strategy<Value = Vec<String>> {
    let piece = prop_oneof![
        3 => "[a-z]{3,7}".prop_map(|w| format!("q{w}")),
        1 => Just(" ".to_string()),
        1 => Just("**".to_string()),
        1 => Just("*".to_string()),
        1 => Just("_".to_string()),
        1 => Just("[".to_string()),
        1 => Just("]".to_string()),
        1 => Just("(https://www.itu.int/x)".to_string()),
        1 => Just("(C22/10)".to_string()),
        1 => Just("(nowhere)".to_string()),
        1 => Just("[C22/10]".to_string()),
        1 => Just("[^note-survey]".to_string()),
        1 => Just("<https://www.itu.int>".to_string()),
        1 => Just("&nbsp;".to_string()),
        1 => Just("`".to_string()),
        1 => Just("<b>".to_string()),
        1 => Just("#".to_string()),
        1 => Just("$".to_string()),
        1 => Just("\\".to_string()),
    ];
    prop::collection::vec(piece, 1..14)
}

/// Any entry either renders with its words in order in Markdown, HTML and PDF, or is refused
/// with the file, line and column of the problem; nothing else happens.
#[test]
fn any_marked_up_entry_renders_balanced_or_is_refused_at_its_place() {
    let with_pdf = have_tools(
        "any_marked_up_entry_renders_balanced_or_is_refused_at_its_place",
        &["pdftotext"],
    );
    let project = TestProject::fixture("rich");
    let original = project.read(ENGLISH);
    let line = original
        .lines()
        .find(|l| l.starts_with("  letter-a: "))
        .unwrap()
        .to_string();
    let mut runner = TestRunner::new(Config {
        cases: 24,
        failure_persistence: None,
        ..Config::default()
    });
    let (built, refused) = (std::cell::Cell::new(0), std::cell::Cell::new(0));
    runner
        .run(&entry(), |pieces| {
            let source = pieces.concat();
            let value = serde_json::to_string(&source).unwrap();
            project.write(
                ENGLISH,
                &original.replace(&line, &format!("  letter-a: {value}")),
            );
            let output = project
                .agendoc(&["build", "--lang", "en", "--force"])
                .output()
                .unwrap();
            let stderr = String::from_utf8_lossy(&output.stderr);
            if output.status.code() == Some(1) {
                refused.set(refused.get() + 1);
                prop_assert!(stderr.contains("E0022"), "{source:?}: {stderr}");
                let placed = regex_like_position(&stderr);
                prop_assert!(placed, "{source:?} refused without a place: {stderr}");
                return Ok(());
            }
            prop_assert!(output.status.success(), "{source:?}: {stderr}");
            built.set(built.get() + 1);
            let words: Vec<String> = pieces
                .iter()
                .filter(|p| p.starts_with('q'))
                .cloned()
                .collect();
            let md = markdown_words(&project.read("output/en/rich.md"));
            prop_assert!(in_order(&md, &words), "{source:?}: Markdown\n{md}");
            let html = html_words(&project.read("output/en/rich.html"));
            prop_assert!(in_order(&html, &words), "{source:?}: HTML\n{html}");
            if with_pdf {
                let pdf = pdf_text(&project.path("output/en/rich.pdf"));
                prop_assert!(in_order(&pdf, &words), "{source:?}: PDF\n{pdf}");
            }
            Ok(())
        })
        .unwrap();
    eprintln!("{} entries built, {} refused", built.get(), refused.get());
    assert!(built.get() > 0, "no generated entry built");
}

/// Whether a diagnostic names `agenda/…yaml:<line>:<column>`.
fn regex_like_position(stderr: &str) -> bool {
    stderr.split_whitespace().any(|word| {
        let mut parts = word.rsplitn(3, ':');
        let (Some(column), Some(line), Some(file)) = (parts.next(), parts.next(), parts.next())
        else {
            return false;
        };
        file.ends_with(".yaml") && line.parse::<usize>().is_ok() && column.parse::<usize>().is_ok()
    })
}
