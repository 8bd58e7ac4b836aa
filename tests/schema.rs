//! The JSON Schemas: current, accepted by an outside validator for every YAML file, and strict.

mod common;

use std::path::{Path, PathBuf};

use common::{TestProject, have_tools, repo, tool};

/// The schema a YAML file names on its first line.
fn schema_of(file: &Path) -> PathBuf {
    let text = std::fs::read_to_string(file).unwrap();
    let first = text.lines().next().unwrap();
    let relative = first
        .strip_prefix("# yaml-language-server: $schema=")
        .unwrap_or_else(|| panic!("{}: no schema line", file.display()));
    file.parent().unwrap().join(relative)
}

fn yaml_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            yaml_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "yaml") {
            out.push(path);
        }
    }
}

#[test]
fn committed_schemas_match_the_types() {
    let project = TestProject::real();
    let out = project.path("fresh-schemas");
    project
        .agendoc(&["schema", "--out", out.to_str().unwrap()])
        .assert()
        .success();
    for name in [
        "document.schema.json",
        "text.schema.json",
        "locale.schema.json",
    ] {
        let fresh = std::fs::read_to_string(out.join(name)).unwrap();
        let committed = std::fs::read_to_string(repo().join("agenda/schema").join(name)).unwrap();
        assert!(
            fresh == committed,
            "agenda/schema/{name} is stale: run `agendoc schema`"
        );
    }
}

#[test]
fn every_yaml_file_validates_against_its_schema() {
    if !have_tools(
        "every_yaml_file_validates_against_its_schema",
        &["check-jsonschema"],
    ) {
        return;
    }
    let mut files = Vec::new();
    yaml_files(&repo().join("agenda"), &mut files);
    assert!(files.len() >= 13, "{files:?}");
    for file in files {
        let output = tool("check-jsonschema")
            .arg("--schemafile")
            .arg(schema_of(&file))
            .arg(&file)
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{}: {}",
            file.display(),
            String::from_utf8_lossy(&output.stdout)
        );
    }
}

#[test]
fn the_schema_rejects_a_typoed_key() {
    if !have_tools("the_schema_rejects_a_typoed_key", &["check-jsonschema"]) {
        return;
    }
    let project = TestProject::real();
    let file = "agenda/wtdc-preparations/document.yaml";
    project.edit(file, "  agenda-item: ADM 14", "  agenda-itme: ADM 14");
    let output = tool("check-jsonschema")
        .arg("--schemafile")
        .arg(repo().join("agenda/schema/document.schema.json"))
        .arg(project.path(file))
        .output()
        .unwrap();
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stdout).contains("agenda-itme"));
}
