//! Arbitrary bytes as a document.yaml or a text file, through load, check and all three
//! renderers. Anything may be refused with diagnostics; nothing may panic or hang.
#![no_main]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use agendoc::project::Project;
use agendoc::render::pdf::PdfEngine;
use agendoc::render::{html, markdown, pdf};
use agendoc::template::Templates;
use agendoc::workspace::Workspace;
use libfuzzer_sys::fuzz_target;

struct Fixture {
    _dir: tempfile::TempDir,
    root: PathBuf,
    templates: Templates,
    engine: PdfEngine,
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

/// A project with the minimal fixture as its one document, loaded once.
fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().to_path_buf();
        copy_dir(&repo.join("agenda/locales"), &root.join("agenda/locales"));
        copy_dir(
            &repo.join("tests/fixtures/minimal"),
            &root.join("agenda/minimal"),
        );
        copy_dir(&repo.join("templates"), &root.join("templates"));
        copy_dir(&repo.join("fonts"), &root.join("fonts"));
        let templates = Templates::load(&root.join("templates")).unwrap();
        let engine = PdfEngine::load(&root.join("fonts"), &templates).unwrap();
        Fixture {
            _dir: dir,
            root,
            templates,
            engine,
        }
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
    let (workspace, _diagnostics) = Workspace::load(project, &["en".to_string()], &[]);
    let Some(workspace) = workspace else { return };
    let _ = workspace.check_glossary_variants();
    let _ = workspace.check_hand_written_dates();
    for loaded in &workspace.documents {
        let Ok(rendered) = workspace.render_document(loaded, "en") else {
            continue;
        };
        let document = &rendered.document;
        let Ok(md) = markdown::render(document, &fixture.templates) else {
            continue;
        };
        let _ = html::render(document, &md, &fixture.templates, &[]);
        if let Ok(markup) = pdf::typst_source(document, &fixture.templates) {
            let _ = pdf::render(document, markup, &fixture.engine);
        }
    }
});
