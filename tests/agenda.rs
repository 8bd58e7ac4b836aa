//! Any agenda, not just one: the Council's draft agenda (a table with computed PL/ADM codes,
//! document symbols written once, three languages) next to the WTDC report's annex (a list
//! numbered 1) … 14) across parts).

mod common;

use common::{TestProject, plain};

const COUNCIL: &str = "council-2018-agenda";
const DOCUMENT: &str = "agenda/council-2018-agenda/document.yaml";
const TEXT: &str = "agenda/council-2018-agenda/text";
const LANGUAGES: [&str; 3] = ["en", "fr", "zh"];

fn council(project: &TestProject, lang: &str, ext: &str) -> String {
    project.read(&format!("output/{lang}/{COUNCIL}.{ext}"))
}

/// The code shown in the table row of item `id`, in the HTML page (the Markdown has no ids).
fn code_of(html: &str, id: &str) -> String {
    let marker = format!("<span class=\"code\" id=\"{id}\">");
    let at = html
        .find(&marker)
        .unwrap_or_else(|| panic!("no row for {id}"));
    let rest = &html[at + marker.len()..];
    rest[..rest.find("</span>").unwrap()].to_string()
}

#[test]
fn codes_are_computed_from_parts_and_positions_in_every_language() {
    let project = TestProject::real();
    project.build(&["--format", "md", "--format", "html"]);
    for lang in LANGUAGES {
        let md = council(&project, lang, "md");
        let html = council(&project, lang, "html");
        for (id, code) in [
            ("pl-policy", "PL 1"),
            ("pl-languages", "PL 1.7"),
            ("pl-terms-of-office", "PL 1.9"),
            ("pl-operational-plans", "PL 1.11"),
            ("pl-telecom-world", "PL 2.1"),
            ("pl-plenipotentiary", "PL 2.4"),
            ("pl-strategic-plan-report", "PL 3.1"),
            ("adm-imac", "ADM 1"),
            ("adm-satellite-cost-recovery", "ADM 6"),
            ("opening", ""),
            ("operational-plan-itu-r", ""),
        ] {
            assert_eq!(code_of(&html, id), code, "{lang}: {id}");
            if !code.is_empty() {
                assert!(md.contains(&format!("\n| {code} | ")), "{lang}: {code}");
            }
        }
        // Sub-items are marked to be indented (the Markdown indents them by em spaces); the
        // table has its three columns.
        assert!(html.contains("<span class=\"depth-1\"></span>"), "{lang}");
        assert!(html.contains("<span class=\"depth-2\"></span>"), "{lang}");
        assert!(md.contains("| PL 1.1 | \u{2003}"), "{lang}");
        assert!(md.contains("\n|  | \u{2003}\u{2003}"), "{lang}");
        assert!(md.contains("|---|---|---|"), "{lang}");
        // Symbols link to the page's language on ITU's document server.
        assert!(
            md.contains(&format!(
                "[C18/28(Rev.1)](https://www.itu.int/md/S18-CL-C-0028/{lang})"
            )) || md.contains(&format!(
                "[C18/28\\(Rev.1\\)](https://www.itu.int/md/S18-CL-C-0028/{lang})"
            )),
            "{lang}"
        );
        assert!(
            md.contains(&format!("https://www.itu.int/md/S18-CL-DT-0001/{lang}")),
            "{lang}"
        );
        assert!(html.contains(&format!(
            "<a href=\"https://www.itu.int/md/S18-CL-C-0035/{lang}\">C18/35</a>"
        )));
        assert!(
            !html.contains("(translation pending)") && !html.contains("traduction en cours"),
            "{lang} is complete"
        );
    }
    // The report's annex keeps its own scheme: 1) … 14) across parts, lettered sub-items.
    let html = project.read("output/en/wtdc-preparations.html");
    assert!(html.contains("id=\"item-other-business\">14)</span>"));
    assert!(html.contains("id=\"item-tdag-methods\">b)</span>"));
    let md = project.read("output/en/wtdc-preparations.md");
    assert!(md.contains("\n- 14\\) Any other business\n"));
    assert!(md.contains("\n  - b) Structure and working methods\n"));
}

#[test]
fn inserting_an_item_renumbers_later_codes_and_references_in_every_language() {
    let project = TestProject::real();
    for lang in LANGUAGES {
        project.edit(
            &format!("{TEXT}/{lang}.yaml"),
            "  organizational-matters: \"",
            "  organizational-matters: \"{{ ref('pl-languages') }} / {{ ref('pl-plenipotentiary') }} / ",
        );
    }
    project.build(&[
        "--format", "md", "--format", "html", "--lang", "en", "--lang", "fr", "--lang", "zh",
    ]);
    for lang in LANGUAGES {
        let md = council(&project, lang, "md");
        assert_eq!(
            code_of(&council(&project, lang, "html"), "pl-languages"),
            "PL 1.7"
        );
        assert!(plain(&md).contains("PL1.7/PL2.4/"), "{lang}");
    }

    project.edit(
        DOCUMENT,
        "            - pl-wsis-sdgs\n",
        "            - pl-wsis-sdgs\n            - pl-gender-equality\n",
    );
    project.edit(
        DOCUMENT,
        "            - pl-wrc-19\n",
        "            - pl-wrc-19\n            - pl-wtdc\n",
    );
    project.edit(
        &format!("{TEXT}/en.yaml"),
        "  pl-languages: ",
        "  pl-gender-equality: \"Gender equality and mainstreaming\"\n  pl-wtdc: \"Preparations for the World Telecommunication Development Conference\"\n  pl-languages: ",
    );
    project.build(&[
        "--format", "md", "--format", "html", "--lang", "en", "--lang", "fr", "--lang", "zh",
    ]);
    for lang in LANGUAGES {
        let md = council(&project, lang, "md");
        let html = council(&project, lang, "html");
        assert_eq!(code_of(&html, "pl-gender-equality"), "PL 1.5", "{lang}");
        assert_eq!(code_of(&html, "pl-languages"), "PL 1.8", "{lang}");
        assert_eq!(code_of(&html, "pl-operational-plans"), "PL 1.12", "{lang}");
        assert_eq!(code_of(&html, "pl-wtdc"), "PL 2.3", "{lang}");
        assert_eq!(code_of(&html, "pl-plenipotentiary"), "PL 2.5", "{lang}");
        assert_eq!(
            code_of(&html, "pl-strategic-plan-report"),
            "PL 3.1",
            "{lang}"
        );
        assert!(
            plain(&md).contains("PL1.8/PL2.5/"),
            "{lang}: references follow"
        );
    }
}

#[test]
fn a_symbol_is_written_once_shown_everywhere_and_never_translated() {
    let project = TestProject::real();
    project.build(&["--format", "md"]);
    let before = project
        .agendoc(&["i18n", "status", "--json"])
        .output()
        .unwrap();
    assert!(before.status.success());

    project.edit(
        DOCUMENT,
        "documents: [C18/81]",
        "documents: [C18/81(Rev.2)]",
    );
    project.build(&["--format", "md"]);
    for lang in LANGUAGES {
        let md = council(&project, lang, "md");
        assert!(
            md.contains("C18/81\\(Rev.2\\)") || md.contains("C18/81(Rev.2)"),
            "{lang}"
        );
        assert!(md.contains(&format!("https://www.itu.int/md/S18-CL-C-0081/{lang}")));
    }
    let status = project
        .agendoc(&["i18n", "status", "--json"])
        .output()
        .unwrap();
    let statuses: serde_json::Value = serde_json::from_slice(&status.stdout).unwrap();
    for entry in statuses.as_array().unwrap() {
        if entry["document"] == COUNCIL {
            assert_eq!(entry["stale"].as_array().unwrap().len(), 0, "{entry}");
            assert_eq!(entry["missing"].as_array().unwrap().len(), 0, "{entry}");
        }
    }
    for (format, file) in [("po", "fr.po"), ("xliff", "fr.xlf")] {
        let exported = project.export_french(COUNCIL, format, file);
        assert!(exported.contains("pl-terms-of-office"), "{format}");
        assert!(!exported.contains("C18/81"), "{format} carries no symbol");
        // What translators translate (msgid/msgstr, <source>/<target>) never holds a code;
        // location notes name the item by its code, to find it in the PDF.
        let units: String = exported
            .lines()
            .filter(|l| {
                l.starts_with("msgid")
                    || l.starts_with("msgstr")
                    || l.contains("<source>")
                    || l.contains("<target>")
            })
            .collect();
        assert!(!units.is_empty(), "{format}");
        for code in ["PL 1", "PL 2.4", "ADM 1"] {
            assert!(!units.contains(code), "{format} units carry `{code}`");
        }
        // The one symbol a translator meets is the one a text links to (the footnote's); the
        // items' `documents:` never reach them.
        for symbol in ["C18/DT/1", "C18/DT/2", "C18/12", "C18/28"] {
            assert!(!units.contains(symbol), "{format} units carry `{symbol}`");
        }
        assert!(
            exported.contains("item PL 1.9"),
            "{format}: the note locates the item"
        );
    }
}

#[test]
fn a_document_in_three_languages_is_built_checked_and_linked_in_those_only() {
    let project = TestProject::real();
    project.build(&[]);
    for lang in LANGUAGES {
        assert!(
            project
                .path(&format!("output/{lang}/{COUNCIL}.pdf"))
                .is_file()
        );
    }
    for lang in ["ar", "es", "ru"] {
        assert!(
            !project
                .path(&format!("output/{lang}/{COUNCIL}.md"))
                .exists()
        );
        assert!(
            project
                .path(&format!("output/{lang}/wtdc-preparations.md"))
                .exists()
        );
    }
    let index = project.read("output/index.html");
    assert!(index.contains(&format!("zh/{COUNCIL}.html")));
    assert!(!index.contains(&format!("ar/{COUNCIL}.html")));
    let page = council(&project, "fr", "html");
    assert!(page.contains("hreflang=\"zh\""));
    assert!(
        !page.contains("hreflang=\"ar\""),
        "no link to a language it lacks"
    );

    let output = project
        .agendoc(&["check", COUNCIL, "--format", "json"])
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(output.status.success(), "{stdout}");
    for lang in ["ar", "es", "ru"] {
        assert!(!stdout.contains(&format!("`{lang}`")), "{stdout}");
        assert!(!stdout.contains(&format!("text/{lang}.yaml")), "{stdout}");
    }
}

#[test]
fn a_declared_language_without_its_text_is_one_warning() {
    let project = TestProject::real();
    project.edit(
        DOCUMENT,
        "languages: [en, fr, zh]",
        "languages: [en, fr, zh, es]",
    );
    let output = project
        .agendoc(&["check", COUNCIL, "--lang", "es"])
        .output()
        .unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(output.status.success(), "{stderr}");
    assert_eq!(stderr.matches("warning[E0011").count(), 1, "{stderr}");
    assert!(stderr.contains("text/es.yaml is missing"), "{stderr}");
}

/// Breaks a copy of the real project and expects `code` at `needle` (after the edit), from
/// `check` and `build`, with nothing written.
fn refused(edits: &[(&str, &str, &str)], needle: (&str, &str), code: &str, hint: &str) {
    let project = TestProject::real();
    project.build(&["--format", "md", "--lang", "en"]);
    let manifest = project.read("output/manifest.json");
    for (file, from, to) in edits {
        project.edit(file, from, to);
    }
    let position = project.position(needle.0, needle.1);
    let check = project.fails(&["check"]);
    assert!(check.contains(code), "expected {code}:\n{check}");
    assert!(check.contains(&position), "expected {position}:\n{check}");
    assert!(check.contains(hint), "expected hint `{hint}`:\n{check}");
    let build = project.fails(&["build", "--format", "md", "--lang", "en"]);
    assert!(
        build.contains(&position) && build.contains("nothing was written"),
        "{build}"
    );
    assert_eq!(project.read("output/manifest.json"), manifest);
}

#[test]
fn a_pattern_that_gives_every_item_one_code_is_refused() {
    refused(
        &[(
            DOCUMENT,
            "item: { code: \"{prefix} {n}\" }",
            "item: { code: \"{prefix}\" }",
        )],
        (DOCUMENT, "pl-events\n"),
        "E0018 duplicate-code",
        "{n}",
    );
}

#[test]
fn a_pinned_code_that_collides_is_refused() {
    refused(
        &[(
            DOCUMENT,
            "        - adm-arrears\n",
            "        - { id: adm-arrears, code: ADM 2 }\n",
        )],
        (DOCUMENT, "ADM 2 }"),
        "E0018 duplicate-code",
        "pinned",
    );
}

#[test]
fn a_symbol_that_does_not_parse_is_refused() {
    refused(
        &[(DOCUMENT, "documents: [C18/81]", "documents: [C18-81]")],
        (DOCUMENT, "C18-81"),
        "E0019 bad-symbol",
        "Council document",
    );
}

#[test]
fn an_unknown_layout_is_refused() {
    refused(
        &[(DOCUMENT, "  layout: table", "  layout: tabel")],
        (DOCUMENT, "tabel"),
        "E0004 unknown-field",
        "did you mean `table`?",
    );
}

#[test]
fn a_language_without_locale_data_is_refused() {
    refused(
        &[(
            DOCUMENT,
            "languages: [en, fr, zh]",
            "languages: [en, fr, zh, de]",
        )],
        (DOCUMENT, "de]"),
        "E0016 unknown-language",
        "agenda/locales/de.yaml",
    );
}

#[test]
fn a_report_without_its_agenda_item_is_refused() {
    refused(
        &[(
            "agenda/wtdc-preparations/document.yaml",
            "  agenda-item: ADM 14\n",
            "  agenda-item: \"\"\n",
        )],
        ("agenda/wtdc-preparations/document.yaml", "\"\"\n  number"),
        "E0005 missing-field",
        "agenda-item: ADM 14",
    );
}

#[test]
fn a_numbering_placeholder_that_does_not_exist_is_refused() {
    refused(
        &[(
            DOCUMENT,
            "code: \"{parent}.{n}\"",
            "code: \"{parent}.{number}\"",
        )],
        (DOCUMENT, "number}"),
        "E0014 invalid-value",
        "{n}, {label}, {parent} and {prefix}",
    );
}
