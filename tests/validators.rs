//! The output judged by outside tools: the Nu Html Checker and axe-core for HTML, qpdf and
//! poppler for PDF. The tools come from ../shared/checks/install.sh (run by .ci/run).

mod common;

use std::process::Command;

use common::{DOC, LANGUAGES, TestProject, checks_dir, pdf_text, plain};

fn run_check(script: &str, args: &[std::path::PathBuf]) -> String {
    let output = Command::new("bash")
        .arg(checks_dir().join(script))
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{script}: {e}"));
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(output.status.success(), "{script} failed:\n{text}");
    text
}

#[test]
fn html_pages_pass_the_nu_html_checker_and_axe() {
    let project = TestProject::real();
    project.build(&["--format", "html", "--format", "md"]);
    let mut pages: Vec<_> = LANGUAGES
        .iter()
        .map(|l| project.path(&format!("output/{l}/{DOC}.html")))
        .collect();
    pages.push(project.path("output/index.html"));
    let report = run_check("html-check", &pages);
    assert!(
        report.contains("7 pages, 0 vnu errors, 0 axe violations"),
        "{report}"
    );
}

#[test]
fn arabic_page_is_right_to_left() {
    let project = TestProject::real();
    project.build(&["--lang", "ar", "--format", "html", "--format", "md"]);
    let html = project.read(&format!("output/ar/{DOC}.html"));
    assert!(html.contains("<html lang=\"ar\" dir=\"rtl\">"));
    assert!(
        html.contains("C22/10-A"),
        "the document number keeps its order"
    );
}

#[test]
fn pdfs_pass_qpdf_and_poppler_and_carry_every_paragraph() {
    let project = TestProject::real();
    project.build(&[]);
    let pdfs: Vec<_> = LANGUAGES
        .iter()
        .map(|l| project.path(&format!("output/{l}/{DOC}.pdf")))
        .collect();
    let report = run_check("pdf-check", &pdfs);
    assert!(report.contains("6 files, 0 bad"), "{report}");
    for lang in LANGUAGES {
        let info = Command::new("pdfinfo")
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
        for line in markdown
            .lines()
            .filter(|l| l.contains("class=\"num\"") && !l.starts_with('#'))
        {
            let visible = line.rsplit("</span>").next().unwrap();
            if lang == "ar" {
                // poppler moves mirrored parentheses and repeats letters carrying harakat when it
                // extracts Arabic (see ../shared/checks/README.md), so compare words, not strings.
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

/// Markdown text without tags and escapes, spaces kept.
fn plain_spaced(markdown: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    let mut chars = markdown.chars();
    while let Some(c) = chars.next() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            '\\' if !in_tag => out.extend(chars.next()),
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

fn raw_pdf_text(path: &std::path::Path) -> String {
    let output = Command::new("pdftotext")
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
    const COUNCIL: &str = "council-2018-agenda";
    let project = TestProject::real();
    project.build(&[COUNCIL]);
    let files = |ext: &str| -> Vec<_> {
        ["en", "fr", "zh"]
            .iter()
            .map(|l| project.path(&format!("output/{l}/{COUNCIL}.{ext}")))
            .collect()
    };
    let report = run_check("html-check", &files("html"));
    assert!(
        report.contains("3 pages, 0 vnu errors, 0 axe violations"),
        "{report}"
    );
    let report = run_check("pdf-check", &files("pdf"));
    assert!(report.contains("3 files, 0 bad"), "{report}");
    for lang in ["en", "fr", "zh"] {
        let text = pdf_text(&project.path(&format!("output/{lang}/{COUNCIL}.pdf")));
        let markdown = project.read(&format!("output/{lang}/{COUNCIL}.md"));
        let rows: Vec<&str> = markdown
            .lines()
            .filter(|l| l.starts_with("| <span class=\"code\""))
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
