//! Every sentence of the Chinese seed comes out of the build, in the Markdown and in the PDF.
//!
//! The seed (`tests/fixtures/seed/`, the Chinese text as received) is the source the Chinese text was transcribed from. Numbering
//! labels are computed (so they are dropped before comparing), and the seed's own slips are
//! corrected by the glossary and the facts; each correction is listed in `CORRECTIONS`.

mod common;

use common::{TestProject, have_tools, pdf_text, plain};

/// The seed's errors and inconsistencies, and what the computed text says instead. Its dates need
/// none: the zh locale's date styles write them as it does, with 至 in running text, 和 for two
/// days ("2021年11月6日和7日") and compact in table cells ("2021年1月18-19日").
const CORRECTIONS: [(&str, &str); 6] = [
    // The summary spells Kigali 基加里; everywhere else, and in the glossary, 基加利.
    ("基加里", "基加利"),
    // A stray digit inside 可持续 ("sustainable").
    ("可持4续", "可持续"),
    // One event of the series is 通向…之路, the seven others and the glossary 通往…之路.
    ("通向亚的斯亚贝巴之路", "通往亚的斯亚贝巴之路"),
    // The meeting symbol is TDAG-20/3 everywhere else.
    ("TDAG 20/3", "TDAG-20/3"),
    // Paragraph 2.9 calls DM-21/1025 a circular (通函); it is the Chair's letter (函) to Council
    // Members, as paragraph 2.8 says (DM-21/1025号函), not a circular letter to Member States.
    ("DM-21/1025号通函", "DM-21/1025号函"),
    // The annex's Part III calls the coalition 伙伴关系促进互连互通 where the body's section 6 and
    // the glossary name it Partner2Connect; the title now asks the glossary for the name.
    (
        "伙伴关系促进互连互通（P2C）数字联盟",
        "Partner2Connect（P2C）数字联盟",
    ),
];

fn seed_sentences() -> Vec<String> {
    let path = common::repo().join("tests/fixtures/seed/wtdc-preparations.zh.txt");
    let mut text =
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    for (from, to) in CORRECTIONS {
        assert!(text.contains(from), "correction `{from}` no longer applies");
        text = text.replace(from, to);
    }
    // A line break inside the last event of the series.
    let text = text.replace("（Partner2Connect），\n", "（Partner2Connect），");

    let mut sentences = Vec::new();
    for line in text.lines() {
        let mut line = line.to_string();
        while let Some(start) = line.find("[bookmark:") {
            let end = line[start..]
                .find(']')
                .map_or(line.len(), |e| start + e + 1);
            line.replace_range(start..end, "");
        }
        // Drop the numbering label before a tab: 1, 1.1, 5., a), 1), 一, III, •, –.
        let line = match line.split_once('\t') {
            Some((label, body)) if label.chars().count() <= 4 => body.to_string(),
            _ => line,
        };
        let line = line.trim();
        if line.is_empty() || line.starts_with("___") {
            continue;
        }
        for sentence in line.split_inclusive(['。', '；']) {
            let sentence: String = sentence.chars().filter(|c| !c.is_whitespace()).collect();
            if sentence.chars().count() > 1 {
                sentences.push(sentence);
            }
        }
    }
    sentences
}

#[test]
fn the_chinese_build_contains_every_sentence_of_the_seed() {
    let sentences = seed_sentences();
    assert!(
        sentences.len() > 150,
        "the seed parsed into {} sentences",
        sentences.len()
    );
    let project = TestProject::real();
    project.build(&["--lang", "zh", "--lang", "en"]);
    let markdown = plain(&project.output("zh", "md"));
    let missing_md: Vec<&String> = sentences
        .iter()
        .filter(|s| !markdown.contains(s.as_str()))
        .collect();
    assert!(
        missing_md.is_empty(),
        "not in the Markdown: {missing_md:#?}"
    );
    if !have_tools(
        "the_chinese_build_contains_every_sentence_of_the_seed",
        &["pdftotext"],
    ) {
        return;
    }
    let pdf = pdf_text(&project.path("output/zh/wtdc-preparations.pdf"));
    let missing_pdf: Vec<&String> = sentences
        .iter()
        .filter(|s| !pdf.contains(s.as_str()))
        .collect();
    assert!(
        missing_pdf.is_empty(),
        "not in the PDF text: {missing_pdf:#?}"
    );
}

#[test]
fn kigali_is_spelled_one_way_in_each_language() {
    let project = TestProject::real();
    project.build(&["--format", "md"]);
    for (lang, right, wrong) in [
        ("zh", "基加利", "基加里"),
        ("en", "Kigali", "Kigaly"),
        ("ar", "كيغالي", "كيجالي"),
        ("ru", "Кигали", "Кигаль"),
    ] {
        let md = project.output(lang, "md");
        assert!(md.contains(right), "{lang}");
        assert!(!md.contains(wrong), "{lang} spells Kigali {wrong}");
    }
}
