//! Inputs an editor, a translator or a template author could write by mistake or on purpose:
//! each gives a clear error (exit 1, a code) or renders literally, and output/ stays intact.

mod common;

use common::TestProject;

const DOCUMENT: &str = "agenda/minimal/document.yaml";
const ENGLISH: &str = "agenda/minimal/text/en.yaml";

/// Adds `count` agenda items, with their English text, to the minimal fixture.
fn add_items(project: &TestProject, count: usize, text: &str) {
    let items: String = (0..count)
        .map(|n| format!("        - id: item-{n}\n"))
        .collect();
    project.edit(
        DOCUMENT,
        "        - id: item-one\n",
        &format!("        - id: item-one\n{items}"),
    );
    let texts: String = (0..count)
        .map(|n| format!("  item-{n}: \"Item number {n}{text}\"\n"))
        .collect();
    project.write(ENGLISH, &format!("{}{texts}", project.read(ENGLISH)));
}

/// A minimal project with a previous good build in output/.
fn built() -> (TestProject, String) {
    let project = TestProject::fixture("minimal");
    project.build(&["--lang", "en"]);
    let manifest = project.read("output/manifest.json");
    (project, manifest)
}

/// The build fails with `code`, and output/ is exactly as before.
fn rejected(project: &TestProject, manifest: &str, code: &str) -> String {
    let stderr = project.fails(&["build", "--lang", "en"]);
    assert!(stderr.contains(code), "expected {code}:\n{stderr}");
    assert_eq!(
        project.read("output/manifest.json"),
        manifest,
        "output/ untouched"
    );
    project.agendoc(&["verify"]).assert().success();
    stderr
}

#[test]
fn invalid_utf8_names_the_position() {
    let (project, manifest) = built();
    let mut bytes = std::fs::read(project.path(ENGLISH)).unwrap();
    let at = bytes.windows(7).position(|w| w == b"Summary").unwrap();
    bytes[at + 2] = 0xff;
    std::fs::write(project.path(ENGLISH), bytes).unwrap();
    let stderr = rejected(&project, &manifest, "E0015");
    assert!(
        stderr.contains("agenda/minimal/text/en.yaml:4:"),
        "{stderr}"
    );
}

#[test]
fn bom_and_crlf_are_accepted_and_change_nothing() {
    let (project, _) = built();
    let before = project.read("output/en/minimal.md");
    for file in [DOCUMENT, ENGLISH] {
        let text = project.read(file).replace('\n', "\r\n");
        project.write(file, &format!("\u{feff}{text}"));
    }
    project.build(&["--lang", "en"]);
    assert_eq!(project.read("output/en/minimal.md"), before);
}

#[test]
fn a_ten_megabyte_paragraph_is_refused() {
    let (project, manifest) = built();
    let huge = "word ".repeat(2 * 1024 * 1024);
    project.edit(
        ENGLISH,
        "\"The first paragraph, see",
        &format!("\"{huge} see"),
    );
    let stderr = rejected(&project, &manifest, "E0014");
    assert!(stderr.contains("entry `first`"), "{stderr}");
}

#[test]
fn five_thousand_agenda_items_build() {
    let project = TestProject::fixture("minimal");
    add_items(&project, 5000, "");
    project.build(&["--lang", "en", "--format", "md", "--format", "html"]);
    let md = project.read("output/en/minimal.md");
    assert!(md.contains("\n- 5001\\) Item number 4999\n"));
    let html = project.read("output/en/minimal.html");
    assert!(html.contains("id=\"item-4999\">5001)</span> Item number 4999"));
}

#[test]
fn fifty_levels_of_nesting_build() {
    let project = TestProject::fixture("minimal");
    let mut nested = String::from("          - id: letter-a\n");
    let mut texts = String::new();
    for depth in 0..50 {
        let indent = " ".repeat(12 + depth * 4);
        nested.push_str(&format!(
            "{indent}bullets:\n{indent}  - id: level-{depth}\n"
        ));
        texts.push_str(&format!("  level-{depth}: \"Level {depth}\"\n"));
    }
    project.edit(DOCUMENT, "          - id: letter-a\n", &nested);
    project.write(ENGLISH, &format!("{}{texts}", project.read(ENGLISH)));
    project.build(&["--lang", "en"]);
    assert!(project.read("output/en/minimal.md").contains("Level 49"));
}

#[test]
fn alias_bombs_are_refused() {
    let (project, manifest) = built();
    let mut bomb = String::from(
        "  bomb:\n    a: &a [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\n",
    );
    for (name, previous) in ["b", "c", "d", "e", "f", "g", "h", "i"]
        .iter()
        .zip(["a", "b", "c", "d", "e", "f", "g", "h"])
    {
        bomb.push_str(&format!("    {name}: &{name} [*{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}]\n"));
    }
    project.edit(DOCUMENT, "facts:\n", &format!("facts:\n{bomb}"));
    rejected(&project, &manifest, "E0");
}

#[test]
fn duplicate_keys_are_refused() {
    let (project, manifest) = built();
    project.edit(
        ENGLISH,
        "  summary: \"Summary.\"\n",
        "  summary: \"Summary.\"\n  summary: \"Again.\"\n",
    );
    let stderr = rejected(&project, &manifest, "E0006");
    assert!(stderr.contains("duplicate"), "{stderr}");
}

#[test]
fn ids_with_spaces_or_unicode_are_refused() {
    for bad in ["first para", "première"] {
        let (project, manifest) = built();
        project.edit(DOCUMENT, "para: first", &format!("para: \"{bad}\""));
        let stderr = rejected(&project, &manifest, "E0014");
        assert!(stderr.contains("is not a valid id"), "{stderr}");
    }
}

#[test]
fn a_name_pointing_outside_the_project_is_refused() {
    let (project, manifest) = built();
    project.edit(DOCUMENT, "name: minimal", "name: ../../escaped");
    rejected(&project, &manifest, "E0014");
    assert!(
        !project
            .dir
            .path()
            .parent()
            .unwrap()
            .join("escaped.md")
            .exists()
    );
}

#[test]
fn a_self_reference_is_just_a_number() {
    let project = TestProject::fixture("minimal");
    project.edit(
        ENGLISH,
        "\"The first paragraph, see {{ ref('item-one') }}.\"",
        "\"This is paragraph {{ ref('first') }}.\"",
    );
    project.build(&["--lang", "en", "--format", "md"]);
    assert!(
        project
            .read("output/en/minimal.md")
            .contains("This is paragraph 1.1.")
    );
}

#[test]
fn nul_bytes_and_bidi_overrides() {
    let (project, manifest) = built();
    project.edit(ENGLISH, "\"Summary.\"", "\"Sum\0mary.\"");
    rejected(&project, &manifest, "E0001");

    let project = TestProject::fixture("minimal");
    project.edit(
        ENGLISH,
        "\"Summary.\"",
        "\"Summary \u{202E}desserts\u{202C} end.\"",
    );
    project.build(&["--lang", "en"]);
    assert!(
        project
            .read("output/en/minimal.html")
            .contains("\u{202E}desserts"),
        "shown as written"
    );
}

#[test]
fn templates_that_loop_or_reach_outside_are_stopped() {
    let (project, manifest) = built();
    std::fs::create_dir_all(project.path("templates/report/en")).unwrap();
    project.write(
        "templates/report/en/document.md",
        "{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}",
    );
    let stderr = rejected(&project, &manifest, "E0010");
    assert!(
        stderr.contains("templates/report/en/document.md"),
        "{stderr}"
    );

    project.write(
        "templates/report/en/document.md",
        "{% include \"../../agenda/minimal/document.yaml\" %}",
    );
    rejected(&project, &manifest, "E0010");

    std::fs::remove_file(project.path("templates/report/en/document.md")).unwrap();
    project.write("templates/report/en/document.typ", "#read(\"/etc/passwd\")");
    let stderr = rejected(&project, &manifest, "E0017");
    assert!(
        stderr.contains("access denied") || stderr.contains("not a file of templates"),
        "{stderr}"
    );

    project.write(
        "templates/report/en/document.typ",
        "#import \"@preview/cetz:0.3.0\": *",
    );
    let stderr = rejected(&project, &manifest, "E0017");
    assert!(stderr.contains("offline"), "{stderr}");
}

#[test]
fn ctrl_c_during_a_build_leaves_the_previous_output() {
    let project = TestProject::fixture("minimal");
    project.build(&["--lang", "en"]);
    let manifest = project.read("output/manifest.json");
    // A document big enough that rendering takes a while, so the interrupt lands mid-build.
    add_items(&project, 5000, "");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_agendoc"))
        .arg("-C")
        .arg(project.dir.path())
        .args(["build", "--lang", "en"])
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(150));
    let status = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let exit = child.wait().unwrap();
    if exit.code() == Some(130) {
        assert_eq!(
            project.read("output/manifest.json"),
            manifest,
            "nothing written"
        );
    } else {
        // The build finished first: then it must be whole.
        assert!(exit.success(), "{exit:?}");
    }
    project.agendoc(&["verify"]).assert().success();
    common::assert_no_temporary_files(&project.path("output/en"));
}

/// A build that runs out of disk space fails (exit 3, naming the cause), deletes what it staged
/// and leaves the previous output whole. Needs root to mount a 256 KiB tmpfs: elsewhere it is
/// reported as skipped, and `.ci/run` (root) requires it.
#[test]
fn a_full_disk_leaves_the_previous_output() {
    let project = TestProject::fixture("minimal");
    let out = project.path("small-disk");
    std::fs::create_dir_all(&out).unwrap();
    let mounted = std::process::Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=256k", "tmpfs"])
        .arg(&out)
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        common::skip(
            "a_full_disk_leaves_the_previous_output",
            "cannot mount a tmpfs here (needs root)",
        );
        return;
    }
    struct Unmount<'a>(&'a std::path::Path);
    impl Drop for Unmount<'_> {
        fn drop(&mut self) {
            let _ = std::process::Command::new("umount").arg(self.0).status();
        }
    }
    let _unmount = Unmount(&out);
    let out_arg = out.to_str().unwrap();
    project.build(&["--lang", "en", "--out", out_arg]);
    let manifest = std::fs::read_to_string(out.join("manifest.json")).unwrap();

    add_items(&project, 3000, &format!(" {}", "x".repeat(200)));
    let output = project
        .agendoc(&[
            "build", "--lang", "en", "--format", "md", "--format", "html", "--out", out_arg,
        ])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(3), "{stderr}");
    assert!(stderr.contains("No space left on device"), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(out.join("manifest.json")).unwrap(),
        manifest
    );
    project
        .agendoc(&["verify", "--out", out_arg])
        .assert()
        .success();
    common::assert_no_temporary_files(&out.join("en"));
}
