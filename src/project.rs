//! Where things are: the project folder and the conventional folders inside it.
//!
//! A project is a folder holding `agenda/` (one sub-folder per document, plus `locales/`),
//! `templates/` and `fonts/`. Everything agendoc reads is found from here, so `-C DIR` is all a
//! user needs to point at another project (the tests use this on temporary copies).

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

/// The six ITU languages in ITU order (the English alphabetical order of their names); other
/// languages with locale data follow, by code.
const ITU_ORDER: [&str; 6] = ["ar", "zh", "en", "fr", "ru", "es"];

/// The folders of one project.
#[derive(Debug, Clone)]
pub struct Project {
    pub root: PathBuf,
    pub agenda: PathBuf,
    pub locales: PathBuf,
    pub templates: PathBuf,
    pub fonts: PathBuf,
}

impl Project {
    /// Opens the project at `root`, which must contain `agenda/`.
    pub fn open(root: &Path) -> Result<Project> {
        let root = root
            .canonicalize()
            .with_context(|| format!("failed to open project folder {}", root.display()))?;
        let agenda = root.join("agenda");
        if !agenda.is_dir() {
            bail!(
                "{} has no agenda/ folder (use -C to point at an agendoc project)",
                root.display()
            );
        }
        Ok(Project {
            locales: agenda.join("locales"),
            templates: root.join("templates"),
            fonts: root.join("fonts"),
            agenda,
            root,
        })
    }

    /// The documents: every folder of `agenda/` with a `document.yaml`, sorted by folder name.
    pub fn document_dirs(&self) -> Result<Vec<PathBuf>> {
        let mut dirs = Vec::new();
        for entry in std::fs::read_dir(&self.agenda)
            .with_context(|| format!("failed to list {}", self.agenda.display()))?
        {
            let path = entry?.path();
            if path.join("document.yaml").is_file() {
                dirs.push(path);
            }
        }
        dirs.sort();
        Ok(dirs)
    }

    /// The languages this project has locale data for, in ITU order.
    pub fn languages(&self) -> Vec<String> {
        let mut languages: Vec<String> = std::fs::read_dir(&self.locales)
            .map(|entries| {
                entries
                    .filter_map(|entry| {
                        let name = entry.ok()?.file_name().into_string().ok()?;
                        let lang = name.strip_suffix(".yaml")?;
                        crate::model::is_id(lang).then(|| lang.to_string())
                    })
                    .collect()
            })
            .unwrap_or_default();
        languages.sort_by_key(|lang| {
            (
                ITU_ORDER
                    .iter()
                    .position(|l| l == lang)
                    .unwrap_or(usize::MAX),
                lang.clone(),
            )
        });
        languages
    }

    /// The locale file of `lang`.
    pub fn locale_file(&self, lang: &str) -> PathBuf {
        self.locales.join(format!("{lang}.yaml"))
    }
}
