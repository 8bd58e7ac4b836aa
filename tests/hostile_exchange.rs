//! Hostile translation files: each is refused by `agendoc i18n import` with exit 1, an error
//! naming the file and what is wrong with it (its line, unit or entry where there is one), and
//! nothing written.

mod common;

use std::collections::BTreeMap;

use common::TestProject;

const DOCUMENT: &str = "wtdc-preparations";
const FRENCH: &str = "agenda/wtdc-preparations/text/fr.yaml";

/// Imports `file` (already written into the project), expecting a refusal that names the file and
/// says `expect`; asserts the French text is untouched. Returns stderr.
fn refused(project: &TestProject, file: &str, expect: &str) -> String {
    refused_with(project, file, &[], expect)
}

fn refused_with(project: &TestProject, file: &str, extra: &[&str], expect: &str) -> String {
    let before = std::fs::read(project.path(FRENCH)).unwrap();
    let path = project.path(file);
    let mut args = vec!["i18n", "import"];
    args.extend_from_slice(extra);
    args.push(path.to_str().unwrap());
    let stderr = project.fails(&args);
    assert!(
        stderr.contains(&format!("error: {}: ", path.display())),
        "the file is named:\n{stderr}"
    );
    assert!(stderr.contains(expect), "expected `{expect}`:\n{stderr}");
    assert!(stderr.contains("nothing was written"), "{stderr}");
    assert_eq!(
        std::fs::read(project.path(FRENCH)).unwrap(),
        before,
        "the YAML is byte-identical"
    );
    common::assert_no_temporary_files(&project.path("agenda/wtdc-preparations/text"));
    stderr
}

fn xliff(project: &TestProject) -> String {
    project.export_french(DOCUMENT, "xliff", "fr.xlf")
}

fn po(project: &TestProject) -> String {
    project.export_french(DOCUMENT, "po", "fr.po")
}

/// One unit of a minimal XLIFF 2.0 file for the document.
fn xliff_file(prolog: &str, target: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n{prolog}\n<xliff xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" version=\"2.0\" srcLang=\"en\" trgLang=\"fr\">\n <file id=\"{DOCUMENT}\">\n  <unit id=\"background\">\n   <segment state=\"translated\">\n    <source>Background</source>\n    <target>{target}</target>\n   </segment>\n  </unit>\n </file>\n</xliff>\n"
    )
}

#[test]
fn refuses_a_doctype_with_an_external_entity() {
    let project = TestProject::real();
    project.write(
        "xxe.xlf",
        &xliff_file(
            "<!DOCTYPE xliff [ <!ENTITY xxe SYSTEM \"file:///etc/passwd\"> ]>",
            "&xxe;",
        ),
    );
    refused(
        &project,
        "xxe.xlf",
        "line 2: a DOCTYPE declaration is refused",
    );
}

#[test]
fn refuses_entity_expansion() {
    let project = TestProject::real();
    let mut entities = String::from("<!ENTITY lol \"lol\">");
    for level in 1..10 {
        let previous = if level == 1 {
            "lol".to_string()
        } else {
            format!("lol{}", level - 1)
        };
        entities.push_str(&format!(
            "<!ENTITY lol{level} \"{}\">",
            format!("&{previous};").repeat(10)
        ));
    }
    project.write(
        "laughs.xlf",
        &xliff_file(&format!("<!DOCTYPE xliff [{entities}]>"), "&lol9;"),
    );
    refused(&project, "laughs.xlf", "a DOCTYPE declaration is refused");
}

#[test]
fn refuses_a_file_too_large_before_reading_it() {
    let project = TestProject::real();
    // Sparse: 100 MiB on paper, nothing on disk.
    let file = std::fs::File::create(project.path("huge.po")).unwrap();
    file.set_len(100 * 1024 * 1024).unwrap();
    refused(
        &project,
        "huge.po",
        "the file is 100.0 MiB; translation files over 16 MiB are refused",
    );
}

#[test]
fn refuses_invalid_utf8_naming_its_line() {
    let project = TestProject::real();
    let text = po(&project);
    let at = text.find("msgctxt \"background\"").unwrap();
    let line = text[..at].matches('\n').count() + 1;
    let mut bytes = text.as_bytes()[..at].to_vec();
    bytes.extend_from_slice(b"# caf\xe9\n");
    bytes.extend_from_slice(&text.as_bytes()[at..]);
    std::fs::write(project.path("latin1.po"), bytes).unwrap();
    refused(
        &project,
        "latin1.po",
        &format!("line {line}: not valid UTF-8"),
    );
}

#[test]
fn refuses_another_xliff_version_or_namespace() {
    let project = TestProject::real();
    project.write(
        "v12.xlf",
        "<?xml version=\"1.0\"?>\n<xliff version=\"1.2\" xmlns=\"urn:oasis:names:tc:xliff:document:1.2\">\n <file original=\"x\" source-language=\"en\" target-language=\"fr\" datatype=\"plaintext\"><body>\n  <trans-unit id=\"background\"><source>Background</source><target>Contexte</target></trans-unit>\n </body></file>\n</xliff>\n",
    );
    refused(&project, "v12.xlf", "line 2: XLIFF 1.2");
    let text = xliff(&project);
    project.write(
        "ns.xlf",
        &text.replace(
            "urn:oasis:names:tc:xliff:document:2.0",
            "urn:example:not-xliff",
        ),
    );
    refused(&project, "ns.xlf", "namespace `urn:example:not-xliff`");
    project.write(
        "v3.xlf",
        &text.replace("version=\"2.0\"", "version=\"3.0\""),
    );
    refused(&project, "v3.xlf", "XLIFF version `3.0`");
}

#[test]
fn refuses_a_unit_given_twice() {
    let project = TestProject::real();
    let text = xliff(&project);
    let at = text.find("<unit id=\"background\">").unwrap();
    let end = at + text[at..].find("</unit>").unwrap() + "</unit>".len();
    let unit = &text[at..end];
    let twice = format!(
        "{}{unit}\n  {}{}",
        &text[..end],
        unit.replace("<target>", "<target>Autre "),
        &text[end..]
    );
    project.write("twice.xlf", &twice);
    refused(
        &project,
        "twice.xlf",
        "unit `background` appears twice (lines",
    );
}

#[test]
fn refuses_ids_of_another_document_or_of_none() {
    let project = TestProject::real();
    let entries = |document: &str| -> BTreeMap<String, serde_yaml::Value> {
        let text = project.read(&format!("agenda/{document}/text/en.yaml"));
        let file: BTreeMap<String, serde_yaml::Value> = serde_yaml::from_str(&text).unwrap();
        serde_yaml::from_value(file["entries"].clone()).unwrap()
    };
    let ours = entries(DOCUMENT);
    let theirs = entries("council-2018-agenda");
    let foreign = theirs.keys().find(|k| !ours.contains_key(*k)).unwrap();
    let text = xliff(&project);
    project.write(
        "foreign.xlf",
        &text.replacen(
            "<unit id=\"background\">",
            &format!("<unit id=\"{foreign}\">"),
            1,
        ),
    );
    refused(
        &project,
        "foreign.xlf",
        &format!("entry `{foreign}` does not belong to document `wtdc-preparations` (line"),
    );
    project.write(
        "unknown.xlf",
        &text.replacen("<unit id=\"background\">", "<unit id=\"backgruond\">", 1),
    );
    let stderr = refused(
        &project,
        "unknown.xlf",
        "does not belong to document `wtdc-preparations`",
    );
    assert!(stderr.contains("did you mean `background`"), "{stderr}");
}

#[test]
fn refuses_a_target_language_that_is_not_the_one_asked_for() {
    let project = TestProject::real();
    let text = xliff(&project);
    project.write("es.xlf", &text.replace("trgLang=\"fr\"", "trgLang=\"es\""));
    refused_with(
        &project,
        "es.xlf",
        &["--lang", "fr"],
        "the file is for `es` (its `trgLang` language), not `fr`",
    );
    project.write("xx.xlf", &text.replace("trgLang=\"fr\"", "trgLang=\"xx\""));
    refused(&project, "xx.xlf", "not a language of this project");
    project.write("en.xlf", &text.replace("trgLang=\"fr\"", "trgLang=\"en\""));
    refused(
        &project,
        "en.xlf",
        "the original language of wtdc-preparations",
    );
    // A target that says it is in another language than the file.
    project.write(
        "mixed.xlf",
        &text.replacen("<target>", "<target xml:lang=\"es\">", 1),
    );
    refused(
        &project,
        "mixed.xlf",
        "a <target> in `es` in a file for `fr`",
    );
}

/// Replaces the msgstr of `id` in a PO text by `line` (written as is).
fn with_msgstr_line(po: &str, id: &str, line: &str) -> String {
    let at = po.find(&format!("msgctxt \"{id}\"")).unwrap();
    let start = po[at..].find("msgstr ").unwrap() + at;
    let end = po[start..].find("\n\n").map_or(po.len(), |e| start + e);
    format!("{}{line}{}", &po[..start], &po[end..])
}

fn line_of(text: &str, needle: &str) -> usize {
    text[..text.find(needle).unwrap()].matches('\n').count() + 1
}

#[test]
fn refuses_a_po_string_with_a_bad_escape() {
    let project = TestProject::real();
    let edited = with_msgstr_line(&po(&project), "background", "msgstr \"Contexte \\q\"");
    project.write("escape.po", &edited);
    let line = line_of(&edited, "Contexte \\q");
    refused(
        &project,
        "escape.po",
        &format!("line {line}: unknown escape `\\q`"),
    );
}

#[test]
fn refuses_po_plural_forms() {
    let project = TestProject::real();
    let text = po(&project);
    let at = text.find("msgctxt \"background\"").unwrap();
    let msgstr = at + text[at..].find("msgstr ").unwrap();
    let edited = format!(
        "{}msgid_plural \"Backgrounds\"\nmsgstr[0] \"Contexte\"\nmsgstr[1] \"Contextes\"{}",
        &text[..msgstr],
        &text[msgstr + text[msgstr..].find("\n\n").unwrap()..]
    );
    project.write("plural.po", &edited);
    refused(
        &project,
        "plural.po",
        &format!(
            "entry `background` (line {}): plural forms",
            line_of(&edited, "msgctxt \"background\"")
        ),
    );
}

#[test]
fn refuses_a_po_msgctxt_given_twice() {
    let project = TestProject::real();
    let text = po(&project);
    let duplicate = "\nmsgctxt \"background\"\nmsgid \"Background\"\nmsgstr \"Arrière-plan\"\n";
    let edited = format!("{}{duplicate}", text);
    project.write("twice.po", &edited);
    let first = line_of(&edited, "msgctxt \"background\"");
    let second = edited.matches('\n').count() - 2;
    refused(
        &project,
        "twice.po",
        &format!("entry `background` appears twice (msgctxt on lines {first} and {second})"),
    );
}

/// Obsolete entries (`#~`), which msgmerge and Weblate keep for entries gone from the template,
/// are no translation of anything current: ignored, with a note; the rest is imported.
#[test]
fn ignores_obsolete_po_entries_with_a_note() {
    let project = TestProject::real();
    let text = with_msgstr_line(&po(&project), "background", "msgstr \"Historique\"");
    let edited = format!(
        "{text}\n#~ msgctxt \"item-other-business\"\n#~ msgid \"Any other business\"\n#~ msgstr \"Autrefois\"\n"
    );
    project.write("obsolete.po", &edited);
    let line = line_of(&edited, "#~ msgctxt");
    let output = project
        .agendoc(&[
            "i18n",
            "import",
            project.path("obsolete.po").to_str().unwrap(),
        ])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "note: {}: line {line}: obsolete entry (`#~`) ignored",
            project.path("obsolete.po").display()
        )),
        "{stderr}"
    );
    let french = project.read(FRENCH);
    assert!(french.contains("  background: \"Historique\"\n"));
    assert!(!french.contains("Autrefois"));
}
