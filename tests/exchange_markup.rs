//! Markup and placeholders in the translators' formats: XLIFF carries them as inline codes and
//! reads them back, PO keeps them as Markdown; an import that breaks one is refused, naming the
//! entry and its line, with nothing written. On `tests/fixtures/inline`, whose entry `first`
//! holds every construct of the inline subset.

mod common;

use common::{TestProject, have_tools, tool};

const DOCUMENT: &str = "inline";
const TEXTS: &str = "agenda/inline/text";
const FRENCH: &str = "agenda/inline/text/fr.yaml";

/// The fixture with the real project's symbol rules (for `[C22/35]`).
fn project() -> TestProject {
    let project = TestProject::fixture(DOCUMENT);
    std::fs::copy(
        common::repo().join("agendoc.toml"),
        project.path("agendoc.toml"),
    )
    .unwrap();
    project
}

/// Every text file of the document, byte for byte.
fn texts(project: &TestProject) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<_> = std::fs::read_dir(project.path(TEXTS))
        .unwrap()
        .map(|entry| {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&path).unwrap())
        })
        .collect();
    files.sort();
    files
}

/// The value of entry `id` in the French text (every entry there is one line but `first`).
fn french_entry(project: &TestProject, id: &str) -> String {
    let text = project.read(FRENCH);
    let source = agendoc::source::SourceFile::new(project.path(FRENCH), text);
    let raw: agendoc::source::raw::RawText = source.parse().unwrap();
    raw.entries[id].clone()
}

fn import(project: &TestProject, file: &str) -> std::process::Output {
    project
        .agendoc(&["i18n", "import", project.path(file).to_str().unwrap()])
        .output()
        .unwrap()
}

/// Writes `text` as `file`, imports it, and expects a refusal (exit 1) that names the file, the
/// entry `first` and its line, and says `expect`, with every text file left as it was.
fn refused(project: &TestProject, file: &str, text: &str, expect: &str) {
    project.write(file, text);
    let before = texts(project);
    let path = project.path(file);
    let stderr = project.fails(&["i18n", "import", path.to_str().unwrap()]);
    // A unit's line, or a PO entry's: that of its flags, just above its msgctxt.
    let line = text
        .lines()
        .position(|l| l.contains("<unit id=\"first\">") || l.contains("msgctxt \"first\""))
        .unwrap()
        + usize::from(file.ends_with(".xlf"));
    let named = [
        format!("unit `first` (line {line}): "),
        "entry `first`: the translation ".to_string(),
    ];
    assert!(
        stderr.contains(&format!("error: {}: ", path.display()))
            && named.iter().any(|n| stderr.contains(n.as_str()))
            && stderr.contains(&format!("line {line}")),
        "the file, the entry and its line are named:\n{stderr}"
    );
    assert!(stderr.contains(expect), "expected `{expect}`:\n{stderr}");
    assert!(stderr.contains("nothing was written"), "{stderr}");
    assert_eq!(texts(project), before, "the text files are byte-identical");
}

/// The XLIFF with the `<target>` of unit `first` replaced by `content`.
fn with_target(xliff: &str, content: &str) -> String {
    let unit = xliff.find("<unit id=\"first\">").unwrap();
    let start = unit + xliff[unit..].find("<target>").unwrap() + "<target>".len();
    let end = start + xliff[start..].find("</target>").unwrap();
    format!("{}{content}{}", &xliff[..start], &xliff[end..])
}

/// A translation of `first` with every code moved, well nested; its codes refer to the
/// original's data (d1–d13, in the order the original's codes open).
const REORDERED: &str = "<ph id=\"9\" dataRef=\"d13\"/>, <pc id=\"4\" dataRefStart=\"d6\" dataRefEnd=\"d7\">rapport</pc> et <pc id=\"6\" dataRefStart=\"d9\" dataRefEnd=\"d10\">la lettre</pc> (<ph id=\"5\" dataRef=\"d8\"/>, <ph id=\"7\" dataRef=\"d11\"/><ph id=\"8\" dataRef=\"d12\"/>) : <pc id=\"3\" dataRefStart=\"d4\" dataRefEnd=\"d5\">voir</pc> <pc id=\"1\" dataRefStart=\"d1\" dataRefEnd=\"d2\"><ph id=\"2\" dataRef=\"d3\"/></pc>&amp;nbsp;\\*.";

/// [`REORDERED`] as the Markdown an import writes.
const REORDERED_MARKDOWN: &str = "{{ date('day') }}, [rapport](https://www.itu.int/md/S22-CL-C-0001/en \"ITU\") et [la lettre](C22/36) ([C22/35], <https://www.itu.int/council>[^fn-source]) : *voir* **{{ term('wtdc-short') }}**&nbsp;\\*.";

#[test]
fn xliff_keeps_markup_as_inline_codes_and_round_trips_unchanged() {
    let project = project();
    let xliff = project.export_french(DOCUMENT, "xliff", "fr.xlf");
    if have_tools(
        "xliff_keeps_markup_as_inline_codes_and_round_trips_unchanged",
        &["xmllint"],
    ) {
        let status = tool("xmllint")
            .arg("--noout")
            .arg(project.path("fr.xlf"))
            .status()
            .unwrap();
        assert!(status.success(), "xmllint: well-formed");
    }
    let unit = &xliff[xliff.find("<unit id=\"first\">").unwrap()..];
    let unit = &unit[..unit.find("</unit>").unwrap()];
    // <originalData> sits in the unit, after its notes and before its segment.
    let notes = unit.find("</notes>").unwrap();
    let data = unit.find("<originalData>").unwrap();
    assert!(
        notes < data && data < unit.find("<segment").unwrap(),
        "{unit}"
    );
    for expected in [
        "<data id=\"d7\">](https://www.itu.int/md/S22-CL-C-0001/en \"ITU\")</data>",
        "<data id=\"d12\">[^fn-source]</data>",
        "<source>On <pc id=\"1\" dataRefStart=\"d1\" dataRefEnd=\"d2\" type=\"fmt\" subType=\"xlf:b\" canCopy=\"no\" canDelete=\"no\" dispStart=\"**\" dispEnd=\"**\"><ph id=\"2\" dataRef=\"d3\" canCopy=\"no\" canDelete=\"no\" disp=\"{{ term('wtdc-short') }}\"/></pc>",
        "<pc id=\"3\" dataRefStart=\"d4\" dataRefEnd=\"d5\" type=\"fmt\" subType=\"xlf:i\"",
        "<pc id=\"4\" dataRefStart=\"d6\" dataRefEnd=\"d7\" type=\"link\" canCopy=\"no\" canDelete=\"no\"",
        "<ph id=\"5\" dataRef=\"d8\" canCopy=\"no\" canDelete=\"no\" disp=\"[C22/35]\" equiv=\"C22/35\"/>",
        "<ph id=\"8\" dataRef=\"d12\" canCopy=\"no\" canDelete=\"no\" disp=\"[^fn-source]\"/>",
        "&amp;nbsp;\\*.</source>",
        // The translation's own forms: a date style, `__` for `**`.
        "<ph id=\"9\" dataRef=\"d14\" canCopy=\"no\" canDelete=\"no\" disp=\"{{ date('day', style='cover') }}\"/>",
        "<data id=\"d15\">__</data>",
    ] {
        assert!(unit.contains(expected), "`{expected}` in:\n{unit}");
    }
    // A translation with markup its original lacks keeps it as text.
    assert!(xliff.contains("<target>Un **point** à lettre.</target>"));

    let before = texts(&project);
    let output = import(&project, "fr.xlf");
    assert!(output.status.success(), "{output:?}");
    assert_eq!(
        texts(&project),
        before,
        "an untouched export imports as no change"
    );

    project.export_french(DOCUMENT, "po", "fr.po");
    let output = import(&project, "fr.po");
    assert!(output.status.success(), "{output:?}");
    assert_eq!(texts(&project), before);
}

#[test]
fn xliff_codes_moved_and_well_nested_are_written_as_markdown() {
    let project = project();
    let xliff = project.export_french(DOCUMENT, "xliff", "fr.xlf");
    project.write("fr.xlf", &with_target(&xliff, REORDERED));
    let output = import(&project, "fr.xlf");
    assert!(output.status.success(), "{output:?}");
    assert_eq!(french_entry(&project, "first"), REORDERED_MARKDOWN);

    // The same codes as `<sc>`/`<ec>`, as a tool writes a `<pc>` it moved.
    let split = REORDERED.replace(
        "<pc id=\"3\" dataRefStart=\"d4\" dataRefEnd=\"d5\">voir</pc>",
        "<sc id=\"3\" dataRef=\"d4\"/>vu<ec startRef=\"3\" dataRef=\"d5\"/>",
    );
    project.write("fr.xlf", &with_target(&xliff, &split));
    let output = import(&project, "fr.xlf");
    assert!(output.status.success(), "{output:?}");
    assert_eq!(
        french_entry(&project, "first"),
        REORDERED_MARKDOWN.replace("*voir*", "*vu*")
    );
}

/// Each way a CAT tool or a translator can break a code in XLIFF is refused.
#[test]
fn xliff_broken_codes_are_refused() {
    let project = project();
    let xliff = project.export_french(DOCUMENT, "xliff", "fr.xlf");
    let strong =
        "<pc id=\"1\" dataRefStart=\"d1\" dataRefEnd=\"d2\"><ph id=\"2\" dataRef=\"d3\"/></pc>";
    let cases = [
        (
            "a dropped <pc>",
            with_target(&xliff, &REORDERED.replace(strong, "<ph id=\"2\" dataRef=\"d3\"/>")),
            "drops the strong emphasis",
        ),
        (
            "an unbalanced <sc>",
            with_target(
                &xliff,
                &REORDERED.replace(strong, "<sc id=\"1\" dataRef=\"d1\"/><ph id=\"2\" dataRef=\"d3\"/>"),
            ),
            "code `1` is opened but never closed (unbalanced codes)",
        ),
        (
            "misnested codes",
            with_target(
                &xliff,
                &REORDERED
                    .replace(strong, "")
                    .replace(
                        "<pc id=\"3\" dataRefStart=\"d4\" dataRefEnd=\"d5\">voir</pc>",
                        "<sc id=\"1\" dataRef=\"d1\"/><sc id=\"3\" dataRef=\"d4\"/>voir<ph id=\"2\" dataRef=\"d3\"/><ec startRef=\"1\" dataRef=\"d2\"/><ec startRef=\"3\" dataRef=\"d5\"/>",
                    ),
            ),
            "code `1` closes before code `3`, opened inside it (misnested codes)",
        ),
        (
            "a changed link target",
            with_target(&xliff, REORDERED).replace(
                "<data id=\"d7\">](https://www.itu.int/md/S22-CL-C-0001/en \"ITU\")</data>",
                "<data id=\"d7\">](https://example.com/elsewhere \"ITU\")</data>",
            ),
            "changes the link target `[…](https://www.itu.int/md/S22-CL-C-0001/en \"ITU\")` to `[…](https://example.com/elsewhere \"ITU\")`",
        ),
        (
            "a dropped footnote <ph>",
            with_target(&xliff, &REORDERED.replace("<ph id=\"8\" dataRef=\"d12\"/>", "")),
            "drops the footnote reference `[^fn-source]`",
        ),
        (
            "a dropped placeholder <ph>",
            with_target(&xliff, &REORDERED.replace("<ph id=\"9\" dataRef=\"d13\"/>", "le 25")),
            "drops the placeholder `{{ date('day') }}`",
        ),
        (
            "an unknown code id",
            with_target(&xliff, &format!("{REORDERED}<ph id=\"99\" dataRef=\"d3\"/>")),
            "inline code `99` is no code of the source (an unknown code id)",
        ),
        (
            "a duplicated code",
            with_target(&xliff, &format!("{REORDERED}<ph id=\"8\" dataRef=\"d12\"/>")),
            "code `8` appears twice in the translation (a duplicated code)",
        ),
        (
            "data the unit lacks",
            with_target(&xliff, &REORDERED.replace("dataRef=\"d13\"", "dataRef=\"d99\"")),
            "code `9` refers to data `d99`, which <originalData> does not hold",
        ),
        (
            "markup typed as text",
            with_target(&xliff, &format!("{REORDERED} **gras**")),
            "does not read back as its inline codes",
        ),
    ];
    for (case, text, expect) in cases {
        eprintln!("case: {case}");
        refused(&project, "fr.xlf", &text, expect);
    }
}

/// Replaces the msgstr of entry `first` in a PO text.
fn set_first(po: &str, translation: &str) -> String {
    let at = po.find("msgctxt \"first\"").unwrap();
    let start = at + po[at..].find("msgstr ").unwrap();
    let end = po[start..].find("\n\n").map_or(po.len(), |e| start + e);
    format!(
        "{}msgstr {}{}",
        &po[..start],
        serde_json::to_string(translation).unwrap(),
        &po[end..]
    )
}

/// PO keeps the Markdown; the same breaks are refused, and moved markup is accepted.
#[test]
fn po_markup_is_explained_flagged_and_checked() {
    let project = project();
    let po = project.export_french(DOCUMENT, "po", "fr.po");
    let entry = &po[..po.find("msgctxt \"first\"").unwrap()];
    let entry = &entry[entry.rfind("\n\n").unwrap()..];
    assert!(
        entry.contains(&format!(
            "\n#. {}\n",
            agendoc::i18n::exchange::PO_MARKUP_RULE
        )) && entry.contains(&format!(
            "\n#, fuzzy, md-text, {}\n",
            agendoc::i18n::exchange::PO_MARKUP_FLAG
        )),
        "{entry}"
    );
    if have_tools("po_markup_is_explained_flagged_and_checked", &["msgfmt"]) {
        let status = tool("msgfmt")
            .args(["--check", "-o", "/dev/null"])
            .arg(project.path("fr.po"))
            .status()
            .unwrap();
        assert!(status.success(), "msgfmt --check accepts the flags");
    }
    let cases = [
        (
            REORDERED_MARKDOWN.replace("**{{ term('wtdc-short') }}**", "{{ term('wtdc-short') }}"),
            "drops the strong emphasis",
        ),
        (
            REORDERED_MARKDOWN.replace("*voir*", "*voir"),
            "drops the emphasis",
        ),
        (
            REORDERED_MARKDOWN.replace("&nbsp;", " *"),
            "has a `*` that Markdown does not pair",
        ),
        (
            REORDERED_MARKDOWN.replace("S22-CL-C-0001/en", "S22-CL-C-0002/en"),
            "changes the link target",
        ),
        (
            REORDERED_MARKDOWN.replace("[la lettre](C22/36)", "la lettre"),
            "drops the link `[…](C22/36)`",
        ),
        (
            REORDERED_MARKDOWN.replace("[^fn-source]", ""),
            "drops the footnote reference `[^fn-source]`",
        ),
        (
            format!("{REORDERED_MARKDOWN}[^fn-other]"),
            "has a `[` that Markdown does not pair",
        ),
        (
            REORDERED_MARKDOWN.replace("{{ date('day') }}", "Le 25"),
            "drops the placeholder `{{ date('day') }}`",
        ),
    ];
    for (translation, expect) in cases {
        eprintln!("case: {translation}");
        refused(&project, "fr.po", &set_first(&po, &translation), expect);
    }
    project.write("fr.po", &set_first(&po, REORDERED_MARKDOWN));
    let output = import(&project, "fr.po");
    assert!(output.status.success(), "{output:?}");
    assert_eq!(french_entry(&project, "first"), REORDERED_MARKDOWN);
}
