//! `agendoc init` and `agendoc new`: a project, and a document in it, that build at once.
//!
//! Both write documents from the same starters (`src/cmd/new/<kind>/`, carried in the binary): a
//! report with a draft agenda as its annex, and a Council agenda in ITU's table, each with its
//! text in the six languages. A project gets the languages it asks for; the starter's
//! translations are recorded as translated from its original, so `check` finds nothing missing
//! or out of date until an editor changes the original. The project itself is only
//! `agendoc.toml`, `agenda/` and the JSON Schemas: templates, locales and fonts stay built in
//! until `agendoc eject` copies one out.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use clap::ValueEnum;
use include_dir::{Dir, include_dir};

use super::usage;
use crate::Outcome;
use crate::diagnostics::{Printer, did_you_mean};
use crate::output::write_atomic;
use crate::project::{CONFIG_FILE, Project};
use crate::source::SourceMap;
use crate::workspace::Workspace;

static STARTERS: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/src/cmd/new");

/// The document `agendoc init` writes.
const EXAMPLE: &str = "example";

/// The kinds of document `agendoc new` starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Starter {
    /// A report to Council, numbered sections and paragraphs, with a draft agenda as annex.
    Report,
    /// The draft agenda of a Council session in ITU's table (PL 1.1, ADM 2 …).
    Agenda,
}

impl Starter {
    fn folder(self) -> &'static str {
        match self {
            Starter::Report => "report",
            Starter::Agenda => "agenda",
        }
    }

    fn file(self, path: &str) -> Option<&'static str> {
        STARTERS
            .get_file(format!("{}/{path}", self.folder()))
            .and_then(|file| file.contents_utf8())
    }
}

/// `agendoc init [DIR] [--languages …]`.
pub fn init(dir: &Path, languages: &[String]) -> Result<Outcome> {
    std::fs::create_dir_all(dir)
        .with_context(|| format!("failed to create folder {}", dir.display()))?;
    let root = dir
        .canonicalize()
        .with_context(|| format!("failed to open folder {}", dir.display()))?;
    if root.join(CONFIG_FILE).exists() {
        return Ok(usage(
            format!("{} already holds an agendoc project", root.display()),
            "`agendoc new NAME` adds a document to it".into(),
        ));
    }
    let languages: Vec<String> = languages.iter().map(|l| l.trim().to_string()).collect();
    let available = built_in_languages();
    for lang in &languages {
        if !available.contains(lang) {
            return Ok(usage(
                format!("agendoc has no locale data for `{lang}`"),
                did_you_mean(lang, available.iter().map(String::as_str)).unwrap_or_else(|| {
                    format!(
                        "built-in languages: {}; another language needs its own locales/<lang>.yaml after `init`",
                        available.join(", ")
                    )
                }),
            ));
        }
    }
    let mut written = Vec::new();
    let config = root.join(CONFIG_FILE);
    write_atomic(&config, project_file(&languages).as_bytes())?;
    written.push(config);
    let gitignore = root.join(".gitignore");
    if !gitignore.exists() {
        write_atomic(&gitignore, b"/output/\n")?;
        written.push(gitignore);
    }
    let project = Project::at(root.clone())?;
    // The schemas the starters' `yaml-language-server` lines point at.
    written.extend(super::schema::write(&project.agenda.join("schema"))?);
    if project.document_dirs()?.is_empty() {
        let original = original_of(&project.languages());
        match add_document(&project, EXAMPLE, Starter::Report, &original)? {
            Ok(files) => written.extend(files),
            Err(outcome) => return Ok(outcome),
        }
    }
    for path in &written {
        println!("init: wrote {}", shown(&root, path));
    }
    println!(
        "init: a project in {} for {}: `agendoc build` writes output/, `agendoc serve` previews it",
        root.display(),
        project.languages().join(", ")
    );
    Ok(Outcome::Success)
}

/// `agendoc new NAME [--kind …]`.
pub fn new(start: &Path, name: &str, kind: Starter) -> Result<Outcome> {
    let project = Project::open(start)?;
    if !crate::model::is_id(name) {
        return Ok(usage(
            format!("`{name}` cannot name a document"),
            "a document's name is lower-case letters, digits and hyphens, e.g. `council-2027-agenda`".into(),
        ));
    }
    let dir = project.agenda.join(name);
    if dir.exists() {
        return Ok(usage(
            format!("{} already exists", shown(&project.root, &dir)),
            "choose another name, or edit that document".into(),
        ));
    }
    let original = original_of(&project.languages());
    match add_document(&project, name, kind, &original)? {
        Ok(files) => {
            for path in &files {
                println!("new: wrote {}", shown(&project.root, path));
            }
            println!(
                "new: `{name}` ({}, original {original}): edit its document.yaml and text/{original}.yaml, then `agendoc build {name}`",
                kind.folder()
            );
            Ok(Outcome::Success)
        }
        Err(outcome) => Ok(outcome),
    }
}

/// The original language of a new document: English where the project has it, as the
/// starters are written in English first; else the project's first language.
fn original_of(languages: &[String]) -> String {
    if languages.iter().any(|lang| lang == "en") {
        return "en".into();
    }
    languages.first().cloned().unwrap_or_else(|| "en".into())
}

/// Writes the starter of `kind` as document `name` in every project language it has a text
/// for, then records each translation as translated from the original.
fn add_document(
    project: &Project,
    name: &str,
    kind: Starter,
    original: &str,
) -> Result<Result<Vec<PathBuf>, Outcome>> {
    let dir = project.agenda.join(name);
    let document = kind
        .file("document.yaml")
        .context("the starter has no document.yaml")?
        .replacen(&format!("name: {EXAMPLE}\n"), &format!("name: {name}\n"), 1)
        .replacen("original: en\n", &format!("original: {original}\n"), 1);
    let mut written = vec![dir.join("document.yaml")];
    write_atomic(&written[0], document.as_bytes())?;
    for lang in project.languages() {
        if let Some(text) = kind.file(&format!("text/{lang}.yaml")) {
            let path = dir.join(format!("text/{lang}.yaml"));
            write_atomic(&path, text.as_bytes())?;
            written.push(path);
        }
    }

    let sources = SourceMap::new();
    let (workspace, diagnostics) =
        Workspace::load(project.clone(), &sources, &[], &[name.to_string()]);
    let Some(workspace) = workspace else {
        Printer::new(&project.root, false).print(&diagnostics, &sources);
        return Ok(Err(Outcome::InputErrors));
    };
    let doc = &workspace.documents[0];
    let original_text = doc
        .texts
        .get(original)
        .context("the starter has no text in the original language")?;
    for (lang, translation) in doc.texts.iter().filter(|(lang, _)| *lang != original) {
        let (text, _) = super::i18n::accepted(original_text, translation, &[])
            .map_err(|id| anyhow::anyhow!("the starter's `{lang}` text has `{id}` alone"))?;
        write_atomic(&translation.source.path, text.as_bytes())?;
    }
    Ok(Ok(written))
}

/// agendoc.toml of a new project.
fn project_file(languages: &[String]) -> String {
    let languages = if languages.is_empty() {
        "# languages = [\"ar\", \"zh\", \"en\", \"fr\", \"ru\", \"es\"]".to_string()
    } else {
        let quoted: Vec<String> = languages.iter().map(|l| format!("\"{l}\"")).collect();
        format!("languages = [{}]", quoted.join(", "))
    };
    format!(
        r#"# agendoc's project file: settings shared by every document of agenda/.
# Templates, locale data and fonts are built into agendoc; `agendoc eject FILE` copies one into
# templates/, locales/ or fonts/ of this project, where it replaces the built-in file.

# The languages documents are published in (each needs locale data); default: all six.
{languages}

# Where `agendoc build` writes; default: output.
# output = "output"

# Document symbols (an agenda item's `documents:`) and the addresses they link to. A symbol must
# match one rule; `url` uses the pattern's named groups, `{{name:04}}` zero-pads to four digits,
# `{{name|C}}` gives a default, `{{lang}}` is the language of the page that links.
[[symbols]]
name = "Council document"
pattern = '^C(?<yy>\d{{2}})/(?:(?<series>INF|DT|DL|ADM)/)?(?<n>\d{{1,4}})(?:\((?:Rev|Add|Corr)\.\d+\))?$'
url = "https://www.itu.int/md/S{{yy}}-CL-{{series|C}}-{{n:04}}/{{lang}}"
"#
    )
}

/// The languages agendoc carries locale data for.
fn built_in_languages() -> Vec<String> {
    let mut languages: Vec<String> = crate::defaults::files(crate::defaults::Folder::Locales)
        .iter()
        .filter_map(|file| file.name.strip_suffix(".yaml"))
        .map(str::to_string)
        .collect();
    crate::project::sort_languages(&mut languages);
    languages
}

/// `path` relative to `root`, for messages.
pub fn shown(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .display()
        .to_string()
}
