//! The Word output: LibreOffice opens every file and prints every paragraph of the Markdown,
//! python-docx finds the named styles, tables and languages, Arabic runs right to left, hostile
//! text stays text, and the same sources give the same bytes wherever the project lives.

mod common;

use std::collections::HashSet;
use std::io::Read as _;
use std::path::{Path, PathBuf};

use common::{LANGUAGES, TestProject, have_tools, pdf_text, plain, tool};

/// Every `.docx` under `output/`, as (language, document name, path).
fn docx_files(project: &TestProject) -> Vec<(String, String, PathBuf)> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(project.path("output")).unwrap() {
        let dir = entry.unwrap().path();
        if !dir.is_dir() {
            continue;
        }
        let lang = dir.file_name().unwrap().to_string_lossy().into_owned();
        for file in std::fs::read_dir(&dir).unwrap() {
            let path = file.unwrap().path();
            if path.extension().is_some_and(|ext| ext == "docx") {
                let name = path.file_stem().unwrap().to_string_lossy().into_owned();
                files.push((lang.clone(), name, path));
            }
        }
    }
    files.sort();
    files
}

/// One part of a `.docx`, as text.
fn part(docx: &Path, name: &str) -> String {
    let file = std::fs::File::open(docx).unwrap();
    let mut archive = zip::ZipArchive::new(file).unwrap();
    let mut text = String::new();
    archive
        .by_name(name)
        .unwrap_or_else(|_| panic!("{}: no {name}", docx.display()))
        .read_to_string(&mut text)
        .unwrap();
    text
}

/// The text of every `w:t` and `w:delText` of an XML part, read by an XML parser (so the part
/// must be well-formed), entities decoded.
fn xml_text(xml: &str) -> String {
    text_within(xml, None)
}

/// The text of the `w:t` and `w:delText` elements inside `within` elements (all without).
fn text_within(xml: &str, within: Option<&str>) -> String {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut out = String::new();
    let mut in_text = false;
    let mut depth = usize::from(within.is_none());
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(start) => {
                if Some(start.name().as_ref()) == within {
                    depth += 1;
                }
                in_text = depth > 0 && matches!(start.name().as_ref(), "w:t" | "w:delText");
            }
            Event::End(end) => {
                if Some(end.name().as_ref()) == within {
                    depth -= 1;
                }
                in_text = false;
            }
            Event::Text(text) if in_text => out.push_str(&text.xml10_content()),
            Event::GeneralRef(reference) if in_text => {
                let name: &str = reference.as_ref();
                out.push_str(match name {
                    "amp" => "&",
                    "lt" => "<",
                    "gt" => ">",
                    "quot" => "\"",
                    "apos" => "'",
                    other => panic!("unexpected entity &{other};"),
                });
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

/// Converts every file to PDF in one LibreOffice run (a private profile, so parallel tests do
/// not share one; the committed fonts on fontconfig's path) and returns each file's PDF.
fn convert(files: &[(String, String, PathBuf)]) -> (tempfile::TempDir, Vec<PathBuf>) {
    let dir = tempfile::tempdir().unwrap();
    let work = dir.path().to_path_buf();
    let inputs = work.join("in");
    let outputs = work.join("out");
    std::fs::create_dir_all(&inputs).unwrap();
    let fonts_conf = work.join("fonts.conf");
    std::fs::write(
        &fonts_conf,
        format!(
            r#"<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig><include ignore_missing="yes">/etc/fonts/fonts.conf</include><dir>{}</dir><cachedir>{}</cachedir></fontconfig>"#,
            common::repo().join("fonts").display(),
            work.join("fontcache").display()
        ),
    )
    .unwrap();
    let mut copies = Vec::new();
    for (lang, name, path) in files {
        let copy = inputs.join(format!("{lang}-{name}.docx"));
        std::fs::copy(path, &copy).unwrap();
        copies.push(copy);
    }
    let output = tool("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            work.join("profile").display()
        ))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(&outputs)
        .args(&copies)
        .env("FONTCONFIG_FILE", &fonts_conf)
        .output()
        .expect("soffice runs");
    assert!(
        output.status.success(),
        "soffice failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let pdfs = copies
        .iter()
        .map(|copy| {
            let pdf = outputs.join(copy.with_extension("pdf").file_name().unwrap());
            assert!(
                pdf.is_file(),
                "LibreOffice did not convert {}: {}{}",
                copy.display(),
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            );
            pdf
        })
        .collect();
    (dir, pdfs)
}

/// Words of Arabic text without harakat, tatweel, bidi controls and punctuation (as
/// tests/validators.rs compares the PDF's Arabic).
fn arabic_words(text: &str) -> HashSet<String> {
    let separator = |c: char| {
        c.is_whitespace()
            || (c.is_ascii_punctuation() && c != '/' && c != '-')
            || matches!(c, '،' | '؛' | '؟')
    };
    let mark = |c: &char| matches!(c, '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}');
    let mut words = HashSet::new();
    for word in text.split(separator) {
        let mut letters: Vec<char> = word.chars().filter(|c| !mark(c)).collect();
        letters.dedup();
        for run in letters.chunk_by(|a, b| a.is_ascii_alphanumeric() == b.is_ascii_alphanumeric()) {
            if !run.is_empty() {
                words.insert(run.iter().collect());
            }
        }
    }
    words
}

/// Markdown to spaced plain text: backslash escapes and marks dropped, words kept apart.
fn plain_spaced(markdown: &str) -> String {
    let mut out = String::new();
    let mut chars = markdown.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.extend(chars.next()),
            '*' | '[' | ']' => {}
            c => out.push(c),
        }
    }
    // A link's address is not shown: drop "(http…)".
    let mut shown = String::new();
    let mut rest = out.as_str();
    while let Some(at) = rest.find("(http") {
        shown.push_str(&rest[..at]);
        rest = rest[at..].find(')').map_or("", |end| &rest[at + end + 1..]);
    }
    shown.push_str(rest);
    shown
}

#[test]
fn libreoffice_converts_every_docx_and_prints_every_paragraph() {
    let test = "libreoffice_converts_every_docx_and_prints_every_paragraph";
    if !have_tools(test, &["soffice", "pdftotext"]) {
        return;
    }
    let project = TestProject::real();
    project.build(&["--format", "md", "--format", "docx"]);
    let files = docx_files(&project);
    assert_eq!(files.len(), 9, "both documents, every language: {files:?}");
    let (_work, pdfs) = convert(&files);
    for ((lang, name, _), pdf) in files.iter().zip(&pdfs) {
        let markdown = project.read(&format!("output/{lang}/{name}.md"));
        let text = pdf_text(pdf);
        let raw = String::from_utf8(
            tool("pdftotext")
                .args(["-enc", "UTF-8"])
                .arg(pdf)
                .arg("-")
                .output()
                .unwrap()
                .stdout,
        )
        .unwrap();
        // LibreOffice justifies Arabic with kashidas, glyphs pdftotext cannot map and prints as
        // `#` inside words ("ح##تى"); Word justifies by spaces.
        let every_line: String = String::from_utf8(
            tool("pdftotext")
                .args(["-raw", "-enc", "UTF-8"])
                .arg(pdf)
                .arg("-")
                .output()
                .unwrap()
                .stdout,
        )
        .unwrap()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
        let words_in_pdf = arabic_words(&raw.replace('#', ""));
        let mut missing = Vec::new();
        let paragraphs = common::paragraphs(&markdown);
        assert!(paragraphs.len() > 10, "{lang}/{name}: {paragraphs:?}");
        for paragraph in paragraphs {
            if lang == "ar" {
                let words = arabic_words(&plain_spaced(&paragraph));
                let found = words.iter().filter(|w| words_in_pdf.contains(*w)).count();
                if found * 10 < words.len() * 9 {
                    missing.push(format!("{found}/{} words of: {paragraph}", words.len()));
                }
            } else {
                let unhyphenated = |t: &str| t.replace(['-', '\u{2011}'], "");
                let expected = unhyphenated(&plain(&paragraph));
                // pdf_text drops short lines that look like numbers; a paragraph whose last line
                // is "31." is then found in the whole text.
                if !unhyphenated(&text).contains(&expected)
                    && !unhyphenated(&every_line).contains(&expected)
                {
                    missing.push(plain(&paragraph));
                }
            }
        }
        assert!(
            missing.is_empty(),
            "{lang}/{name}: paragraphs of the Markdown not in the Word file's PDF: {missing:#?}"
        );
        if lang == "ar" {
            assert!(
                raw.chars()
                    .filter(|c| ('\u{0600}'..='\u{06FF}').contains(c))
                    .count()
                    > 1000,
                "the Arabic PDF shows Arabic"
            );
        }
    }
}

#[test]
fn arabic_runs_right_to_left_and_every_language_is_marked() {
    let project = TestProject::real();
    project.build(&["--format", "docx"]);
    for lang in LANGUAGES {
        let docx = project.path(&format!("output/{lang}/{}.docx", common::DOC));
        let document = part(&docx, "word/document.xml");
        let styles = part(&docx, "word/styles.xml");
        let paragraphs = document.matches("<w:p>").count();
        if lang == "ar" {
            assert_eq!(
                document.matches("<w:bidi/>").count(),
                paragraphs + 1,
                "every paragraph and the section are right to left"
            );
            assert!(document.contains("<w:rtl/>") && document.contains("<w:bidiVisual/>"));
            assert!(styles.contains(r#"w:bidi="ar-SA""#), "{styles}");
            assert!(styles.contains(r#"w:cs="Noto Naskh Arabic""#), "{styles}");
        } else {
            assert!(!document.contains("<w:bidi/>") && !document.contains("<w:rtl/>"));
        }
        if lang == "zh" {
            assert!(styles.contains(r#"w:eastAsia="zh-CN""#));
            assert!(styles.contains(r#"w:eastAsia="Noto Serif CJK SC""#));
        }
        let core = part(&docx, "docProps/core.xml");
        assert!(core.contains("<dc:creator>ITU</dc:creator>"), "{core}");
        assert!(
            core.contains("2022-02-25T00:00:00Z"),
            "the document's date, not the clock: {core}"
        );
        let fonts = part(&docx, "word/fontTable.xml");
        if lang == "ar" {
            assert!(
                fonts.contains(r#"<w:altName w:val="Noto Sans"/>"#),
                "{fonts}"
            );
        }
    }
}

const STYLE_CHECK: &str = r#"
import json, sys, docx
from docx.oxml.ns import qn
report = {}
for path in sys.argv[1:]:
    d = docx.Document(path)
    names = sorted(s.name for s in d.styles)
    used = sorted({p.style.name for p in d.paragraphs} | {p.style.name for t in d.tables for r in t.rows for c in r.cells for p in c.paragraphs})
    tables = []
    for t in d.tables:
        first = t.rows[0]._tr
        pr = first.trPr
        tables.append({"rows": len(t.rows), "columns": len(t.columns),
                       "header": pr is not None and pr.find(qn("w:tblHeader")) is not None})
    rpr = d.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = rpr.find(qn("w:lang"))
    report[path] = {"styles": names, "used": used, "tables": tables,
                    "lang": {k.split("}")[1]: v for k, v in lang.attrib.items()},
                    "title": d.core_properties.title, "author": d.core_properties.author,
                    "language": d.core_properties.language,
                    "footnotes": any(p.partname == "/word/footnotes.xml" for p in d.part.package.iter_parts())}
json.dump(report, sys.stdout)
"#;

#[test]
fn python_docx_finds_the_named_styles_tables_and_languages() {
    let test = "python_docx_finds_the_named_styles_tables_and_languages";
    if !have_tools(test, &["python-docx"]) {
        return;
    }
    let project = TestProject::real();
    project.build(&["--format", "docx"]);
    let files = docx_files(&project);
    let output = tool("python-docx")
        .args(["-c", STYLE_CHECK])
        .args(files.iter().map(|(_, _, path)| path))
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    for (lang, name, path) in &files {
        let file = &report[path.to_string_lossy().as_ref()];
        let strings = |key: &str| -> Vec<String> {
            file[key]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_str().unwrap().to_string())
                .collect()
        };
        let (styles, used) = (strings("styles"), strings("used"));
        for style in [
            "ITU Title",
            "ITU Heading 2",
            "ITU Header Block",
            "ITU Table Text",
            "ITU Table Heading",
            "ITU Emphasis",
            "ITU Strong",
        ] {
            assert!(styles.iter().any(|s| s == style), "{lang}/{name}: {style}");
        }
        let mut expected = vec!["ITU Title", "ITU Header Block", "ITU Table Heading"];
        if name == common::DOC {
            expected.extend([
                "ITU Heading 2",
                "ITU Numbered Paragraph",
                "ITU List",
                "ITU Table Text",
                "ITU Annex Heading",
                "ITU Agenda Item",
                "ITU Front Matter",
            ]);
        } else {
            expected.extend(["ITU Heading 2", "ITU Table Text"]);
        }
        for style in expected {
            assert!(
                used.iter().any(|s| s == style),
                "{lang}/{name}: no paragraph in {style}: {used:?}"
            );
        }
        let tables = file["tables"].as_array().unwrap();
        // The header block, then (in a report) the framed front matter; then the data tables or
        // ITU's agenda tables, each with its header row repeated.
        let data = &tables[if name == common::DOC { 2 } else { 1 }..];
        assert!(!data.is_empty(), "{lang}/{name}: {tables:?}");
        for table in data {
            assert_eq!(table["header"], true, "{lang}/{name}: {table}");
            assert!(table["rows"].as_u64().unwrap() > 1);
        }
        assert_eq!(file["author"], "ITU");
        assert!(!file["title"].as_str().unwrap().is_empty());
        let tag = &file["lang"];
        match lang.as_str() {
            "ar" => assert_eq!(tag["bidi"], "ar-SA", "{tag}"),
            "zh" => assert_eq!(tag["eastAsia"], "zh-CN", "{tag}"),
            "en" => assert_eq!(tag["val"], "en-GB", "{tag}"),
            "fr" => assert_eq!(tag["val"], "fr-FR", "{tag}"),
            "ru" => assert_eq!(tag["val"], "ru-RU", "{tag}"),
            "es" => assert_eq!(tag["val"], "es-ES", "{tag}"),
            other => panic!("{other}"),
        }
        assert_eq!(
            file["language"].as_str().unwrap().get(..2),
            Some(lang.as_str())
        );
    }
}

#[test]
fn two_builds_at_two_paths_give_the_same_docx_bytes() {
    let first = TestProject::real();
    let second = TestProject::real();
    first.build(&["--format", "docx"]);
    std::thread::sleep(std::time::Duration::from_millis(1100));
    second.build(&["--format", "docx"]);
    let files = docx_files(&first);
    assert_eq!(files.len(), 9);
    for (lang, name, path) in files {
        let a = std::fs::read(&path).unwrap();
        let b = std::fs::read(second.path(&format!("output/{lang}/{name}.docx"))).unwrap();
        assert!(
            a == b,
            "{lang}/{name}: the .docx differs between two builds"
        );
    }
    // Built again in place, with --force: the same bytes as well.
    let before = std::fs::read(first.path(&format!("output/en/{}.docx", common::DOC))).unwrap();
    first.build(&["--format", "docx", "--force"]);
    let after = std::fs::read(first.path(&format!("output/en/{}.docx", common::DOC))).unwrap();
    assert!(before == after);
}

#[test]
fn hostile_text_is_text_in_word() {
    let project = TestProject::fixture("hostile");
    // XML's own hazards too: a CDATA end, an entity, a processing instruction, a Word element.
    project.edit(
        "agenda/hostile/text/en.yaml",
        "and ]]\"",
        "and ]]]]> &lt;?xml x?> <w:p><w:r><w:t>x</w:t></w:r></w:p> &#x41;\"",
    );
    project.build(&["--lang", "en", "--format", "docx"]);
    let docx = project.path("output/en/hostile.docx");
    let document = part(&docx, "word/document.xml");
    assert!(!document.contains("<script"), "no element from the text");
    assert!(!document.contains("]]>") && !document.contains("<?xml x"));
    assert_eq!(document.matches("<w:t>x</w:t>").count(), 0);
    let shown: String = xml_text(&document)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let entries = project.read("agenda/hostile/text/en.yaml");
    for (_, value) in entries
        .lines()
        .filter_map(|line| line.strip_prefix("  ").and_then(|l| l.split_once(": ")))
    {
        let entry: String = serde_json::from_str::<String>(value).unwrap();
        let expected: String = entry.chars().filter(|c| !c.is_whitespace()).collect();
        assert!(
            shown.contains(&expected),
            "Word does not show {entry:?} literally:\n{shown}"
        );
    }
    for name in ["word/styles.xml", "word/footnotes.xml", "docProps/core.xml"] {
        xml_text(&part(&docx, name));
    }
}

#[test]
fn a_revision_is_written_as_word_tracked_changes() {
    use common::revision::{NEW_ITEM, committed, revise};
    let project = committed();
    revise(&project);
    project.build(&["--format", "docx", common::DOC]);
    for lang in LANGUAGES {
        let docx = project.path(&format!("output/{lang}/{}.docx", common::DOC));
        let document = part(&docx, "word/document.xml");
        // The revision's date, not the clock, and one author: the same bytes every build.
        let stamp = r#"w:author="agendoc" w:date="2022-03-10T00:00:00Z""#;
        assert!(document.contains("<w:ins w:id="), "{lang}");
        assert!(document.contains("<w:del w:id="), "{lang}");
        assert_eq!(
            document.matches("<w:ins ").count() + document.matches("<w:del ").count(),
            document.matches(stamp).count(),
            "{lang}"
        );
        assert!(document.contains("<w:delText"), "{lang}");
        // The inserted item and the deleted sub-item are whole paragraphs: their marks are
        // tracked too, so accepting or rejecting leaves no empty paragraph.
        assert!(document.contains("<w:rPr><w:ins w:id="), "{lang}");
        assert!(document.contains("<w:rPr><w:del w:id="), "{lang}");
        let words = NEW_ITEM.iter().find(|(l, _)| *l == lang).unwrap().1;
        let inserted = text_within(&document, Some("w:ins"));
        assert!(inserted.contains(words), "{lang}: {inserted}");
    }
    // English: the sentence's old words deleted, the new ones inserted.
    let english = part(
        &project.path(&format!("output/en/{}.docx", common::DOC)),
        "word/document.xml",
    );
    let deleted = text_within(&english, Some("w:del"));
    assert!(deleted.contains("last quarter"), "{deleted}");
    assert!(deleted.contains("Radiocommunication Assembly"), "{deleted}");
}

/// A corrigendum's Word file holds its corrections, each with its instruction, and the marks as
/// tracked changes; not the body.
#[test]
fn a_corrigendum_lists_its_corrections_in_word() {
    use common::revision::{committed, make_corrigendum};
    let project = committed();
    make_corrigendum(&project);
    project.build(&["--format", "docx", "--lang", "en", common::DOC]);
    let docx = project.path(&format!("output/en/{}.docx", common::DOC));
    let document = part(&docx, "word/document.xml");
    assert!(document.contains("Corrigendum 1 to Document C22/10-E"));
    assert!(
        document.contains("Replace Section 2, paragraph 2.6, second sentence by:"),
        "{document}"
    );
    assert_eq!(text_within(&document, Some("w:del")), "1012");
    assert_eq!(text_within(&document, Some("w:ins")), "1013");
    assert!(!document.contains("Resolution 77"), "only the corrections");
}
