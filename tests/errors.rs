//! Every input error an editor can make: file:line:column, a reason, a hint, exit 1, and
//! output/ exactly as it was.

mod common;

use common::TestProject;

const DOCUMENT: &str = "agenda/wtdc-preparations/document.yaml";
const ENGLISH: &str = "agenda/wtdc-preparations/text/en.yaml";

/// Breaks a copy of the real project with one edit, checks `check` and `build` both report
/// `code` at the position of `needle` (after the edit), and that the previous output survives.
fn assert_error(file: &str, from: &str, to: &str, needle: &str, code: &str, hint: Option<&str>) {
    let project = TestProject::real();
    project.build(&["--lang", "en", "--format", "md", "--format", "html"]);
    let before = project.read("output/en/wtdc-preparations.md");
    let manifest = project.read("output/manifest.json");
    project.edit(file, from, to);
    let position = project.position(file, needle);

    let check = project.fails(&["check"]);
    assert!(check.contains(code), "expected {code}:\n{check}");
    assert!(check.contains(&position), "expected {position}:\n{check}");
    if let Some(hint) = hint {
        assert!(check.contains(hint), "expected hint `{hint}`:\n{check}");
    }
    let build = project.fails(&["build", "--lang", "en"]);
    assert!(build.contains(&position), "{build}");
    assert!(build.contains("nothing was written"), "{build}");
    assert_eq!(
        project.read("output/en/wtdc-preparations.md"),
        before,
        "previous output intact"
    );
    assert_eq!(project.read("output/manifest.json"), manifest);
    common::assert_no_temporary_files(&project.path("output/en"));
}

#[test]
fn malformed_yaml() {
    assert_error(
        DOCUMENT,
        "  number: C22/10",
        "  number: C22/10: x",
        ": x",
        "E0001",
        None,
    );
}

#[test]
fn tab_in_indentation() {
    assert_error(
        DOCUMENT,
        "  agenda-item: ADM 14",
        "\tagenda-item: ADM 14",
        "\tagenda-item",
        "E0002 tab-indentation",
        Some("spaces"),
    );
}

#[test]
fn unknown_field_suggests_the_right_key() {
    assert_error(
        DOCUMENT,
        "  agenda-item: ADM 14",
        "  agenda-itme: ADM 14",
        "agenda-itme",
        "E0004 unknown-field",
        Some("did you mean `agenda-item`?"),
    );
}

#[test]
fn missing_required_field() {
    assert_error(
        DOCUMENT,
        "  number: C22/10\n",
        "",
        "session: council-2022",
        "E0005 missing-field",
        Some("number"),
    );
}

#[test]
fn duplicate_id_points_at_the_second_one() {
    assert_error(
        DOCUMENT,
        "      - para: bg-res-31\n",
        "      - para: bg-res-31\n      - para: bg-res-77\n",
        "bg-res-77\n  - section: venue",
        "E0006 duplicate-id",
        None,
    );
}

#[test]
fn unknown_reference_in_a_text() {
    assert_error(
        ENGLISH,
        "{{ ref('annex') }}",
        "{{ ref('anex') }}",
        "anex",
        "E0003 unknown-reference",
        Some("did you mean `annex`?"),
    );
}

#[test]
fn bad_date() {
    assert_error(
        DOCUMENT,
        "cl-19-33: { date: 2019-07-22 }",
        "cl-19-33: { date: 2019-02-30 }",
        "2019-02-30",
        "E0007 bad-date",
        Some("YYYY-MM-DD"),
    );
}

#[test]
fn unknown_fact_and_term() {
    assert_error(
        ENGLISH,
        "{{ date('cl-19-33') }}",
        "{{ date('cl-19-34') }}",
        "cl-19-34",
        "E0008 unknown-fact",
        Some("did you mean"),
    );
    assert_error(
        ENGLISH,
        "77 (Rev. {{ term('dubai') }}",
        "77 (Rev. {{ term('dubay') }}",
        "dubay",
        "E0009 unknown-term",
        Some("did you mean `dubai`?"),
    );
}

#[test]
fn all_errors_of_a_run_are_reported_together() {
    let project = TestProject::real();
    project.edit(
        DOCUMENT,
        "cl-19-33: { date: 2019-07-22 }",
        "cl-19-33: { date: 2019-13-22 }",
    );
    project.edit(
        DOCUMENT,
        "      - para: bg-res-31\n",
        "      - para: bg-res-31\n      - para: bg-res-31\n",
    );
    let stderr = project.fails(&["check"]);
    assert!(
        stderr.contains("E0007") && stderr.contains("E0006"),
        "{stderr}"
    );
}

#[test]
fn check_json_gives_file_line_column_for_ci() {
    let project = TestProject::real();
    project.edit(ENGLISH, "{{ ref('annex') }}", "{{ ref('anex') }}");
    let output = project
        .agendoc(&["check", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let lines = String::from_utf8(output.stdout).unwrap();
    let line = lines
        .lines()
        .find(|l| l.contains("E0003"))
        .unwrap_or_else(|| panic!("{lines}"));
    let json: serde_json::Value = serde_json::from_str(line).unwrap();
    assert_eq!(json["file"], "agenda/wtdc-preparations/text/en.yaml");
    assert_eq!(json["code"], "E0003");
    assert_eq!(json["severity"], "error");
    let position = project.position(ENGLISH, "anex");
    assert_eq!(
        format!(
            "{}:{}:{}",
            json["file"].as_str().unwrap(),
            json["line"],
            json["column"]
        ),
        position
    );
}

#[test]
fn usage_errors_exit_2() {
    let project = TestProject::real();
    assert_eq!(
        project
            .agendoc(&["build", "--format", "odt"])
            .output()
            .unwrap()
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        project
            .agendoc(&["frobnicate"])
            .output()
            .unwrap()
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn unknown_language_is_an_input_error() {
    let project = TestProject::real();
    let stderr = project.fails(&["build", "--lang", "de"]);
    assert!(stderr.contains("E0016"), "{stderr}");
}

#[test]
fn help_and_version() {
    let project = TestProject::real();
    let help = project.agendoc(&["--help"]).output().unwrap();
    let text = String::from_utf8(help.stdout).unwrap();
    for command in ["build", "check", "i18n", "verify", "explain"] {
        assert!(text.contains(command), "{text}");
    }
    let version = project.agendoc(&["--version"]).output().unwrap();
    assert!(
        String::from_utf8(version.stdout)
            .unwrap()
            .starts_with("agendoc ")
    );
    let explain = project.agendoc(&["explain", "E0003"]).output().unwrap();
    assert!(
        String::from_utf8(explain.stdout)
            .unwrap()
            .contains("unknown-reference")
    );
}

/// A date typed by hand is found in the words of every language, not only as digits.
#[test]
fn a_date_typed_by_hand_is_flagged_in_every_language() {
    let project = TestProject::real();
    let typed = [
        ("en", "22 July 2023"),
        ("fr", "22 juillet 2023"),
        ("es", "22 de julio de 2023"),
        ("ru", "22 июля 2023"),
        ("ar", "22 يوليو 2023"),
        ("zh", "2023年7月22日"),
    ];
    let clean = project.agendoc(&["check"]).output().unwrap();
    assert!(
        !String::from_utf8_lossy(&clean.stderr).contains("W0002"),
        "the real texts type no date"
    );
    for (lang, date) in typed {
        let file = format!("agenda/wtdc-preparations/text/{lang}.yaml");
        let text = project.read(&file);
        let at = text.find("  background: \"").unwrap() + "  background: \"".len();
        project.write(&file, &format!("{}{date} {}", &text[..at], &text[at..]));
    }
    let output = project.agendoc(&["check"]).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    for (lang, date) in typed {
        let file = format!("agenda/wtdc-preparations/text/{lang}.yaml");
        assert!(
            stderr.contains(&format!("writes the date `{date}` by hand"))
                && stderr.contains(&project.position(&file, date)),
            "{lang}: {date} not flagged at its place:\n{stderr}"
        );
    }
}

#[test]
fn a_place_that_is_no_glossary_term_is_an_error() {
    assert_error(
        "agenda/wtdc-preparations/document.yaml",
        "city: kigali, country: rwanda",
        "city: kigaly, country: rwanda",
        "kigaly",
        "E0009",
        Some("did you mean `kigali`?"),
    );
}

/// `check` renders what `build` renders: a broken template or font fails both, the same way.
#[test]
fn check_fails_where_build_fails() {
    let project = TestProject::real();
    std::fs::write(project.path("fonts/NotoSans-Regular.ttf"), "not a font").unwrap();
    for command in [&["check"][..], &["build", "--lang", "en"]] {
        let stderr = project.fails(command);
        assert!(
            stderr.contains("E0013") && stderr.contains("NotoSans-Regular.ttf holds no font"),
            "{command:?}: {stderr}"
        );
    }
    std::fs::copy(
        common::repo().join("fonts/NotoSans-Regular.ttf"),
        project.path("fonts/NotoSans-Regular.ttf"),
    )
    .unwrap();
    let template = project.read("templates/report/document.md");
    project.write(
        "templates/report/document.md",
        &format!("{template}{{% if %}}\n"),
    );
    for command in [&["check"][..], &["build", "--lang", "en"]] {
        let stderr = project.fails(command);
        assert!(
            stderr.contains("E0010") && stderr.contains("document.md"),
            "{command:?}: {stderr}"
        );
    }
    assert!(!project.path("output").exists(), "nothing was written");
}
