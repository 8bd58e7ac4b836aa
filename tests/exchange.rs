//! Translators' round trip through XLIFF and PO, with the outside tools that judge the files.

mod common;

use std::process::Command;

use common::{TestProject, have_tools, tool};

const FRENCH: &str = "agenda/wtdc-preparations/text/fr.yaml";
const ENGLISH: &str = "agenda/wtdc-preparations/text/en.yaml";

fn export(project: &TestProject, format: &str, file: &str) -> String {
    project.export_french("wtdc-preparations", format, file)
}

fn french_line(project: &TestProject, id: &str) -> String {
    let text = project.read(FRENCH);
    let line = text
        .lines()
        .find(|l| l.starts_with(&format!("  {id}: ")))
        .unwrap()
        .to_string();
    serde_json::from_str(line.split_once(": ").unwrap().1).unwrap()
}

/// Lines that differ between two versions of a file.
fn changed_lines(before: &str, after: &str) -> Vec<String> {
    let a: Vec<&str> = before.lines().collect();
    let b: Vec<&str> = after.lines().collect();
    assert_eq!(a.len(), b.len(), "no line added or removed");
    a.iter()
        .zip(&b)
        .filter(|(x, y)| x != y)
        .map(|(_, y)| y.to_string())
        .collect()
}

fn po_escape(text: &str) -> String {
    serde_json::to_string(text).unwrap()
}

#[test]
fn po_round_trip_changes_only_the_edited_entries() {
    let project = TestProject::real();
    let po = export(&project, "po", "fr.po");
    if have_tools("po_round_trip_changes_only_the_edited_entries", &["msgfmt"]) {
        let status = tool("msgfmt")
            .args(["--check", "-o", "/dev/null"])
            .arg(project.path("fr.po"))
            .status()
            .unwrap();
        assert!(status.success(), "msgfmt --check accepts the PO");
    }
    assert!(po.contains("msgctxt \"bg-res-77\"") && po.contains("#. Section 1, paragraph 1.2"));

    let before = project.read(FRENCH);
    let mut edited = po.clone();
    for (id, new) in [
        ("background", "Historique"),
        ("item-other-business", "Questions diverses"),
    ] {
        let old = french_line(&project, id);
        let from = format!("msgctxt \"{id}\"");
        let at = edited.find(&from).unwrap();
        let msgstr = edited[at..]
            .find(&format!("msgstr {}", po_escape(&old)))
            .unwrap()
            + at;
        edited.replace_range(
            msgstr..msgstr + "msgstr ".len() + po_escape(&old).len(),
            &format!("msgstr {}", po_escape(new)),
        );
    }
    project.write("fr.po", &edited);
    project
        .agendoc(&["i18n", "import", project.path("fr.po").to_str().unwrap()])
        .assert()
        .success();
    let after = project.read(FRENCH);
    let changed = changed_lines(&before, &after);
    assert_eq!(
        changed,
        [
            "  background: \"Historique\"",
            "  item-other-business: \"Questions diverses\""
        ]
    );
    project.build(&["--lang", "fr", "--format", "md"]);
    let md = project.output("fr", "md");
    assert!(md.contains("Historique") && md.contains("Questions diverses"));
}

#[test]
fn xliff_round_trip_and_structure() {
    let project = TestProject::real();
    let xliff = export(&project, "xliff", "fr.xlf");
    if have_tools("xliff_round_trip_and_structure", &["xmllint"]) {
        let status = tool("xmllint")
            .arg("--noout")
            .arg(project.path("fr.xlf"))
            .status()
            .unwrap();
        assert!(status.success(), "xmllint: well-formed");
    }
    assert!(xliff.contains("<xliff xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" version=\"2.0\" srcLang=\"en\" trgLang=\"fr\">"));
    assert!(xliff.contains("<file id=\"wtdc-preparations\""));
    assert!(xliff.contains("<unit id=\"item-tdag-authority\">"));
    assert!(
        xliff.contains("<note category=\"location\">Annex, Part II, item 10 a)</note>"),
        "location note"
    );
    assert_eq!(
        xliff.matches("<unit ").count(),
        xliff.matches("<source>").count()
    );

    let before = project.read(FRENCH);
    let old = french_line(&project, "item-study-group-methods");
    let escaped = old
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;");
    let unit_at = xliff
        .find("<unit id=\"item-study-group-methods\">")
        .unwrap();
    let unit_end = unit_at + xliff[unit_at..].find("</unit>").unwrap();
    let unit = xliff[unit_at..unit_end].replacen(
        &format!("<target>{escaped}</target>"),
        "<target>Structure &amp; méthodes</target>",
        1,
    );
    let edited = format!("{}{unit}{}", &xliff[..unit_at], &xliff[unit_end..]);
    assert_ne!(edited, xliff);
    project.write("fr.xlf", &edited);
    project
        .agendoc(&[
            "i18n",
            "import",
            "--lang",
            "fr",
            project.path("fr.xlf").to_str().unwrap(),
        ])
        .assert()
        .success();
    let changed = changed_lines(&before, &project.read(FRENCH));
    assert_eq!(changed.len(), 1, "{changed:?}");
    assert_eq!(
        french_line(&project, "item-study-group-methods"),
        "Structure & méthodes"
    );
}

#[test]
fn stale_entries_export_as_fuzzy_and_import_clean() {
    let project = TestProject::real();
    project.edit(ENGLISH, "  bg-res-77: \"", "  bg-res-77: \"As recalled, ");
    let po = export(&project, "po", "fr.po");
    let at = po.find("msgctxt \"bg-res-77\"").unwrap();
    let before_entry = &po[..at];
    let flags = before_entry.trim_end().rsplit('\n').next().unwrap();
    assert!(
        flags.starts_with("#, fuzzy, placeholders:"),
        "stale entry is fuzzy: {flags}"
    );
    let xliff = export(&project, "xliff", "fr.xlf");
    let unit = &xliff[xliff.find("<unit id=\"bg-res-77\">").unwrap()..];
    assert!(unit[..unit.find("</unit>").unwrap()].contains("subState=\"agendoc:needs-review\""));

    // The translator reviews it: the tool drops the fuzzy flag.
    let reviewed = format!(
        "{}{}{}",
        &before_entry[..before_entry.len() - flags.len() - 1],
        flags.replacen("fuzzy, ", "", 1),
        &po[at - 1..]
    );
    project.write("fr.po", &reviewed);
    project
        .agendoc(&["i18n", "import", project.path("fr.po").to_str().unwrap()])
        .assert()
        .success();
    let fr = project.french_status();
    assert_eq!(fr["stale"], serde_json::json!([]), "{fr}");
}

fn refused(edit: impl Fn(&str) -> String, expect: &str) {
    let project = TestProject::real();
    let po = export(&project, "po", "fr.po");
    project.write("fr.po", &edit(&po));
    let before = std::fs::read(project.path(FRENCH)).unwrap();
    let stderr = project.fails(&["i18n", "import", project.path("fr.po").to_str().unwrap()]);
    assert!(stderr.contains(expect), "expected `{expect}`:\n{stderr}");
    assert!(stderr.contains("nothing was written"));
    assert_eq!(
        std::fs::read(project.path(FRENCH)).unwrap(),
        before,
        "the YAML is byte-identical"
    );
}

/// Replaces the msgstr of `id` in a PO text.
fn set_msgstr(po: &str, id: &str, new: &str) -> String {
    let at = po.find(&format!("msgctxt \"{id}\"")).unwrap();
    let start = po[at..].find("msgstr ").unwrap() + at;
    let end = po[start..].find("\n\n").map_or(po.len(), |e| start + e);
    format!("{}msgstr {}{}", &po[..start], po_escape(new), &po[end..])
}

#[test]
fn refuses_a_dropped_placeholder() {
    refused(
        |po| {
            set_msgstr(
                po,
                "venue-cl-19-33",
                "La lettre circulaire du 22 juillet 2019",
            )
        },
        "entry `venue-cl-19-33`: the translation drops the placeholder",
    );
}

#[test]
fn refuses_an_invented_placeholder() {
    refused(
        |po| set_msgstr(po, "background", "Contexte {{ term('kigali') }}"),
        "entry `background`: the translation invents the placeholder",
    );
}

#[test]
fn refuses_another_document_or_language() {
    refused(
        |po| {
            po.replace(
                "Project-Id-Version: wtdc-preparations",
                "Project-Id-Version: other-report",
            )
        },
        "document `other-report`",
    );
    refused(|po| po.replace("Language: fr", "Language: de"), "`de`");
    refused(
        |po| po.replace("msgctxt \"background\"", "msgctxt \"no-such-entry\""),
        "entry `no-such-entry` does not belong",
    );
}

#[test]
fn review_page_highlights_stale_entries_with_the_change() {
    let project = TestProject::real();
    let git = |args: &[&str]| {
        let status = Command::new("git")
            .arg("-C")
            .arg(project.dir.path())
            .args(args)
            .status()
            .unwrap();
        assert!(status.success());
    };
    git(&["init", "-q"]);
    git(&["-c", "user.name=t", "-c", "user.email=t@t", "add", "-A"]);
    git(&[
        "-c",
        "user.name=t",
        "-c",
        "user.email=t@t",
        "commit",
        "-qm",
        "base",
    ]);
    project.edit(ENGLISH, "  bg-res-77: \"", "  bg-res-77: \"As recalled, ");
    project.i18n_french("review", &[]);
    let page = project.read("output/fr/wtdc-preparations.review.html");
    assert!(page.contains("<tr class=\"stale\"><th scope=\"row\"><code>bg-res-77</code>"));
    assert!(
        page.contains("<ins>As"),
        "the change since translation is shown:\n{page}"
    );
    assert!(page.contains("1 stale, 0 missing"));
}

/// `text/fr.yaml` with the line of entry `id` under `entries:` removed; its fingerprint under
/// `translated-from:` stays.
fn remove_french_entry(project: &TestProject, id: &str) -> String {
    let original = project.read(FRENCH);
    let line = original
        .lines()
        .find(|l| l.starts_with(&format!("  {id}: \"")))
        .unwrap()
        .to_string();
    project.write(FRENCH, &original.replacen(&format!("{line}\n"), "", 1));
    original
}

/// Regression: importing a translation of an entry missing from `entries:` (its fingerprint
/// still under `translated-from:`) wrote it over the fingerprint line at the end of the file,
/// left the entry missing and reported "imported 1 changed entr(ies)".
#[test]
fn importing_a_removed_entry_puts_it_back_in_entries_not_over_its_fingerprint() {
    let project = TestProject::real();
    let original = remove_french_entry(&project, "bg-res-77");
    let text = french_line_in(&original, "bg-res-77");
    let po = export(&project, "po", "fr.po");
    project.write("fr.po", &set_msgstr(&po, "bg-res-77", &text));
    let output = project
        .agendoc(&["i18n", "import", project.path("fr.po").to_str().unwrap()])
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    assert!(
        String::from_utf8_lossy(&output.stdout).contains("imported 1 changed entr(ies)"),
        "{output:?}"
    );
    assert_eq!(
        project.read(FRENCH),
        original,
        "the entry is back at its place, every other byte as it was"
    );
    let fr = project.french_status();
    assert_eq!(fr["missing"], serde_json::json!([]), "{fr}");
    assert_eq!(fr["stale"], serde_json::json!([]), "{fr}");
}

fn french_line_in(text: &str, id: &str) -> String {
    let line = text
        .lines()
        .find(|l| l.starts_with(&format!("  {id}: \"")))
        .unwrap();
    serde_json::from_str(line.split_once(": ").unwrap().1).unwrap()
}

/// Regression: the line-based update replaced only the first line of a block scalar, leaving its
/// other lines to break the file (or to become part of the next entry).
#[test]
fn import_replaces_block_scalars_whole_and_keeps_comments() {
    let project = TestProject::real();
    let background = french_line(&project, "background");
    let other = french_line(&project, "item-other-business");
    let block = "  background: |-\n    Contexte\n    sur deux lignes\n  # A comment that stays.\n";
    let text = project.read(FRENCH);
    let line = format!("  background: {}\n", po_escape(&background));
    assert!(text.contains(&line));
    project.write(FRENCH, &text.replacen(&line, block, 1));
    let plain = format!("  item-other-business: {}\n", po_escape(&other));
    let folded = "  item-other-business: Questions\n    diverses d'abord # and a comment\n";
    project.edit(FRENCH, &plain, folded);
    let before = project.read(FRENCH);

    let po = export(&project, "po", "fr.po");
    let po = set_msgstr(&po, "background", "Historique : « deux »\nlignes");
    let po = set_msgstr(&po, "item-other-business", "Questions diverses");
    project.write("fr.po", &po);
    project
        .agendoc(&["i18n", "import", project.path("fr.po").to_str().unwrap()])
        .assert()
        .success();
    let after = project.read(FRENCH);
    let expected = before
        .replacen(
            "  background: |-\n    Contexte\n    sur deux lignes\n",
            "  background: \"Historique : « deux »\\nlignes\"\n",
            1,
        )
        .replacen(
            "  item-other-business: Questions\n    diverses d'abord # and a comment\n",
            "  item-other-business: \"Questions diverses\" # and a comment\n",
            1,
        );
    assert_eq!(after, expected);
    assert!(after.contains("  # A comment that stays.\n"));
    let fr = project.french_status();
    assert_eq!(fr["missing"], serde_json::json!([]), "{fr}");
    project.build(&["--lang", "fr", "--format", "md"]);
    let md = project.output("fr", "md");
    assert!(md.contains("Questions diverses"), "{md}");
}

/// The safety net: an edit that would not read back as imported (here an alias whose anchor the
/// replaced value carried) is refused and nothing is written.
#[test]
fn an_edit_that_would_not_read_back_is_refused() {
    let project = TestProject::real();
    let background = po_escape(&french_line(&project, "background"));
    let other = po_escape(&french_line(&project, "item-other-business"));
    project.edit(
        FRENCH,
        &format!("  background: {background}\n"),
        &format!("  background: &shared {background}\n"),
    );
    project.edit(
        FRENCH,
        &format!("  item-other-business: {other}\n"),
        "  item-other-business: *shared\n",
    );
    let po = export(&project, "po", "fr.po");
    project.write("fr.po", &set_msgstr(&po, "background", "Historique"));
    let before = std::fs::read(project.path(FRENCH)).unwrap();
    let stderr = project.fails(&["i18n", "import", project.path("fr.po").to_str().unwrap()]);
    assert!(
        stderr.contains("would not read back as imported")
            && stderr.contains("nothing was written"),
        "{stderr}"
    );
    assert_eq!(std::fs::read(project.path(FRENCH)).unwrap(), before);
}

/// Regression: XLIFF import kept only the last `<segment>` of a unit a CAT tool had split.
#[test]
fn xliff_import_joins_the_segments_of_a_split_unit() {
    let project = TestProject::real();
    let xliff = export(&project, "xliff", "fr.xlf");
    let unit_at = xliff.find("<unit id=\"background\">").unwrap();
    let unit_end = unit_at + xliff[unit_at..].find("</unit>").unwrap();
    let split = "<unit id=\"background\">\n    <segment state=\"translated\"><source>Back</source><target>Histo</target></segment>\n    <ignorable><source> </source></ignorable>\n    <segment state=\"final\"><source>ground</source><target>rique &amp; contexte</target></segment>\n   ";
    let edited = format!("{}{split}{}", &xliff[..unit_at], &xliff[unit_end..]);
    project.write("fr.xlf", &edited);
    project
        .agendoc(&["i18n", "import", project.path("fr.xlf").to_str().unwrap()])
        .assert()
        .success();
    assert_eq!(
        french_line(&project, "background"),
        "Histo rique & contexte"
    );
}
