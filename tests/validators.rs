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
        assert!(info.contains("Tagged:         yes"), "{lang}: tagged PDF");
        assert!(info.contains("Author:         ITU"), "{lang}: {info}");
        assert!(
            info.contains("CreationDate:   Fri Feb 25"),
            "{lang}: date from the document, not the clock: {info}"
        );

        let text = pdf_text(&project.path(&format!("output/{lang}/{DOC}.pdf")));
        let markdown = project.output(lang, "md");
        let mut missing = Vec::new();
        for line in markdown
            .lines()
            .filter(|l| l.contains("class=\"num\"") && !l.starts_with('#'))
        {
            let body = plain(line.rsplit("</span>").next().unwrap());
            // pdftotext may reorder an Arabic lam-alef ligature; compare Arabic without it.
            let (body, text) = if lang == "ar" {
                (strip_lam_alef(&body), strip_lam_alef(&text))
            } else {
                (body, text.clone())
            };
            if !text.contains(&body) {
                missing.push(body);
            }
        }
        assert!(
            missing.is_empty(),
            "{lang}: paragraphs not in the PDF text: {missing:#?}"
        );
    }
}

fn strip_lam_alef(text: &str) -> String {
    text.chars()
        .filter(|c| !matches!(c, 'ل' | 'ا' | 'أ' | 'إ' | 'آ'))
        .collect()
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
