//! Where things are: the project, found from the current folder, its settings, and which file
//! (the project's own or agendoc's built-in default) each template, locale and font comes from.
//!
//! A project is a folder holding `agendoc.toml`, found by walking up from the current folder (or
//! from `-C DIR`) as cargo finds `Cargo.toml`. Its documents are the folders of `agenda/`. Its
//! `templates/`, `locales/` (or `agenda/locales/`) and `fonts/` are optional: a file there
//! replaces the default of the same name, file by file, and everything else comes from the
//! defaults the binary carries ([`crate::defaults`]). So an installed agendoc works in any
//! document repository, and a project holds only what it changes.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context, Result};
use serde::Deserialize;

use crate::defaults::{self, Folder};
use crate::diagnostics::{Code, Diagnostic, did_you_mean};
use crate::model::symbols::{SymbolRule, SymbolRules, UrlPatternError};
use crate::source::{SourceFile, SourceMap};

/// The project file; the folder holding it is the project.
pub const CONFIG_FILE: &str = "agendoc.toml";

/// Where diagnostics place the built-in defaults: `(built-in)/templates/council.typ`.
const BUILT_IN: &str = "(built-in)";

/// The six ITU languages in ITU order (the English alphabetical order of their names); other
/// languages with locale data follow, by code.
const ITU_ORDER: [&str; 6] = ["ar", "zh", "en", "fr", "ru", "es"];

/// No project where a command started: a usage error (exit 2), with the way out in the
/// message.
#[derive(Debug)]
pub enum NotAProject {
    /// `-C DIR` names no folder.
    NoSuchFolder(PathBuf),
    /// No `agendoc.toml` in the folder or any folder above it.
    NoProjectFile(PathBuf),
}

impl std::fmt::Display for NotAProject {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NotAProject::NoSuchFolder(start) => write!(
                f,
                "there is no folder {}\nhint: `-C DIR` names the folder to start from; `agendoc init DIR` starts a project there",
                start.display()
            ),
            NotAProject::NoProjectFile(start) => write!(
                f,
                "{} is not inside an agendoc project: no {CONFIG_FILE} in it or in any folder above it\n\
                 hint: run `agendoc init` to start a project here, or `agendoc -C DIR …` to use the one in DIR",
                start.display()
            ),
        }
    }
}

impl std::error::Error for NotAProject {}

/// One file a run reads from the templates, locales or fonts: the project's, or a default.
#[derive(Debug, Clone)]
pub struct Layered {
    /// Its path inside its folder, with `/` separators: `council.typ`, `report/document.md`.
    pub name: String,
    /// Where it is: in the project, or under `(built-in)/` for a default.
    pub path: PathBuf,
    pub bytes: Content,
    /// Whether the project's own file replaces the default.
    pub own: bool,
}

/// A file's content: read from the project, or carried by the binary.
#[derive(Debug, Clone)]
pub enum Content {
    Read(Arc<Vec<u8>>),
    Built(&'static [u8]),
}

impl AsRef<[u8]> for Content {
    fn as_ref(&self) -> &[u8] {
        match self {
            Content::Read(bytes) => bytes,
            Content::Built(bytes) => bytes,
        }
    }
}

/// The folders of one project and its settings.
#[derive(Debug, Clone)]
pub struct Project {
    pub root: PathBuf,
    pub agenda: PathBuf,
    /// The project's own locale files: `locales/`, or `agenda/locales/` where it keeps them
    /// beside the documents.
    pub locales: PathBuf,
    pub templates: PathBuf,
    pub fonts: PathBuf,
    config: Arc<Config>,
}

/// `agendoc.toml`, read once when the project is opened.
#[derive(Debug, Default)]
struct Config {
    text: String,
    raw: RawConfig,
    /// Why it could not be read, reported by the first command that loads the documents.
    problem: Option<Diagnostic>,
}

impl Project {
    /// Finds the project holding `start`: the nearest folder, from `start` up, with
    /// `agendoc.toml`. Fails with [`NotAProject`] when there is none.
    pub fn open(start: &Path) -> Result<Project> {
        let start = start
            .canonicalize()
            .map_err(|_| NotAProject::NoSuchFolder(start.to_path_buf()))?;
        let root = start
            .ancestors()
            .find(|dir| dir.join(CONFIG_FILE).is_file())
            .ok_or_else(|| NotAProject::NoProjectFile(start.clone()))?
            .to_path_buf();
        Project::at(root)
    }

    /// The project whose root is `root` (which holds `agendoc.toml`).
    pub fn at(root: PathBuf) -> Result<Project> {
        let path = root.join(CONFIG_FILE);
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("failed to read {}", path.display()))?;
        let config = match toml::from_str::<RawConfig>(&text) {
            Ok(raw) => Config {
                text,
                raw,
                problem: None,
            },
            Err(err) => {
                let span = err.span().unwrap_or(0..0);
                let problem = Diagnostic::new(Code::InvalidValue, err.message().to_string())
                    .at(&path, span)
                    .with_hint(
                        "agendoc.toml holds `languages`, `output` and `[[symbols]]` tables with `name`, `pattern` and `url` (`agendoc init` writes an example)",
                    );
                Config {
                    text,
                    raw: RawConfig::default(),
                    problem: Some(problem),
                }
            }
        };
        let agenda = root.join("agenda");
        let locales = if !root.join("locales").is_dir() && agenda.join("locales").is_dir() {
            agenda.join("locales")
        } else {
            root.join("locales")
        };
        Ok(Project {
            locales,
            templates: root.join("templates"),
            fonts: root.join("fonts"),
            agenda,
            root,
            config: Arc::new(config),
        })
    }

    /// The documents: every folder of `agenda/` with a `document.yaml`, sorted by folder name.
    pub fn document_dirs(&self) -> Result<Vec<PathBuf>> {
        let mut dirs = Vec::new();
        let Ok(entries) = std::fs::read_dir(&self.agenda) else {
            return Ok(dirs);
        };
        for entry in entries {
            let path = entry?.path();
            if path.join("document.yaml").is_file() {
                dirs.push(path);
            }
        }
        dirs.sort();
        Ok(dirs)
    }

    /// The languages this project publishes in, in ITU order: those `languages` in
    /// agendoc.toml names that have locale data, or every language with locale data.
    pub fn languages(&self) -> Vec<String> {
        let available = self.available_languages();
        let mut languages: Vec<String> = match &self.config.raw.languages {
            Some(chosen) => available
                .into_iter()
                .filter(|lang| chosen.iter().any(|c| c.get_ref() == lang))
                .collect(),
            None => available,
        };
        sort_languages(&mut languages);
        languages
    }

    /// Every language with locale data, the project's or a default.
    pub fn available_languages(&self) -> Vec<String> {
        let mut languages: Vec<String> = self
            .own_names(Folder::Locales)
            .into_iter()
            .chain(
                defaults::files(Folder::Locales)
                    .iter()
                    .map(|file| file.name.to_string()),
            )
            .filter_map(|name| {
                let lang = name.strip_suffix(".yaml")?;
                crate::model::is_id(lang).then(|| lang.to_string())
            })
            .collect();
        sort_languages(&mut languages);
        languages.dedup();
        languages
    }

    /// The output folder: `output` in agendoc.toml, else `output/`.
    pub fn output_dir(&self) -> PathBuf {
        self.root.join(
            self.config
                .raw
                .output
                .as_deref()
                .unwrap_or(Path::new("output")),
        )
    }

    /// The project's own folder for `folder`.
    pub fn own_dir(&self, folder: Folder) -> &Path {
        match folder {
            Folder::Templates => &self.templates,
            Folder::Locales => &self.locales,
            Folder::Fonts => &self.fonts,
        }
    }

    /// Every file of `folder` a run reads, sorted by name: the project's own, and the defaults
    /// it does not replace.
    pub fn layered(&self, folder: Folder) -> Result<Vec<Layered>> {
        let mut files: Vec<Layered> = defaults::files(folder)
            .into_iter()
            .map(|file| Layered {
                name: file.name.to_string(),
                path: self.built_in_path(&file.project_path()),
                bytes: Content::Built(file.bytes),
                own: false,
            })
            .collect();
        let dir = self.own_dir(folder);
        for name in self.own_names(folder) {
            let path = dir.join(&name);
            let bytes = std::fs::read(&path)
                .with_context(|| format!("failed to read {}", path.display()))?;
            let file = Layered {
                name,
                path,
                bytes: Content::Read(Arc::new(bytes)),
                own: true,
            };
            match files.iter_mut().find(|f| f.name == file.name) {
                Some(default) => *default = file,
                None => files.push(file),
            }
        }
        files.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(files)
    }

    /// The files of the project's own folder for `folder` that agendoc reads, by name.
    fn own_names(&self, folder: Folder) -> Vec<String> {
        let dir = self.own_dir(folder);
        let mut names = Vec::new();
        // An unreadable folder is reported when its files are read.
        let _ = collect_names(dir, dir, &mut names);
        names.retain(|name| folder.reads(name));
        names
    }

    /// Where a default is shown in diagnostics: `(built-in)/templates/council.typ`.
    pub fn built_in_path(&self, project_path: &str) -> PathBuf {
        self.root.join(BUILT_IN).join(project_path)
    }

    /// The locale file of `lang` (the project's, else the default), read into `sources`;
    /// `None` if there is no locale data for `lang`.
    pub fn locale_source(
        &self,
        lang: &str,
        sources: &SourceMap,
    ) -> Option<Result<Arc<SourceFile>, Diagnostic>> {
        let name = format!("{lang}.yaml");
        let own = self.locales.join(&name);
        if own.is_file() {
            return Some(sources.read(&own));
        }
        let default = defaults::get(Folder::Locales, &name)?;
        let path = self.built_in_path(&default.project_path());
        Some(Ok(sources.get(&path).unwrap_or_else(|| {
            sources.add(path, default.text().to_string())
        })))
    }

    /// The locale file of `lang` as a hint names it: the project's own, else where `agendoc
    /// eject` copies the built-in one, with the command.
    pub fn locale_to_edit(&self, lang: &str) -> String {
        let own = self.locales.join(format!("{lang}.yaml"));
        let shown = own
            .strip_prefix(&self.root)
            .unwrap_or(&own)
            .display()
            .to_string();
        if own.is_file() || defaults::get(Folder::Locales, &format!("{lang}.yaml")).is_none() {
            shown
        } else {
            format!("{shown} (`agendoc eject {shown}` copies the built-in one there)")
        }
    }

    /// The project file.
    pub fn config_file(&self) -> PathBuf {
        self.root.join(CONFIG_FILE)
    }

    /// The symbol rules of `agendoc.toml`, with every problem in the file (its languages
    /// checked too). The file is added to `sources`, so that the problems can show their line.
    pub fn settings(&self, sources: &SourceMap) -> (SymbolRules, Vec<Diagnostic>) {
        let path = self.config_file();
        if sources.get(&path).is_none() {
            sources.add(path.clone(), self.config.text.clone());
        }
        if let Some(problem) = &self.config.problem {
            return (SymbolRules::default(), vec![problem.clone()]);
        }
        let config = &self.config.raw;
        let mut problems = Vec::new();
        let available = self.available_languages();
        for lang in config.languages.iter().flatten() {
            if !available.contains(lang.get_ref()) {
                problems.push(
                    Diagnostic::new(
                        Code::UnknownLanguage,
                        format!("`{}` in `languages` has no locale data", lang.get_ref()),
                    )
                    .at(&path, lang.span())
                    .with_hint(
                        did_you_mean(lang.get_ref(), available.iter().map(String::as_str))
                            .unwrap_or_else(|| {
                                format!(
                                    "add {} (`agendoc eject locales/en.yaml` gives one to start from), or use one of: {}",
                                    self.locale_to_edit(lang.get_ref()),
                                    available.join(", ")
                                )
                            }),
                    ),
                );
            }
        }
        let mut rules = Vec::new();
        for raw in &config.symbols {
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
                name: raw.name.clone(),
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

/// Sorts language codes in ITU order, then by code.
pub fn sort_languages(languages: &mut [String]) {
    languages.sort_by_key(|lang| {
        (
            ITU_ORDER
                .iter()
                .position(|l| l == lang)
                .unwrap_or(usize::MAX),
            lang.clone(),
        )
    });
}

/// The paths of every file under `dir`, relative to `root`, with `/` separators.
pub fn collect_names(root: &Path, dir: &Path, names: &mut Vec<String>) -> std::io::Result<()> {
    if !dir.is_dir() {
        return Ok(());
    }
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect_names(root, &path, names)?;
        } else if let Ok(relative) = path.strip_prefix(root) {
            let name = relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            names.push(name);
        }
    }
    Ok(())
}

/// `agendoc.toml`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    /// The languages the project publishes in; default: every language with locale data.
    #[serde(default)]
    languages: Option<Vec<toml::Spanned<String>>>,
    /// The output folder, relative to the project; default: `output`.
    #[serde(default)]
    output: Option<PathBuf>,
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
