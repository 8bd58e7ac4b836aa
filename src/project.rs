//! Where things are: the project folder, the conventional folders inside it, and its settings.
//!
//! A project is a folder holding `agenda/` (one sub-folder per document, plus `locales/`),
//! `templates/`, `fonts/` and optionally `agendoc.toml`. Everything agendoc reads is found from
//! here, so `-C DIR` is all a user needs to point at another project (the tests use this on
//! temporary copies).

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use serde::Deserialize;

use crate::diagnostics::{Code, Diagnostic};
use crate::model::symbols::{SymbolRule, SymbolRules, UrlPatternError};
use crate::source::SourceMap;

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

    /// The project file.
    pub fn config_file(&self) -> PathBuf {
        self.root.join("agendoc.toml")
    }

    /// The symbol rules of `agendoc.toml` (none without the file), with every problem in it.
    pub fn symbol_rules(&self, sources: &SourceMap) -> (SymbolRules, Vec<Diagnostic>) {
        let path = self.config_file();
        if !path.is_file() {
            return (SymbolRules::default(), Vec::new());
        }
        let file = match sources.read(&path) {
            Ok(file) => file,
            Err(diagnostic) => return (SymbolRules::default(), vec![diagnostic]),
        };
        let config: RawConfig = match toml::from_str(&file.text) {
            Ok(config) => config,
            Err(err) => {
                let span = err.span().unwrap_or(0..0);
                let diagnostic = Diagnostic::new(Code::InvalidValue, err.message().to_string())
                    .at(&path, span)
                    .with_hint(
                        "agendoc.toml holds `[[symbols]]` tables with `name`, `pattern` and `url`",
                    );
                return (SymbolRules::default(), vec![diagnostic]);
            }
        };
        let mut problems = Vec::new();
        let mut rules = Vec::new();
        for raw in config.symbols {
            let pattern = match regex::Regex::new(raw.pattern.get_ref()) {
                Ok(pattern) => pattern,
                Err(err) => {
                    problems.push(
                        Diagnostic::new(
                            Code::InvalidValue,
                            format!(
                                "the pattern of symbol rule `{}` is not a regular expression",
                                raw.name
                            ),
                        )
                        .at(&path, raw.pattern.span())
                        .with_hint(err.to_string()),
                    );
                    continue;
                }
            };
            let rule = SymbolRule {
                name: raw.name,
                pattern,
                url: raw.url.get_ref().clone(),
            };
            if let Err(err) = rule.check() {
                let message = match err {
                    UrlPatternError::UnknownGroup(name) => {
                        format!(
                            "`{{{name}}}` in the url of symbol rule `{}` names no group of its pattern",
                            rule.name
                        )
                    }
                    UrlPatternError::BadWidth(token) => {
                        format!(
                            "`{{{token}}}` in the url of symbol rule `{}`: a width is written `:04`",
                            rule.name
                        )
                    }
                };
                problems.push(
                    Diagnostic::new(Code::InvalidValue, message)
                        .at(&path, raw.url.span())
                        .with_hint(
                            "the url may use the pattern's named groups (?<name>…) and {lang}",
                        ),
                );
                continue;
            }
            rules.push(rule);
        }
        (SymbolRules { rules }, problems)
    }
}

/// `agendoc.toml`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    #[serde(default)]
    symbols: Vec<RawSymbolRule>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSymbolRule {
    name: String,
    pattern: toml::Spanned<String>,
    url: toml::Spanned<String>,
}
