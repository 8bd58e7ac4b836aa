//! A new output format is one `Renderer` and one `Format`: this toy plain-text format, kept only
//! here, goes through the library's real build (manifest, atomic writes, incremental skips)
//! without a line of the pipeline knowing about it. Shipping it would add one line to
//! `render::FORMATS`.

mod common;

use agendoc::build::{BuildOptions, build};
use agendoc::diagnostics::Diagnostic;
use agendoc::progress::Progress;
use agendoc::project::Project;
use agendoc::render::{Format, RenderContext, Renderer, Setup};
use agendoc::resolve::{ResolvedDocument, ResolvedNode};
use common::TestProject;

static TOY: Format = Format {
    name: "toy",
    extension: "txt",
    default: false,
    about: "plain text, one line per node",
    load,
};

fn load(_: &Setup) -> anyhow::Result<Box<dyn Renderer>> {
    Ok(Box::new(Toy))
}

struct Toy;

impl Renderer for Toy {
    fn render(
        &self,
        document: &ResolvedDocument,
        _: &RenderContext,
    ) -> Result<Vec<u8>, Vec<Diagnostic>> {
        fn lines(nodes: &[ResolvedNode], depth: usize, out: &mut String) {
            for node in nodes {
                let text = format!("{} {}", node.number, node.text.plain_text());
                out.push_str(&format!("{}{}\n", "  ".repeat(depth), text.trim()));
                lines(&node.children, depth + 1, out);
            }
        }
        let mut out = format!("{}\n", document.title);
        lines(&document.body, 0, &mut out);
        Ok(out.into_bytes())
    }
}

#[test]
fn a_format_kept_outside_the_pipeline_builds_like_the_others() {
    let project = TestProject::fixture("minimal");
    let options = BuildOptions {
        documents: Vec::new(),
        languages: vec!["en".into(), "fr".into()],
        formats: vec![&TOY],
        out: None,
        strict: false,
        force: false,
        dry_run: false,
        marks: Default::default(),
    };
    let opened = Project::open(project.dir.path()).unwrap();
    let result = build(&opened, &options, &Progress::hidden()).unwrap();
    assert!(!result.failed(), "{}", result.summary);
    assert_eq!(
        result.report.as_ref().unwrap().written,
        2,
        "{}",
        result.summary
    );
    assert_eq!(
        project.read("output/en/minimal.txt"),
        "A minimal document\n1 Section one\n  1.1 The first paragraph, see 1.\n  \n    a) A lettered item.\nDraft agenda\n  \n    I Part one\n      1) The only item\n"
    );
    assert!(
        project
            .read("output/manifest.json")
            .contains("\"fr/minimal.txt\"")
    );
    assert!(
        project
            .read("output/fr/minimal.txt")
            .contains("(traduction en cours)")
    );
    // Inputs unchanged: the toy outputs are skipped like any other format's.
    let again = build(&opened, &options, &Progress::hidden()).unwrap();
    assert_eq!(again.report.unwrap().written, 0);
}
