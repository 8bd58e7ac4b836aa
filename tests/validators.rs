//! The output judged by outside tools: the Nu Html Checker and axe-core for HTML, qpdf and
//! poppler for PDF. `scripts/install-validators.sh` installs them (and `.ci/run` runs it); where
//! one is missing, its test says it skipped.

mod common;

use std::path::PathBuf;

use common::{DOC, LANGUAGES, TestProject, have_tools, pdf_text, plain, tool};

/// What the Nu Html Checker (errors only) and axe-core find wrong in the pages, one line each.
fn html_problems(pages: &[PathBuf]) -> Vec<String> {
    let output = tool("vnu")
        .args(["--errors-only", "--format", "json", "--stdout"])
        .args(pages)
        .output()
        .expect("vnu runs");
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "vnu printed no JSON ({e}): {}",
            String::from_utf8_lossy(&output.stderr)
        )
    });
    let mut problems: Vec<String> = report["messages"]
        .as_array()
        .expect("vnu lists messages")
        .iter()
        .map(|m| format!("vnu: {}:{}: {}", m["url"], m["lastLine"], m["message"]))
        .collect();
    let output = tool("axe").args(pages).output().expect("axe runs");
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let page: serde_json::Value = serde_json::from_str(line).expect("axe prints JSON lines");
        for violation in page["violations"].as_array().expect("axe lists violations") {
            problems.push(format!("axe: {}: {violation}", page["page"]));
        }
    }
    if !output.status.success() && problems.is_empty() {
        problems.push(format!(
            "axe failed: {}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    problems
}

/// What qpdf and pdffonts find wrong in a PDF: a broken structure, a font not embedded, or
/// Chinese or Arabic text with no font of that script (text extraction alone would not show
/// boxes).
fn pdf_problems(pdf: &std::path::Path) -> Vec<String> {
    let mut problems = Vec::new();
    let check = tool("qpdf")
        .arg("--check")
        .arg(pdf)
        .output()
        .expect("qpdf runs");
    if !check.status.success() {
        problems.push(format!(
            "qpdf --check: {}",
            String::from_utf8_lossy(&check.stdout)
        ));
    }
    let fonts = tool("pdffonts").arg(pdf).output().expect("pdffonts runs");
    let fonts = String::from_utf8_lossy(&fonts.stdout);
    let mut names = Vec::new();
    // name, type (one or more words), encoding, emb, sub, uni, object, generation
    for line in fonts.lines().skip(2) {
        let columns: Vec<&str> = line.split_whitespace().collect();
        if columns.len() < 7 {
            continue;
        }
        let name = columns[0].split_once('+').map_or(columns[0], |(_, n)| n);
        names.push(name.to_string());
        if columns[columns.len() - 5] != "yes" {
            problems.push(format!("font not embedded: {name}"));
        }
    }
    if names.is_empty() {
        problems.push("no fonts".into());
    }
    let text = pdf_text(pdf);
    let has = |script: fn(char) -> bool| text.chars().any(script);
    let font = |pattern: &str| names.iter().any(|n| n.contains(pattern));
    if has(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c)) && !font("CJK") {
        problems.push("Chinese text but no CJK font".into());
    }
    if has(|c| ('\u{0600}'..='\u{06FF}').contains(&c)) && !font("Arabic") {
        problems.push("Arabic text but no Arabic font".into());
    }
    problems
}

#[test]
fn html_pages_pass_the_nu_html_checker_and_axe() {
    if !have_tools(
        "html_pages_pass_the_nu_html_checker_and_axe",
        &["vnu", "axe"],
    ) {
        return;
    }
    let project = TestProject::real();
    project.build(&["--format", "html", "--format", "md"]);
    let mut pages: Vec<_> = LANGUAGES
        .iter()
        .map(|l| project.path(&format!("output/{l}/{DOC}.html")))
        .collect();
    pages.push(project.path("output/index.html"));
    assert_eq!(pages.len(), 7);
    let problems = html_problems(&pages);
    assert!(problems.is_empty(), "{problems:#?}");
}

/// Footnotes (given to the template, as no text has any yet) keep the pages valid: unique ids,
/// ARIA roles and references that point at what exists, in a left-to-right and a right-to-left
/// page.
#[test]
fn footnoted_pages_pass_the_nu_html_checker_and_axe() {
    if !have_tools(
        "footnoted_pages_pass_the_nu_html_checker_and_axe",
        &["vnu", "axe"],
    ) {
        return;
    }
    let project = TestProject::real();
    project.add_template_footnotes();
    project.build(&[DOC, "--lang", "en", "--lang", "ar", "--format", "html"]);
    let pages: Vec<_> = ["en", "ar"]
        .iter()
        .map(|l| project.path(&format!("output/{l}/{DOC}.html")))
        .collect();
    for page in &pages {
        let html = std::fs::read_to_string(page).unwrap();
        assert!(html.contains("role=\"doc-backlink\""), "{html}");
    }
    let problems = html_problems(&pages);
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn arabic_page_is_right_to_left() {
    let project = TestProject::real();
    project.build(&["--lang", "ar", "--format", "html", "--format", "md"]);
    let html = project.read(&format!("output/ar/{DOC}.html"));
    // Arabic has no italics: the locale sets emphasis in bold, which the stylesheet follows.
    assert!(html.contains("<html lang=\"ar\" dir=\"rtl\" data-emphasis=\"bold\">"));
    assert!(html.contains("[data-emphasis=\"bold\"] em { font-style: normal;"));
    assert!(
        html.contains("C22/10-A"),
        "the document number keeps its order"
    );
}

#[test]
fn pdfs_pass_qpdf_and_poppler_and_carry_every_paragraph() {
    let tools = ["qpdf", "pdffonts", "pdfinfo", "pdftotext"];
    if !have_tools(
        "pdfs_pass_qpdf_and_poppler_and_carry_every_paragraph",
        &tools,
    ) {
        return;
    }
    let project = TestProject::real();
    project.build(&[]);
    let pdfs: Vec<_> = LANGUAGES
        .iter()
        .map(|l| project.path(&format!("output/{l}/{DOC}.pdf")))
        .collect();
    for pdf in &pdfs {
        let problems = pdf_problems(pdf);
        assert!(problems.is_empty(), "{}: {problems:#?}", pdf.display());
    }
    for lang in LANGUAGES {
        let info = tool("pdfinfo")
            .arg(project.path(&format!("output/{lang}/{DOC}.pdf")))
            .output()
            .unwrap();
        let info = String::from_utf8_lossy(&info.stdout);
        let pages: usize = info
            .lines()
            .find_map(|l| l.strip_prefix("Pages:"))
            .unwrap()
            .trim()
            .parse()
            .unwrap();
        assert!((4..=12).contains(&pages), "{lang}: {pages} pages");
        let field = |name: &str| {
            info.lines()
                .find_map(|l| l.strip_prefix(name))
                .map(|v| v.trim().to_string())
                .unwrap_or_default()
        };
        assert_eq!(field("Tagged:"), "yes", "{lang}: tagged PDF");
        assert_eq!(field("Author:"), "ITU", "{lang}");
        assert!(
            field("CreationDate:").starts_with("Fri Feb 25"),
            "{lang}: the date comes from the document, not the clock: {info}"
        );

        let pdf = project.path(&format!("output/{lang}/{DOC}.pdf"));
        let text = pdf_text(&pdf);
        let words_in_pdf = arabic_words(&raw_pdf_text(&pdf));
        let markdown = project.output(lang, "md");
        let mut missing = Vec::new();
        let paragraphs = common::paragraphs(&markdown);
        assert!(paragraphs.len() > 50, "{lang}: {paragraphs:#?}");
        for visible in &paragraphs {
            let visible = visible.as_str();
            if lang == "ar" {
                // poppler moves mirrored parentheses and repeats letters carrying harakat when it
                // extracts Arabic, so compare words, not strings.
                let words = arabic_words(&plain_spaced(visible));
                let found = words.iter().filter(|w| words_in_pdf.contains(*w)).count();
                if found * 10 < words.len() * 9 {
                    missing.push(format!("{found}/{} words of: {visible}", words.len()));
                }
            } else {
                // pdftotext drops a hyphen that ends a line ("Secretary-⏎General"), so
                // hyphens are not compared.
                let unhyphenated = |t: &str| t.replace('-', "");
                if !unhyphenated(&text).contains(&unhyphenated(&plain(visible))) {
                    missing.push(plain(visible));
                }
            }
        }
        assert!(
            missing.is_empty(),
            "{lang}: paragraphs not in the PDF text: {missing:#?}"
        );
    }
}

/// Words of Arabic text without harakat, tatweel, bidi controls and punctuation.
fn arabic_words(text: &str) -> std::collections::HashSet<String> {
    let separator = |c: char| {
        c.is_whitespace()
            || (c.is_ascii_punctuation() && c != '/' && c != '-')
            || matches!(c, '،' | '؛' | '؟')
    };
    let mark = |c: &char| matches!(c, '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}');
    let mut words = std::collections::HashSet::new();
    for word in text.split(separator) {
        let mut letters: Vec<char> = word.chars().filter(|c| !mark(c)).collect();
        // poppler repeats a letter that carried a mark: fold doubled letters on both sides.
        letters.dedup();
        // …and drops the space after a Latin or digit run: split where the script changes.
        for run in letters.chunk_by(|a, b| a.is_ascii_alphanumeric() == b.is_ascii_alphanumeric()) {
            words.insert(run.iter().collect::<String>());
        }
    }
    words.remove("");
    words
}

/// The text of a piece of Markdown as pulldown-cmark reads it, spaces kept.
fn plain_spaced(markdown: &str) -> String {
    use pulldown_cmark::{Event, Parser};
    Parser::new(markdown)
        .filter_map(|event| match event {
            Event::Text(text) | Event::Code(text) => Some(text.into_string()),
            _ => None,
        })
        .collect()
}

fn raw_pdf_text(path: &std::path::Path) -> String {
    let output = tool("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(path)
        .arg("-")
        .output()
        .unwrap();
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn a_character_no_font_covers_is_a_build_error() {
    let project = TestProject::real();
    // U+2A6D6 is a CJK Extension B ideograph, outside the committed GB 2312 subset.
    project.edit(
        "agenda/wtdc-preparations/text/zh.yaml",
        "  background: \"背景\"",
        "  background: \"背景\u{2A6D6}\"",
    );
    let stderr = project.fails(&["build", "--lang", "zh"]);
    assert!(
        stderr.contains("E0013") && stderr.contains("U+2A6D6") && stderr.contains("`zh`"),
        "{stderr}"
    );
    let check = project.fails(&["check", "--lang", "zh"]);
    assert!(check.contains("U+2A6D6"), "{check}");
}

#[test]
fn the_council_agenda_passes_the_checkers_and_its_pdf_carries_every_row() {
    let tools = ["vnu", "axe", "qpdf", "pdffonts", "pdftotext"];
    if !have_tools(
        "the_council_agenda_passes_the_checkers_and_its_pdf_carries_every_row",
        &tools,
    ) {
        return;
    }
    const COUNCIL: &str = "council-2018-agenda";
    let project = TestProject::real();
    project.build(&[COUNCIL]);
    let files = |ext: &str| -> Vec<_> {
        ["en", "fr", "zh"]
            .iter()
            .map(|l| project.path(&format!("output/{l}/{COUNCIL}.{ext}")))
            .collect()
    };
    let problems = html_problems(&files("html"));
    assert!(problems.is_empty(), "{problems:#?}");
    for pdf in files("pdf") {
        let problems = pdf_problems(&pdf);
        assert!(problems.is_empty(), "{}: {problems:#?}", pdf.display());
    }
    for lang in ["en", "fr", "zh"] {
        let text = pdf_text(&project.path(&format!("output/{lang}/{COUNCIL}.pdf")));
        let markdown = project.read(&format!("output/{lang}/{COUNCIL}.md"));
        // The rows of the agenda's tables: not their header rows, which the delimiter row
        // follows.
        let lines: Vec<&str> = markdown.lines().collect();
        let rows: Vec<&str> = lines
            .windows(2)
            .filter(|pair| pair[0].starts_with("| ") && !pair[1].starts_with("|---"))
            .map(|pair| pair[0])
            .collect();
        assert_eq!(
            rows.len(),
            38,
            "{lang}: every item and sub-item has its row"
        );
        for row in rows {
            let cells: Vec<&str> = row.split(" | ").collect();
            let subject = plain(cells[1]);
            assert!(
                text.contains(&subject),
                "{lang}: row not in the PDF: {subject}"
            );
            let code = plain(cells[0].trim_start_matches('|'));
            assert!(text.contains(&code), "{lang}: code {code} not in the PDF");
        }
    }
}

#[test]
fn a_bullet_no_font_covers_is_a_build_error() {
    let project = TestProject::real();
    // U+1F0A1, a playing card: no committed font has it.
    project.edit(
        "agenda/locales/en.yaml",
        "bullet: \"•\"",
        "bullet: \"\u{1F0A1}\"",
    );
    let stderr = project.fails(&["build", "--lang", "en"]);
    assert!(
        stderr.contains("E0013") && stderr.contains("U+1F0A1") && stderr.contains("en.yaml:"),
        "{stderr}"
    );
    let check = project.fails(&["check", "--lang", "en"]);
    assert!(check.contains("U+1F0A1"), "{check}");
}

/// A revision's change marks (<ins>, <del>, the legend, the bars) keep the pages valid and
/// accessible, left to right and right to left.
#[test]
fn revised_pages_pass_the_nu_html_checker_and_axe() {
    if !have_tools(
        "revised_pages_pass_the_nu_html_checker_and_axe",
        &["vnu", "axe"],
    ) {
        return;
    }
    let project = common::revision::committed();
    common::revision::revise(&project);
    project.build(&[DOC, "--format", "html"]);
    let pages: Vec<_> = LANGUAGES
        .iter()
        .map(|l| project.path(&format!("output/{l}/{DOC}.html")))
        .collect();
    for page in &pages {
        let html = std::fs::read_to_string(page).unwrap();
        assert!(
            html.contains("<del>") && html.contains("changes-legend"),
            "{html}"
        );
    }
    let problems = html_problems(&pages);
    assert!(problems.is_empty(), "{problems:#?}");
}
