//! Arbitrary bytes as a document.yaml or a text file, through the library's whole build (load,
//! check, resolve, Markdown, HTML, PDF, write). Anything may be refused with diagnostics;
//! nothing may panic or hang.
#![no_main]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use agendoc::build::{BuildOptions, build};
use agendoc::progress::Progress;
use agendoc::project::Project;
use agendoc::source::SourceMap;
use agendoc::workspace::Workspace;
use libfuzzer_sys::fuzz_target;

struct Fixture {
    _dir: tempfile::TempDir,
    root: PathBuf,
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_dir(&path, &target)
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}

/// A project with the minimal fixture as its one document and agendoc's built-in defaults.
fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().to_path_buf();
        std::fs::write(root.join("agendoc.toml"), "").unwrap();
        copy_dir(
            &repo.join("tests/fixtures/minimal"),
            &root.join("agenda/minimal"),
        );
        Fixture { _dir: dir, root }
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&which, content)) = data.split_first() else {
        return;
    };
    let fixture = fixture();
    let doc = fixture.root.join("agenda/minimal");
    let original_document = include_str!("../../tests/fixtures/minimal/document.yaml");
    let original_text = include_str!("../../tests/fixtures/minimal/text/en.yaml");
    std::fs::write(doc.join("document.yaml"), original_document).unwrap();
    std::fs::write(doc.join("text/en.yaml"), original_text).unwrap();
    let target = if which % 2 == 0 {
        doc.join("document.yaml")
    } else {
        doc.join("text/en.yaml")
    };
    std::fs::write(&target, content).unwrap();

    let project = Project::open(&fixture.root).unwrap();
    let languages = vec!["en".to_string()];
    let sources = SourceMap::new();
    if let (Some(workspace), _) = Workspace::load(project.clone(), &sources, &languages, &[]) {
        let _ = agendoc::checks::run(&workspace.documents, &workspace.locales);
    }
    let options = BuildOptions {
        documents: Vec::new(),
        languages,
        formats: Vec::new(),
        out: None,
        strict: false,
        force: true,
        dry_run: false,
        marks: Default::default(),
    };
    let _ = build(&project, &options, &Progress::hidden());
});
