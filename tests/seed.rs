//! Every sentence of the Chinese seed comes out of the build, in the Markdown and in the PDF.
//!
//! The seed (../shared/seed/) is the source the Chinese text was transcribed from. Numbering
//! labels are computed (so they are dropped before comparing), and the seed's own slips are
//! corrected by the glossary and the facts; each correction is listed in `CORRECTIONS`.

mod common;

use common::{TestProject, pdf_text, plain};

/// The seed's errors and inconsistencies, and what the computed text says instead.
const CORRECTIONS: [(&str, &str); 5] = [
    // The summary spells Kigali 基加里; everywhere else, and in the glossary, 基加利.
    ("基加里", "基加利"),
    // A stray digit inside 可持续 ("sustainable").
    ("可持4续", "可持续"),
    // One event of the series is 通向…之路, the seven others and the glossary 通往…之路.
    ("通向亚的斯亚贝巴之路", "通往亚的斯亚贝巴之路"),
    // The meeting symbol is TDAG-20/3 everywhere else.
    ("TDAG 20/3", "TDAG-20/3"),
    // Two days written 6日和7日; dates come from the facts and the zh range pattern.
    ("2021年11月6日和7日", "2021年11月6日至7日"),
];

fn seed_sentences() -> Vec<String> {
    let path = common::checks_dir().join("../seed/000_f16734b9bab004ee.txt");
    let mut text =
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    for (from, to) in CORRECTIONS {
        assert!(text.contains(from), "correction `{from}` no longer applies");
        text = text.replace(from, to);
    }
    // Table date ranges are written 18-19日 in the seed, 18日至19日 by the zh range pattern.
    let mut ranged = String::new();
    let mut rest = text.as_str();
    while let Some(at) = rest.find("日（") {
        let (head, tail) = rest.split_at(at);
        match head.rfind('-') {
            Some(dash)
                if head[dash + 1..].chars().all(|c| c.is_ascii_digit())
                    && head[..dash].ends_with(|c: char| c.is_ascii_digit()) =>
            {
                ranged.push_str(&head[..dash]);
                ranged.push_str("日至");
                ranged.push_str(&head[dash + 1..]);
            }
            _ => ranged.push_str(head),
        }
        ranged.push_str("日（");
        rest = &tail["日（".len()..];
    }
    ranged.push_str(rest);
    // A line break inside the last event of the series.
    let text = ranged.replace("（Partner2Connect），\n", "（Partner2Connect），");

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
    let pdf = pdf_text(&project.path("output/zh/wtdc-preparations.pdf"));
    let missing_md: Vec<&String> = sentences
        .iter()
        .filter(|s| !markdown.contains(s.as_str()))
        .collect();
    assert!(
        missing_md.is_empty(),
        "not in the Markdown: {missing_md:#?}"
    );
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
