//! The real document builds, in every language and format, and renumbers itself on edits.

mod common;

use common::{DOC, LANGUAGES, TestProject, plain};

#[test]
fn builds_every_language_and_format_with_a_manifest() {
    let project = TestProject::real();
    project.build(&[]);
    let manifest: serde_json::Value =
        serde_json::from_str(&project.read("output/manifest.json")).unwrap();
    let files = manifest["files"].as_array().unwrap();
    for lang in LANGUAGES {
        for ext in ["md", "html", "pdf", "docx"] {
            let path = format!("{lang}/{DOC}.{ext}");
            let entry = files
                .iter()
                .find(|f| f["path"] == path.as_str())
                .unwrap_or_else(|| panic!("{path} not in manifest"));
            let bytes = std::fs::read(project.path(&format!("output/{path}"))).unwrap();
            assert_eq!(entry["bytes"], bytes.len() as u64);
            assert_eq!(entry["lang"], lang);
            assert_eq!(entry["format"], ext);
            let sha: String = <sha2::Sha256 as sha2::Digest>::digest(&bytes)
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect();
            assert_eq!(entry["sha256"], sha.as_str());
        }
    }
    assert!(files.iter().any(|f| f["path"] == "index.html"));
    project.agendoc(&["verify"]).assert().success();
}

#[test]
fn every_language_has_every_paragraph_table_and_agenda_item() {
    let project = TestProject::real();
    project.build(&["--format", "md", "--format", "html"]);
    for lang in LANGUAGES {
        let md = project.output(lang, "md");
        let html = project.output(lang, "html");
        for number in ["1.1", "1.3", "2.13", "3.1", "4.5", "5.1", "6.4"] {
            assert!(
                html.contains(&format!(">{number}</span>")),
                "{lang}: paragraph {number}"
            );
            assert!(
                md.contains(&format!("\n\n{number} ")),
                "{lang}: paragraph {number} in the Markdown"
            );
        }
        assert_eq!(
            md.lines().filter(|l| *l == "|---|---|---|---|").count(),
            1,
            "{lang}: the RPM table"
        );
        assert_eq!(
            md.lines().filter(|l| *l == "|---|---|").count(),
            1,
            "{lang}: the IRM table"
        );
        let items: Vec<usize> = html
            .match_indices("id=\"item-")
            .filter_map(|(at, _)| {
                html[at..]
                    .split('>')
                    .nth(1)?
                    .split(')')
                    .next()?
                    .parse()
                    .ok()
            })
            .collect();
        assert_eq!(
            items,
            (1..=14).collect::<Vec<_>>(),
            "{lang}: items 1)–14) in order"
        );
        let md_items: Vec<usize> = md
            .lines()
            .filter_map(|l| l.strip_prefix("- ")?.split_once("\\) ")?.0.parse().ok())
            .collect();
        assert_eq!(md_items, items, "{lang}: the Markdown's items");
        assert!(
            !md.contains("(translation pending)") && !md.contains("待翻译"),
            "{lang} is complete"
        );
    }
    // Sub-item lettering per language, from the locale data.
    for (lang, id, number) in [
        ("en", "item-wtsa-20", "c)"),
        ("zh", "item-wtsa-20", "c)"),
        ("ru", "item-wtsa-20", "c)"),
        ("ar", "item-wtsa-20", "ج)"),
        ("zh", "part-p2c", "三"),
        ("fr", "part-p2c", "III"),
    ] {
        assert!(
            project
                .output(lang, "html")
                .contains(&format!("id=\"{id}\">{number}</span>")),
            "{lang}: {id} is {number}"
        );
    }
    assert!(project.output("ar", "md").contains("\n  - ج) "));
    assert!(project.output("zh", "md").contains("\n### 三 "));
}

#[test]
fn inserting_an_item_renumbers_later_items_and_references() {
    let project = TestProject::real();
    let document = "agenda/wtdc-preparations/document.yaml";
    let english = "agenda/wtdc-preparations/text/en.yaml";
    // A cross-reference to item 8) and to sub-item 10 b), before the edit.
    project.edit(
        english,
        "  p2c-more-information: \"",
        "  p2c-more-information: \"See items {{ ref('item-itu-d-action-plan') }} and {{ ref('item-tdag-methods') }} of the {{ ref('annex') }}. ",
    );
    project.build(&["--format", "md", "--lang", "en"]);
    let before = plain(&project.output("en", "md"));
    assert!(before.contains("Seeitems8and10b)oftheAnnex."), "{before}");
    assert!(before.contains("14)Anyotherbusiness"));

    project.edit(
        document,
        "        - id: item-tdag-report\n",
        "        - id: item-tdag-report\n        - id: item-new-report\n",
    );
    project.edit(
        english,
        "  item-tdag-report: ",
        "  item-new-report: \"Report of the new group\"\n  item-tdag-report: ",
    );
    project.build(&["--format", "md", "--lang", "en"]);
    let after = plain(&project.output("en", "md"));
    assert!(after.contains("3)Reportofthenewgroup"), "{after}");
    assert!(
        after.contains("4)Reportsofthestudygroups")
            || after.contains("4)Studygroupreports")
            || after.contains("4)Report")
    );
    assert!(
        after.contains("Seeitems9and11b)oftheAnnex."),
        "references follow the renumbering"
    );
    assert!(after.contains("15)Anyotherbusiness"));
    assert!(!after.contains("14)Anyotherbusiness"));
}

#[test]
fn moving_the_conference_changes_every_sentence_in_every_language() {
    let project = TestProject::real();
    project.build(&["--format", "md"]);
    let old = [
        ("en", "6–16 June 2022"),
        ("zh", "2022年6月6日至16日"),
        ("fr", "du 6 au 16 juin 2022"),
        ("es", "del 6 al 16 de junio de 2022"),
        ("ru", "6–16 июня 2022 года"),
    ];
    for (lang, text) in old {
        assert!(
            project.output(lang, "md").contains(text),
            "{lang} shows {text}"
        );
    }
    project.edit(
        "agenda/wtdc-preparations/document.yaml",
        "wtdc: { start: 2022-06-06, end: 2022-06-16,",
        "wtdc: { start: 2022-07-04, end: 2022-07-15,",
    );
    project.build(&["--format", "md"]);
    let new = [
        ("en", "4–15 July 2022"),
        ("zh", "2022年7月4日至15日"),
        ("fr", "du 4 au 15 juillet 2022"),
        ("es", "del 4 al 15 de julio de 2022"),
        ("ru", "4–15 июля 2022 года"),
    ];
    for ((lang, old_text), (_, new_text)) in old.iter().zip(new) {
        let md = project.output(lang, "md");
        assert!(!md.contains(old_text), "{lang} still shows {old_text}");
        assert!(
            md.matches(new_text).count() >= 3,
            "{lang}: summary, 2.10 and 2.11 show {new_text}"
        );
    }
    assert!(project.output("ar", "md").contains("يوليو"));
}

#[test]
fn two_builds_give_identical_bytes() {
    let first = TestProject::real();
    let second = TestProject::real();
    first.build(&[]);
    second.build(&[]);
    assert_eq!(
        first.read("output/manifest.json"),
        second.read("output/manifest.json")
    );
    for lang in LANGUAGES {
        let a = std::fs::read(first.path(&format!("output/{lang}/{DOC}.pdf"))).unwrap();
        let b = std::fs::read(second.path(&format!("output/{lang}/{DOC}.pdf"))).unwrap();
        assert!(a == b, "{lang}: PDFs differ between two builds");
    }
}

#[test]
fn unchanged_outputs_are_not_rewritten() {
    let project = TestProject::real();
    project.build(&["--lang", "en"]);
    let pdf = project.path(&format!("output/en/{DOC}.pdf"));
    let mtime = std::fs::metadata(&pdf).unwrap().modified().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(50));
    let log = project.build(&["--lang", "en"]);
    assert!(log.contains(" 0 written,"), "{log}");
    assert_eq!(std::fs::metadata(&pdf).unwrap().modified().unwrap(), mtime);
}

#[test]
fn output_files_are_readable_by_everyone() {
    use std::os::unix::fs::PermissionsExt;
    let project = TestProject::real();
    project.build(&["--lang", "en", "--format", "md"]);
    let mode = std::fs::metadata(project.path(&format!("output/en/{DOC}.md")))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o644, 0o644);
}

#[test]
fn only_the_outputs_whose_inputs_changed_are_rebuilt() {
    let project = TestProject::real();
    project.build(&[]);
    let english_pdf = project.path(&format!("output/en/{DOC}.pdf"));
    let mtime = std::fs::metadata(&english_pdf).unwrap().modified().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(50));
    project.edit(
        "agenda/wtdc-preparations/text/fr.yaml",
        "  background: \"",
        "  background: \"Rappel: ",
    );
    let log = project.build(&[]);
    assert!(
        log.contains(" 4 written,"),
        "only French md, html, pdf and docx: {log}"
    );
    assert_eq!(
        std::fs::metadata(&english_pdf).unwrap().modified().unwrap(),
        mtime
    );
    assert!(project.output("fr", "md").contains("Rappel: "));
    let log = project.build(&["--force"]);
    assert!(
        log.contains(" 0 unchanged"),
        "--force rewrites everything: {log}"
    );
    project.agendoc(&["verify"]).assert().success();
}

#[test]
fn a_partial_build_writes_the_same_index_as_a_full_one() {
    let project = TestProject::real();
    project.build(&["--format", "html"]);
    let full = project.read("output/index.html");
    assert!(full.contains("council-2018-agenda") && full.contains(DOC));
    for partial in [
        vec![DOC],
        vec!["council-2018-agenda", "--lang", "fr"],
        vec!["--lang", "ar"],
    ] {
        let mut args = partial.clone();
        args.extend(["--format", "html"]);
        project.build(&args);
        assert_eq!(
            project.read("output/index.html"),
            full,
            "`build {}` changed the index",
            partial.join(" ")
        );
    }
    // A broken document elsewhere: the selected one builds, and the index is kept whole.
    project.edit(
        "agenda/council-2018-agenda/document.yaml",
        "kind: agenda",
        "kind: agendum",
    );
    let log = project.build(&[DOC, "--format", "html"]);
    assert!(log.contains("index.html kept as it was"), "{log}");
    assert_eq!(project.read("output/index.html"), full);
}

#[test]
fn a_replaced_font_of_the_same_size_rebuilds_the_pdfs() {
    let project = TestProject::real();
    let inputs = || {
        let manifest: serde_json::Value =
            serde_json::from_str(&project.read("output/manifest.json")).unwrap();
        let files = manifest["files"].as_array().unwrap().clone();
        files
            .into_iter()
            .find(|f| f["path"] == format!("en/{DOC}.pdf"))
            .map(|f| f["inputs"].as_str().unwrap().to_string())
            .unwrap()
    };
    project.build(&["--lang", "en", "--format", "pdf"]);
    let before = inputs();
    let font = project.path("fonts/NotoSans-Bold.ttf");
    let mut bytes = std::fs::read(&font).unwrap();
    // A byte of the padding after the last table changes, as a font update would change glyphs.
    let last = bytes.len() - 1;
    bytes[last] ^= 0xff;
    std::fs::write(&font, &bytes).unwrap();
    let log = project.build(&["--lang", "en", "--format", "pdf"]);
    assert_ne!(inputs(), before, "the PDF was not made again:\n{log}");
}
